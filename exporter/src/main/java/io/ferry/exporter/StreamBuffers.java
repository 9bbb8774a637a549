package io.ferry.exporter;

import io.ferry.exporter.sink.ExportFile;
import io.ferry.exporter.sink.Sink;
import io.ferry.exporter.sink.s3.PartSizing;
import io.ferry.exporter.sink.s3.S3Sink;
import io.ferry.exporter.sink.s3.S3SinkConfig;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The heap a stream of a file may hold in the sinks' buffers: an S3 sink holds up to {@code part.buffers} parts of
 * {@link PartSizing#partSize} (the part size grows with the declared size above ~72 GiB), or the whole file below
 * the multipart threshold; a local sink writes straight to its file and holds nothing.
 */
final class StreamBuffers {
    private StreamBuffers() {
    }

    static ToLongFunction<ExportFile> of(List<Sink> sinks) {
        List<S3SinkConfig> s3 = sinks.stream().filter(S3Sink.class::isInstance).map(s -> ((S3Sink) s).config())
                .toList();
        return file -> s3.stream().mapToLong(config -> bytes(config, file.size())).sum();
    }

    static long bytes(S3SinkConfig config, long size) {
        if (size > PartSizing.MAX_OBJECT_SIZE) {
            return Long.MAX_VALUE; // never streamed; the export after fin reports it
        }
        if (size < config.multipartThreshold()) {
            return size;
        }
        return config.partBuffers() * PartSizing.partSize(size, config.minPartSize());
    }
}
