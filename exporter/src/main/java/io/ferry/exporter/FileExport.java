package io.ferry.exporter;

import io.ferry.exporter.sink.ExportFile;
import io.ferry.exporter.sink.Sink;
import io.ferry.exporter.sink.SinkWrite;
import io.ferry.records.Location;
import io.ferry.records.Manifest;
import io.ferry.protocol.Reason;
import io.ferry.records.SegmentPointer;
import io.ferry.protocol.Sha256;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One attempt at one manifest: skip sinks that already hold the identical file, stream the segments in file order
 * into the others while hashing, and commit them only if the digest is the expected one. If the file was streamed
 * while it was received ({@link PrefixStreams}) and the manifest starts with exactly what was streamed, the attempt
 * continues those writes and that digest after the streamed pointers; otherwise it starts from zero. Throws on sink
 * or read failures (the caller classifies and retries, then from zero); any write not committed is aborted.
 */
final class FileExport {
    private final List<Sink> sinks;
    private final PrefixStreams streams;

    FileExport(List<Sink> sinks) {
        this(sinks, PrefixStreams.disabled(sinks, Clock.systemUTC()));
    }

    FileExport(List<Sink> sinks, PrefixStreams streams) {
        this.sinks = List.copyOf(sinks);
        this.streams = streams;
    }

    ExportResult run(Manifest manifest, SegmentReader reader) {
        ExportFile file = ExportFile.of(manifest);
        // Taken first, so that a stream never outlives the export of its manifest whatever happens below.
        StreamedPrefix streamed = streams.take(manifest, file).orElse(null);
        Map<Sink, SinkWrite> writes = new LinkedHashMap<>();
        try {
            Map<Sink, Location> done = identical(file);
            if (done.size() == sinks.size()) {
                return ExportResult.alreadyPresent(manifest, file.expectedSha256(), ordered(done));
            }
            ReadStats before = reader.stats();
            for (Sink sink : sinks) {
                if (!done.containsKey(sink)) {
                    writes.put(sink, streamed != null ? streamed.writes().get(sink) : sink.begin(file));
                }
            }
            Sha256 sha256 = streamed != null
                    ? stream(manifest, reader, writes.values(), streamed.digest(), streamed.count())
                    : stream(manifest, reader, writes.values(), Sha256.newDigest(), 0);
            ReadStats read = reader.stats().minus(before);
            if (file.expectedSha256() != null && !file.expectedSha256().equals(sha256)) {
                return ExportResult.failure(manifest, Reason.CHECKSUM_MISMATCH,
                        "expected " + file.expectedSha256() + ", got " + sha256, read);
            }
            for (Map.Entry<Sink, SinkWrite> entry : writes.entrySet()) {
                done.put(entry.getKey(), commit(entry.getKey(), entry.getValue(), file, sha256));
            }
            return ExportResult.success(manifest, sha256, ordered(done), read)
                    .withStreamed(streamed == null ? 0 : streamed.bytes());
        } finally {
            writes.values().forEach(SinkWrite::abort);
            if (streamed != null) {
                streamed.writes().values().forEach(SinkWrite::abort);
            }
        }
    }

    private Map<Sink, Location> identical(ExportFile file) {
        Map<Sink, Location> done = new LinkedHashMap<>();
        if (file.expectedSha256() != null) {
            for (Sink sink : sinks) {
                sink.findIdentical(file, file.expectedSha256()).ifPresent(location -> done.put(sink, location));
            }
        }
        return done;
    }

    private static Sha256 stream(Manifest manifest, SegmentReader reader, Iterable<SinkWrite> writes,
                                 MessageDigest digest, int from) {
        List<SegmentPointer> pointers = manifest.segments();
        for (int i = from; i < pointers.size(); i++) {
            ByteBuffer bytes = reader.read(manifest.transferId(), manifest.partition(), pointers, i);
            digest.update(bytes.duplicate());
            for (SinkWrite write : writes) {
                write.write(bytes.duplicate());
            }
        }
        return Sha256.of(digest.digest());
    }

    /** Without an expected digest the identity check can only happen now; an identical file is left untouched. */
    private static Location commit(Sink sink, SinkWrite write, ExportFile file, Sha256 sha256) {
        if (file.expectedSha256() == null) {
            Optional<Location> existing = sink.findIdentical(file, sha256);
            if (existing.isPresent()) {
                write.abort();
                return existing.get();
            }
        }
        return write.commit(sha256);
    }

    private List<Location> ordered(Map<Sink, Location> done) {
        List<Location> locations = new ArrayList<>();
        for (Sink sink : sinks) {
            locations.add(done.get(sink));
        }
        return locations;
    }
}
