package io.ferry.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.exporter.sink.Sink;
import io.ferry.exporter.sink.local.LocalSink;
import io.ferry.protocol.Abort;
import io.ferry.records.CommandRecord;
import io.ferry.protocol.FileMeta;
import io.ferry.protocol.Fin;
import io.ferry.protocol.Init;
import io.ferry.records.Location;
import io.ferry.records.Manifest;
import io.ferry.protocol.ReplyTo;
import io.ferry.protocol.Segment;
import io.ferry.records.SegmentPointer;
import io.ferry.protocol.Sha256;
import io.ferry.records.TransferId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.statistics.Statistics;

/**
 * The streamed export (a stream fed with the command log as it arrived, maybe only partly, then the manifest) and
 * the export after fin (the manifest alone) give the same result and the same files, byte for byte, for random
 * segment orders, duplicates, overlaps, re-sends with different bytes, aborts with a new upload, a declared size
 * that differs from the fin's, any coverage chain the assembler may pick, and right, wrong or missing checksums.
 */
class StreamedExportProperties {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-03T10:00:00Z"), ZoneOffset.UTC);
    private static final TransferId ID = new TransferId("dev-1", "file-1");

    @Property(tries = 300)
    void shouldGiveSameResultStreamedAsAfterFin(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 2) long seed,
                                                 @ForAll @IntRange(min = 1, max = 3000) int size) throws IOException {
        Random random = new Random(seed);
        Scenario scenario = Scenario.random(random, size);
        Path base = Files.createTempDirectory("streamed-props");
        try {
            Outcome afterFin = export(base.resolve("after-fin"), scenario, -1);
            int fed = random.nextInt(4) == 0 ? random.nextInt(scenario.log.records().size() + 1)
                    : scenario.log.records().size();
            Outcome streamed = export(base.resolve("streamed"), scenario, fed);
            Statistics.collect(streamed.handedOver ? "stream used" : "after fin");
            assertThat(streamed.reason).isEqualTo(afterFin.reason);
            assertThat(streamed.sha256).isEqualTo(afterFin.sha256);
            assertThat(streamed.message).isEqualTo(afterFin.message);
            assertThat(streamed.keys).isEqualTo(afterFin.keys);
            assertThat(streamed.files.keySet()).isEqualTo(afterFin.files.keySet());
            afterFin.files.forEach((name, bytes) -> assertThat(streamed.files.get(name)).as(name).isEqualTo(bytes));
            assertThat(streamed.temporaries).isZero();
            assertThat(afterFin.temporaries).isZero();
        } finally {
            deleteTree(base);
        }
    }

    /** {@code fed} < 0: no streaming at all. */
    private static Outcome export(Path root, Scenario scenario, int fed) {
        LocalSink sink = new LocalSink("local", root, CLOCK);
        List<Sink> sinks = List.of(sink);
        StreamConfig config = new StreamConfig(true, 0, 8, Duration.ofMinutes(1), 700);
        PrefixStreams streams = fed < 0 ? PrefixStreams.disabled(sinks, CLOCK) : new PrefixStreams(sinks, config, CLOCK);
        scenario.log.feed(streams, Math.max(fed, 0));
        ExportResult result = new FileExport(sinks, streams).run(scenario.manifest, scenario.log);
        streams.close();
        Outcome outcome = new Outcome(result, streams.handedOver() > 0, root);
        sink.close();
        return outcome;
    }

    private static final class Outcome {
        final Object reason;
        final Sha256 sha256;
        final String message;
        final List<String> keys = new ArrayList<>();
        final Map<String, byte[]> files = new TreeMap<>();
        final long temporaries;
        final boolean handedOver;

        Outcome(ExportResult result, boolean handedOver, Path root) {
            this.reason = result.reason();
            this.sha256 = result.sha256();
            this.message = result.message();
            this.handedOver = handedOver;
            for (Location location : result.locations()) {
                keys.add(location.sink() + " " + location.uri().substring(location.uri().indexOf("dev-1")));
            }
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path path : paths.filter(Files::isRegularFile).toList()) {
                    String name = root.relativize(path).toString();
                    if (!name.startsWith(LocalSink.TEMP_DIR)) {
                        files.put(name, Files.readAllBytes(path));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try (Stream<Path> temps = Files.list(root.resolve(LocalSink.TEMP_DIR))) {
                this.temporaries = temps.count();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A command log of one transfer (maybe aborted and started again) and a manifest the assembler could write. */
    private record Scenario(MemoryLog log, Manifest manifest) {
        static Scenario random(Random random, int size) {
            byte[] content = bytes(random, size);
            MemoryLog log = new MemoryLog();
            if (random.nextInt(4) == 0) {
                // An earlier upload of the same file id with other bytes, aborted.
                log.append(command(new Init(ID.fileId(), meta(size, null))));
                sendSegments(random, log, bytes(random, size), random.nextInt(3));
                log.append(command(new Abort(ID.fileId())));
            }
            long declared = switch (random.nextInt(6)) {
                case 0 -> size + 1 + random.nextInt(10);
                case 1 -> Math.max(0, size - 1 - random.nextInt(10));
                default -> size;
            };
            Sha256 initChecksum = random.nextInt(4) == 0 ? Sha256.digest(content) : null;
            FileMeta meta = random.nextInt(8) == 0 ? FileMeta.named("f.bin") : meta(declared, initChecksum);
            long first = log.append(command(new Init(ID.fileId(), meta)));
            if (random.nextInt(5) == 0) {
                log.append(command(new Init(ID.fileId(), meta))); // a re-sent init
            }
            sendSegments(random, log, content, 1 + random.nextInt(3));
            log.append(command(new Fin(ID.fileId(), size, null)));
            List<SegmentPointer> chain = chain(random, log, first, size);
            Sha256 expected = switch (random.nextInt(4)) {
                case 0 -> null;
                case 1 -> Sha256.digest(bytes(random, 8));
                default -> Sha256.digest(chainBytes(log, chain, size));
            };
            return new Scenario(log, new Manifest(ID, first, meta, size, expected, 0, chain,
                    List.of(reply("fin")), 1));
        }

        /** {@code copies} full coverings in random pieces, shuffled, with stray overlaps and corrupted re-sends. */
        private static void sendSegments(Random random, MemoryLog log, byte[] content, int copies) {
            List<Segment> segments = new ArrayList<>();
            for (int copy = 0; copy < copies; copy++) {
                int at = 0;
                while (at < content.length) {
                    int length = Math.min(content.length - at, 1 + random.nextInt(400));
                    segments.add(segment(at, Arrays.copyOfRange(content, at, at + length)));
                    at += length;
                }
            }
            for (int extra = random.nextInt(4); extra > 0; extra--) {
                int from = random.nextInt(content.length);
                int to = Math.min(content.length, from + 1 + random.nextInt(500));
                byte[] piece = Arrays.copyOfRange(content, from, to);
                if (random.nextBoolean()) {
                    piece[random.nextInt(piece.length)] ^= 0x5A; // a re-send with different bytes
                }
                segments.add(segment(from, piece));
            }
            if (random.nextInt(3) > 0) {
                // Mostly in order, as one broker node keeps a device's order; sometimes swap a few.
                for (int swaps = segments.isEmpty() ? 0 : random.nextInt(3); swaps > 0; swaps--) {
                    java.util.Collections.swap(segments, random.nextInt(segments.size()),
                            random.nextInt(segments.size()));
                }
            } else {
                java.util.Collections.shuffle(segments, random);
            }
            segments.forEach(segment -> log.append(command(segment)));
        }

        /** At each position a random record of this upload covering it; usually the earliest, like first-wins. */
        private static List<SegmentPointer> chain(Random random, MemoryLog log, long first, int size) {
            List<SegmentPointer> chain = new ArrayList<>();
            long at = 0;
            while (at < size) {
                List<Long> covering = new ArrayList<>();
                for (int k = (int) first; k < log.records().size(); k++) {
                    if (log.records().get(k).command() instanceof Segment s && s.offset() <= at && at < s.end()) {
                        covering.add((long) k);
                    }
                }
                long k = random.nextInt(3) > 0 ? covering.get(0) : covering.get(random.nextInt(covering.size()));
                Segment segment = (Segment) log.records().get((int) k).command();
                int length = (int) (Math.min(segment.end(), size) - at);
                chain.add(new SegmentPointer(k, at, length));
                at += length;
            }
            return chain;
        }

        private static byte[] chainBytes(MemoryLog log, List<SegmentPointer> chain, int size) {
            byte[] out = new byte[size];
            for (int i = 0; i < chain.size(); i++) {
                log.read(ID, 0, chain, i).get(out, (int) chain.get(i).fileOffset(), chain.get(i).length());
            }
            return out;
        }
    }

    private static FileMeta meta(long size, Sha256 checksum) {
        return new FileMeta("f.bin", size, checksum, null, null, null);
    }

    private static Segment segment(long offset, byte[] payload) {
        return Segment.of(ID.fileId(), offset, null, payload);
    }

    private static CommandRecord command(io.ferry.protocol.Command command) {
        return CommandRecord.of(reply(command.kind().name()), 1, command);
    }

    private static ReplyTo reply(String what) {
        return new ReplyTo(ID.clientId(), "$file/" + ID.fileId() + "/" + what, 1, null, null);
    }

    private static byte[] bytes(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
