package io.ferry.exporter;

import io.ferry.protocol.Reason;
import io.ferry.service.OwnedMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * The exporter's meters ({@code ferry_exporter_*}): exports by outcome, their duration (a histogram), bytes
 * written, failures by cause, sink retries, read amplification (Kafka bytes received per file byte), and the Kafka
 * consumer's metrics of ferry.ready (its lag is the export backlog). Most are read from {@link ExporterStats}; the
 * per-export ones arrive through {@link ExporterStats.ExportObserver}. Removes its meters on {@link #close()}.
 */
final class ExporterMetrics implements ExporterStats.ExportObserver, AutoCloseable {
    private final MeterRegistry registry;
    private final OwnedMeters meters;
    private final Counter exportedBytes;
    private KafkaClientMetrics readyConsumer;

    ExporterMetrics(MeterRegistry registry, ExporterStats stats) {
        this.registry = registry;
        this.meters = new OwnedMeters(registry);
        this.exportedBytes = remember(Counter.builder("ferry.exporter.exported").baseUnit("bytes")
                .description("File bytes written to the sinks (files already there not counted)").register(registry));
        counter("ferry.exporter.manifests", null, "Manifests taken from ferry.ready", stats, ExporterStats::manifests);
        counter("ferry.exporter.sink.retries", null, "Export attempts repeated after a retriable sink or read "
                + "failure", stats, ExporterStats::retries);
        counter("ferry.exporter.read.kafka", "bytes", "Bytes the segment readers received from Kafka", stats,
                ExporterStats::kafkaBytesRead);
        counter("ferry.exporter.read.file", "bytes", "File bytes the segment readers produced", stats,
                ExporterStats::fileBytesRead);
        counter("ferry.exporter.skipped.records", null, "Undecodable ferry.ready records skipped", stats,
                ExporterStats::skippedRecords);
        counter("ferry.exporter.transactions", null, "Kafka transactions committed", stats,
                ExporterStats::transactions);
        remember(Gauge.builder("ferry.exporter.read.amplification", stats, ExporterStats::readAmplification)
                .description("Kafka bytes received per file byte since start (1.0 is ideal)").register(registry));
        // Present from the start, so rate() and increase() in alerts see a 0 rather than no series.
        for (String outcome : List.of("success", "already_present", "failed")) {
            remember(exports(outcome));
        }
        for (String cause : List.of("checksum_mismatch", "retries_exhausted", "fatal")) {
            remember(failures(cause));
        }
        stats.observe(this);
    }

    private Counter exports(String outcome) {
        return Counter.builder("ferry.exporter.exports").description("Exports by outcome")
                .tag("outcome", outcome).register(registry);
    }

    private Counter failures(String cause) {
        return Counter.builder("ferry.exporter.failures").description("Failed exports by cause")
                .tag("cause", cause).register(registry);
    }

    void bindConsumer(Consumer<?, ?> consumer) {
        readyConsumer = new KafkaClientMetrics(consumer);
        readyConsumer.bindTo(registry);
    }

    @Override
    public void exported(ExportResult result, long nanos) {
        String outcome = result.isSuccess() ? (result.alreadyPresent() ? "already_present" : "success") : "failed";
        exports(outcome).increment();
        remember(Timer.builder("ferry.exporter.export.duration")
                .description("One export from its start to its result, retries included")
                .tag("outcome", outcome).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(30))
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
        if (result.isSuccess() && !result.alreadyPresent()) {
            exportedBytes.increment(result.manifest().size());
        }
        if (!result.isSuccess()) {
            failures(cause(result)).increment();
        }
    }

    /** checksum_mismatch, retries_exhausted (a retriable failure outlasted the deadline), or fatal. */
    static String cause(ExportResult result) {
        if (result.reason() == Reason.CHECKSUM_MISMATCH) {
            return "checksum_mismatch";
        }
        return result.message() != null && result.message().startsWith("gave up after") ? "retries_exhausted"
                : "fatal";
    }

    private <T> void counter(String name, String unit, String help, T source, ToDoubleFunction<T> value) {
        remember(FunctionCounter.builder(name, source, value).baseUnit(unit).description(help).register(registry));
    }

    private <M extends Meter> M remember(M meter) {
        return meters.add(meter);
    }

    @Override
    public void close() {
        if (readyConsumer != null) {
            readyConsumer.close();
        }
        meters.close();
    }
}
