package io.ferry.broker;

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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker node's meters ({@code ferry_ingress_*} in Prometheus): every {@code $file…} publish by command kind and
 * the ingress's verdict, its PUBACK latency, and the node's ingress state (bytes, held and refused publishes,
 * pending bytes, responses), plus the Kafka producer's own metrics. Labels never carry client or file ids. Removes
 * its meters on {@link #close()}, so a restarted broker in the same JVM registers fresh ones.
 */
public final class IngressMetrics implements IngressObserver, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IngressMetrics.class);
    private final MeterRegistry registry;
    private final OwnedMeters meters;
    private final List<KafkaClientMetrics> kafka = new CopyOnWriteArrayList<>();
    /** Held here: Micrometer's function meters keep only a weak reference to what they read. */
    private volatile Supplier<IngressStatus> status;

    IngressMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.meters = new OwnedMeters(registry);
    }

    /** The node-state meters, read from {@code status} at every scrape. */
    void bindStatus(Supplier<IngressStatus> ingressStatus) {
        this.status = ingressStatus;
        counter("ferry.ingress.bytes", "bytes", "Payload bytes of commands written to Kafka", status,
                IngressStatus::bytes);
        counter("ferry.ingress.publishes.accepted", null, "Commands written to Kafka and PUBACKed", status,
                IngressStatus::accepted);
        counter("ferry.ingress.publishes.refused", null, "Commands answered by a stateless check (bad topic, "
                + "checksum, size, QoS)", status, IngressStatus::refused);
        counter("ferry.ingress.publishes.failed", null, "Publishes refused because Kafka did not acknowledge in "
                + "time or the node was stopping", status, IngressStatus::failed);
        counter("ferry.ingress.read.pauses", null, "Times a connection's reading was paused (publishes held by "
                + "TCP back-pressure)", status, IngressStatus::readPauses);
        counter("ferry.ingress.responses.delivered", null, "Responses this node delivered to devices", status,
                IngressStatus::responsesDelivered);
        gauge("ferry.ingress.pending", "bytes", "Payload bytes read from devices and not yet PUBACKed", status,
                IngressStatus::pendingBytes);
        gauge("ferry.ingress.waiting.kafka", null, "Publishes whose PUBACK waits for Kafka", status,
                IngressStatus::waitingForKafka);
        gauge("ferry.ingress.connected.devices", null, "Devices connected to this node", status,
                IngressStatus::connectedDevices);
        gauge("ferry.ingress.responses.pending", null, "Responses kept for devices that have not had them",
                status, IngressStatus::responsesPending);
    }

    @Override
    public void answered(String topic, String reason, long nanos) {
        String kind = IngressObserver.kindOf(topic);
        Counter commands = Counter.builder("ferry.ingress.commands")
                .description("File-transfer commands by kind and the ingress's verdict (success = in Kafka)")
                .tag("kind", kind).tag("reason", reason).register(registry);
        Timer puback = Timer.builder("ferry.ingress.puback")
                .description("From a command's arrival to its PUBACK (Kafka acknowledged, or refused)")
                .tag("kind", kind).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
        remember(commands);
        remember(puback);
        commands.increment();
        puback.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void producerStarted(Producer<?, ?> producer) {
        KafkaClientMetrics binder = new KafkaClientMetrics(producer);
        binder.bindTo(registry);
        kafka.add(binder);
    }

    private <T> void counter(String name, String unit, String help, Supplier<T> source, ToDoubleFunction<T> value) {
        remember(FunctionCounter.builder(name, source, s -> value.applyAsDouble(s.get())).baseUnit(unit)
                .description(help).register(registry));
    }

    private <T> void gauge(String name, String unit, String help, Supplier<T> source, ToDoubleFunction<T> value) {
        remember(Gauge.builder(name, source, s -> value.applyAsDouble(s.get())).baseUnit(unit).description(help)
                .register(registry));
    }

    private void remember(Meter meter) {
        meters.add(meter);
    }

    @Override
    public void close() {
        for (KafkaClientMetrics binder : kafka) {
            try {
                binder.close();
            } catch (RuntimeException e) {
                LOG.debug("closing Kafka metrics: {}", e.toString());
            }
        }
        meters.close();
    }
}
