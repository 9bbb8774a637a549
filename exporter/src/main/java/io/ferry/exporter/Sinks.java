package io.ferry.exporter;

import io.ferry.exporter.sink.Sink;
import io.ferry.exporter.sink.local.LocalSink;
import io.ferry.exporter.sink.s3.S3Sink;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Builds the configured sinks, named by type ({@code local}, {@code s3}) in {@code Location.sink()}. */
final class Sinks {
    private Sinks() {
    }

    static List<Sink> create(ExporterConfig config, Clock clock) {
        List<Sink> sinks = new ArrayList<>();
        for (String type : config.sinks()) {
            sinks.add(switch (type) {
                case ExporterConfig.LOCAL -> new LocalSink(type, config.localRoot(), clock);
                case ExporterConfig.S3 -> S3Sink.create(type, config.s3());
                default -> throw new IllegalArgumentException("unknown sink " + type);
            });
        }
        return sinks;
    }
}
