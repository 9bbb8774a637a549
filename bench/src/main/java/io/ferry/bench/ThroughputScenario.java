package io.ferry.bench;

import io.ferry.client.FerryUploader;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * (a) Upload throughput per segment size: the same bytes in the same segment sizes, once as raw MQTT QoS 1 to a plain
 * subscriber (bytes delivered), once uploaded by Ferry's SDK from as many devices, each with one file, counted when
 * the last fin is answered (the files are exported). Ferry's ingest rate (every segment confirmed) is noted too.
 */
record ThroughputScenario(FerryStack stack, BenchOptions options, Path dataDir) {
    /** Segments in flight per upload: about 4 MiB, so a round trip through Kafka does not starve the pipe. */
    static final long WINDOW_BYTES = 4 * Sizes.MIB;

    List<Row> run() {
        List<Row> rows = new ArrayList<>();
        for (int segment : options.segmentSizes()) {
            rows.add(measure(segment));
        }
        return rows;
    }

    private Row measure(int segment) {
        int devices = options.throughputDevices();
        long total = options.throughputBytesFor(segment);
        long perDevice = total / devices;
        String metric = "upload throughput, " + Sizes.bytes(segment) + " segments";
        long rawCpu = processCpuNanos();
        RawMqtt.Result raw = RawMqtt.run(stack, devices, (int) (perDevice / segment), segment);
        rawCpu = processCpuNanos() - rawCpu;
        List<TrackedUpload> uploads = new ArrayList<>();
        for (int d = 0; d < devices; d++) {
            uploads.add(new TrackedUpload(DataFile.random(dataDir, "a-" + segment + "-" + d + ".bin", perDevice,
                    segment * 31L + d), "bench-a-" + d, "a-" + segment + "-" + d, false));
        }
        int window = (int) Math.max(8, Math.min(1024, WINDOW_BYTES / segment));
        long start;
        OptionalLong readBackBefore = stack.exporterKafkaBytes();
        long ferryCpu = processCpuNanos();
        try (Devices fleet = new Devices()) {
            List<FerryUploader> uploaders = new ArrayList<>();
            for (int d = 0; d < devices; d++) {
                uploaders.add(fleet.add(Devices.builder(stack, "bench-a-" + d, segment, window)));
            }
            fleet.connectAll(Duration.ofMinutes(1));
            start = System.nanoTime();
            List<CompletableFuture<?>> running = new ArrayList<>();
            for (int d = 0; d < devices; d++) {
                running.add(uploads.get(d).start(uploaders.get(d)));
            }
            awaitAll(running, Duration.ofMinutes(30));
        }
        ferryCpu = processCpuNanos() - ferryCpu;
        String rework = rework(uploads, readBackBefore, stack.exporterKafkaBytes());
        long exact = uploads.stream().filter(u -> u.succeeded() && Landing.exact(stack, u)).count();
        long done = uploads.stream().mapToLong(TrackedUpload::doneAt).max().orElse(start) - start;
        long ingested = uploads.stream().mapToLong(TrackedUpload::ingestedAt).max().orElse(start) - start;
        uploads.forEach(u -> u.file().delete());
        if (exact != devices) {
            return Row.failed("a", metric, Target.ratioAtLeast(0.8), (devices - exact) + " of " + devices
                    + " uploads failed or differ: " + firstError(uploads));
        }
        double ferry = Sizes.mbPerSecond(total, done);
        String note = String.format(Locale.ROOT, "%s over %d devices (window %d); Ferry ingest (all segments "
                        + "confirmed) %.1f MB/s, then fin -> exported; raw: %.0f%% of PUBACKed bytes delivered, PUBACKs "
                        + "at %.1f MB/s; CPU per MB in this JVM%s: Ferry %.0f ms, raw %.0f ms; %s", Sizes.bytes(total),
                devices, window, Sizes.mbPerSecond(total, ingested), raw.deliveredShare() * 100, raw.pubackedMBps(),
                stack instanceof InProcessStack ? " (devices, broker, Kafka, services)" : " (devices only)",
                ferryCpu / 1e6 / (total / 1e6), rawCpu / 1e6 / (Math.max(1, raw.delivered()) / 1e6), rework);
        return Row.measured("a", metric, ferry, raw.deliveredMBps(), "MB/s", Target.ratioAtLeast(0.8),
                "raw MQTT QoS 1", note);
    }

    /**
     * Work done twice, which makes a run slow for reasons of its own: bytes the devices resent, and segment bytes the
     * exporter's workers read back from Kafka (0 when every stream kept up; a restarted stream re-reads its prefix).
     */
    private static String rework(List<TrackedUpload> uploads, OptionalLong readBackBefore, OptionalLong readBackAfter) {
        long resent = uploads.stream().mapToLong(TrackedUpload::bytesResent).sum();
        String readBack = readBackBefore.isPresent() && readBackAfter.isPresent()
                ? Sizes.bytes(readBackAfter.getAsLong() - readBackBefore.getAsLong()) : "not observable";
        return "devices resent " + Sizes.bytes(resent) + ", exporter read back " + readBack;
    }

    /** CPU time of this JVM: with the in-process stack, devices, broker, Kafka and every service together. */
    static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    static void awaitAll(List<CompletableFuture<?>> running, Duration timeout) {
        try {
            CompletableFuture.allOf(running.toArray(CompletableFuture[]::new))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | CompletionException e) {
            // individual failures are read from each upload
        } catch (TimeoutException e) {
            // unfinished uploads count as failed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String firstError(List<TrackedUpload> uploads) {
        return uploads.stream().filter(u -> u.error() != null).map(u -> u.error().toString()).findFirst()
                .orElse("no error reported (content differs or not finished)");
    }
}
