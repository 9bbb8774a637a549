package io.ferry.assembler;

import io.ferry.protocol.Reason;
import io.ferry.records.TransferEvent;
import io.ferry.service.OwnedMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Locale;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The assembler's meters ({@code ferry_assembler_*}): the transfer events it publishes to ferry.events by type and
 * reason (started, aborted, expired, and failed before export; completions and export failures are the exporter's,
 * {@code ferry_exporter_exports_total}), responses by reason, manifests handed to the exporter, whether the instance
 * is RUNNING, and Kafka Streams' own metrics. Counted as records are processed: a task that is retried after a crash
 * may count a record twice (Kafka's exactly-once covers the topics, not these counters).
 */
final class AssemblerMetrics implements AutoCloseable {
    /** For the topology built without a registry (tests): counts into a registry nobody reads. */
    static AssemblerMetrics none() {
        return new AssemblerMetrics(new SimpleMeterRegistry());
    }

    private final MeterRegistry registry;
    private final OwnedMeters meters;
    private final Counter manifests;
    private KafkaStreamsMetrics streams;

    AssemblerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.meters = new OwnedMeters(registry);
        this.manifests = remember(Counter.builder("ferry.assembler.manifests")
                .description("Complete files handed to the exporter (ferry.ready)").register(registry));
    }

    void bind(KafkaStreams kafkaStreams) {
        remember(Gauge.builder("ferry.assembler.running", kafkaStreams,
                s -> s.state() == KafkaStreams.State.RUNNING ? 1 : 0)
                .description("1 while the Kafka Streams instance is RUNNING").register(registry));
        streams = new KafkaStreamsMetrics(kafkaStreams);
        streams.bindTo(registry);
    }

    void event(TransferEvent.Type type, Reason reason) {
        remember(Counter.builder("ferry.assembler.transfers")
                .description("Transfer events (ferry.events) by type and reason")
                .tag("event", type.name().toLowerCase(Locale.ROOT))
                .tag("reason", reason == null ? "none" : reason.description())
                .register(registry)).increment();
    }

    void response(Reason reason) {
        remember(Counter.builder("ferry.assembler.responses")
                .description("Responses to devices by reason").tag("reason", reason.description())
                .register(registry)).increment();
    }

    void manifest() {
        manifests.increment();
    }

    private <M extends Meter> M remember(M meter) {
        return meters.add(meter);
    }

    @Override
    public void close() {
        if (streams != null) {
            streams.close();
        }
        meters.close();
    }
}
