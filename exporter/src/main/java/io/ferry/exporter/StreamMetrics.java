package io.ferry.exporter;

import io.ferry.service.OwnedMeters;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The meters of export while receiving ({@code ferry_exporter_stream_*}, docs/operations.md "Metrics"), read from
 * {@link PrefixStreams} and its {@link StreamStats}: streams open and the buffers they reserved, streams opened,
 * file bytes streamed, how streams ended (taken over by the export at fin, or restarted from zero for one of the
 * other reasons) and uploads that were not streamed. Removes its meters on {@link #close()}.
 */
final class StreamMetrics implements AutoCloseable {
    private final OwnedMeters meters;

    StreamMetrics(MeterRegistry registry, PrefixStreams streams) {
        this.meters = new OwnedMeters(registry);
        StreamStats stats = streams.stats();
        meters.add(Gauge.builder("ferry.exporter.stream.active", streams, PrefixStreams::open)
                .description("Uploads being streamed into the sinks now").register(registry));
        meters.add(Gauge.builder("ferry.exporter.stream.buffer.reserved", streams,
                PrefixStreams::reservedBufferBytes).baseUnit("bytes")
                .description("Sink part buffers the open streams may hold (ferry.exporter.stream.max.buffer.bytes)")
                .register(registry));
        meters.add(FunctionCounter.builder("ferry.exporter.stream.opened", stats, StreamStats::openedCount)
                .description("Streams opened").register(registry));
        meters.add(FunctionCounter.builder("ferry.exporter.stream.streamed", stats, StreamStats::streamedBytes)
                .baseUnit("bytes").description("File bytes written into the sinks while uploads were received")
                .register(registry));
        meters.add(FunctionCounter.builder("ferry.exporter.stream.taken.over", stats, StreamStats::takenOverBytes)
                .baseUnit("bytes").description("Streamed bytes an export continued from instead of reading them back")
                .register(registry));
        for (StreamStats.End end : StreamStats.End.values()) {
            meters.add(FunctionCounter.builder("ferry.exporter.stream.ended", stats, s -> s.ends(end))
                    .tag("reason", end.tag()).description("Streams ended, by reason (taken_over: continued by the"
                            + " export at fin; every other reason means the export starts from zero)")
                    .register(registry));
        }
        for (StreamStats.Refusal refusal : StreamStats.Refusal.values()) {
            meters.add(FunctionCounter.builder("ferry.exporter.stream.refused", stats, s -> s.refusals(refusal))
                    .tag("reason", refusal.tag()).description("Uploads large enough to stream that exported after"
                            + " fin instead (full: no slot or buffers free; sink: a sink refused the write)")
                    .register(registry));
        }
    }

    @Override
    public void close() {
        meters.close();
    }
}
