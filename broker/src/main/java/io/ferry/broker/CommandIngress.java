package io.ferry.broker;

import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.packets.general.MqttVersion;
import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.packets.publish.PublishPacket;
import io.ferry.protocol.FerryMqtt;
import io.ferry.records.CommandRecord;
import io.ferry.protocol.Mode;
import io.ferry.protocol.Reason;
import io.ferry.protocol.ReplyTo;
import io.ferry.records.ResponseRecord;
import io.ferry.protocol.Segment;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ferry's ingress: every {@code $file…} publish of a device is validated here and written to Kafka by this broker
 * node, and its PUBACK goes out only once Kafka acknowledged every record of it (acks=all). A command never travels
 * through a HiveMQ queue and is never delivered to any subscriber.
 *
 * <p>PUBACK: success once the command (or the stateless answer to it) is in Kafka. A {@code $file/} (sync) command
 * refused by a stateless check gets the EMQX reason code in its MQTT 5 PUBACK (0x80, or 0x97 for a quota), an
 * MQTT 3.1.1 device a success PUBACK (it has no other); both get the response message. If Kafka does not acknowledge
 * within {@link IngressLimits#kafkaTimeout()}, or the node stops first, the publish fails visibly: MQTT 5 PUBACK 0x97,
 * MQTT 3.1.1 a disconnect, and a direct {@code quota_exceeded} response where the device can still get it.
 */
final class CommandIngress implements PublishInboundInterceptor, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CommandIngress.class);
    /** HiveMQ's own timeout only fires if Kafka's delivery timeout failed to end the wait first. */
    private static final Duration FALLBACK_MARGIN = Duration.ofSeconds(10);

    private final CommandMapper mapper;
    private final CommandProducer producer;
    private final ResponsePublisher direct;
    private final Clock clock;
    private final Duration asyncTimeout;
    private final IngressObserver observer;
    private final Set<InFlight> inFlight = ConcurrentHashMap.newKeySet();
    private final IngressCounters counters = new IngressCounters();
    private final Predicate<String> bytesExhausted;
    private volatile boolean closed;

    /** One publish waiting for Kafka; finished exactly once, by Kafka's answer or by {@link #close()}. */
    private static final class InFlight {
        final PublishInboundOutput output;
        final Async<PublishInboundOutput> async;
        final AtomicBoolean done = new AtomicBoolean();

        InFlight(PublishInboundOutput output, Async<PublishInboundOutput> async) {
            this.output = output;
            this.async = async;
        }
    }

    CommandIngress(IngressLimits limits, CommandProducer producer, ResponsePublisher direct, Clock clock) {
        this(limits, producer, direct, clock, clientId -> false, IngressObserver.NONE);
    }

    /** @param bytesExhausted whether a client's unexported bytes reach its quota ({@link ClientUsageView}) */
    CommandIngress(IngressLimits limits, CommandProducer producer, ResponsePublisher direct, Clock clock,
                   Predicate<String> bytesExhausted, IngressObserver observer) {
        this.bytesExhausted = bytesExhausted;
        this.observer = observer;
        this.mapper = new CommandMapper(limits);
        this.producer = producer;
        this.direct = direct;
        this.clock = clock;
        this.asyncTimeout = limits.kafkaTimeout().plus(FALLBACK_MARGIN);
    }

    @Override
    public void onInboundPublish(PublishInboundInput input, PublishInboundOutput output) {
        long arrived = System.nanoTime();
        PublishPacket packet = input.getPublishPacket();
        String topic = packet.getTopic();
        Mode mode = Mode.of(topic);
        if (mode == null && !FerryMqtt.isBareCommandRoot(topic)) {
            return;
        }
        String clientId = input.getClientInformation().getClientId();
        if (mode == null || packet.getQos() != Qos.AT_LEAST_ONCE) {
            // The bare roots are no command; QoS 0 has no PUBACK to hold and QoS 2 is not part of the protocol.
            counters.refused.incrementAndGet();
            Reason reason = mode != null || packet.getQos() != Qos.AT_LEAST_ONCE
                    ? Reason.QOS_NOT_SUPPORTED : Reason.INVALID_FILE_COMMAND;
            direct.answer(Incoming.replyTo(clientId, packet), reason);
            output.preventPublishDelivery();
            observer.answered(topic, reason.description(), System.nanoTime() - arrived);
            return;
        }
        Incoming incoming = Incoming.from(clientId, packet);
        boolean mqtt5 = input.getConnectionInformation().getMqttVersion() == MqttVersion.V_5;
        if (closed) {
            refuse(output, mqtt5, incoming.replyTo(), "Ferry broker is stopping");
            observer.answered(topic, "stopping", System.nanoTime() - arrived);
            return;
        }
        Async<PublishInboundOutput> async = output.async(asyncTimeout, TimeoutFallback.FAILURE,
                AckReasonCode.QUOTA_EXCEEDED, "Ferry ingress timed out waiting for Kafka");
        InFlight waiting = new InFlight(output, async);
        inFlight.add(waiting);
        CompletableFuture<Reason> written;
        try {
            written = write(withinQuota(mapper.map(incoming, clock.millis())));
        } catch (RuntimeException | LinkageError | java.util.ServiceConfigurationError e) {
            // A bug, not bad input: anything escaping an interceptor would make HiveMQ answer a *success* PUBACK.
            LOG.error("Ingress failed clientId={} topic={}", clientId, topic, e);
            written = CompletableFuture.failedFuture(e);
        }
        written.whenComplete((rejected, error) -> {
            observer.answered(topic, error != null ? "kafka_unavailable"
                    : rejected != null ? rejected.description() : Reason.SUCCESS.description(),
                    System.nanoTime() - arrived);
            if (error != null) {
                LOG.warn("Kafka did not take command clientId={} topic={}: {}", clientId, topic, error.toString());
                finish(waiting, () -> refuse(waiting.output, mqtt5, incoming.replyTo(),
                        "Kafka did not acknowledge the command; retry later"));
            } else if (rejected != null) {
                counters.refused.incrementAndGet();
                LOG.info("Refused command clientId={} topic={} reason={}", clientId, topic, rejected.description());
                finish(waiting, () -> {
                    if (mqtt5 && mode == Mode.SYNC) {
                        waiting.output.preventPublishDelivery(ackCode(rejected), rejected.description());
                    } else {
                        waiting.output.preventPublishDelivery();
                    }
                });
            } else {
                counters.accepted.incrementAndGet();
                counters.bytes.addAndGet(incoming.length());
                finish(waiting, waiting.output::preventPublishDelivery);
            }
        });
    }

    /**
     * A segment of a client whose unexported bytes already reach the assembler's quota would be refused there: it is
     * answered {@code quota_exceeded} here instead, and never written to ferry.commands (issue 15 item 10).
     */
    private Outcome withinQuota(Outcome outcome) {
        if (outcome instanceof Outcome.Forward forward) {
            CommandRecord first = forward.records().get(0);
            if (first.command() instanceof Segment && bytesExhausted.test(first.replyTo().clientId())) {
                return new Outcome.Reject(ResponseRecord.of(first.replyTo(), Reason.QUOTA_EXCEEDED));
            }
        }
        return outcome;
    }

    /**
     * Writes the command, or the answer to a refused one; completes with the refusal reason (null when accepted)
     * once Kafka has it.
     */
    private CompletableFuture<Reason> write(Outcome outcome) {
        if (outcome instanceof Outcome.Forward forward) {
            List<CommandRecord> records = forward.records();
            return producer.sendCommands(records).<Reason>thenApply(done -> null).exceptionallyCompose(error -> {
                Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                if (cause instanceof CommandProducer.UnencodableCommandException) {
                    ReplyTo replyTo = records.get(0).replyTo();
                    return producer.sendResponse(ResponseRecord.of(replyTo, Reason.INVALID_FILEMETA))
                            .thenApply(done -> Reason.INVALID_FILEMETA);
                }
                return CompletableFuture.failedFuture(cause);
            });
        }
        ResponseRecord response = ((Outcome.Reject) outcome).response();
        return producer.sendResponse(response).thenApply(done -> Reason.fromDescription(
                response.response().reasonDescription()));
    }

    private void finish(InFlight waiting, Runnable decide) {
        if (!waiting.done.compareAndSet(false, true)) {
            return;
        }
        inFlight.remove(waiting);
        try {
            decide.run();
        } catch (RuntimeException e) {
            // HiveMQ already gave up on this publish (its own timeout failed it); nothing to decide any more.
            LOG.debug("Publish already ended: {}", e.toString());
        } finally {
            waiting.async.resume();
        }
    }

    private void refuse(PublishInboundOutput output, boolean mqtt5, ReplyTo replyTo, String why) {
        counters.failed.incrementAndGet();
        if (mqtt5) {
            direct.answer(replyTo, Reason.QUOTA_EXCEEDED);
        }
        // MQTT 3.1.1 has no negative PUBACK: HiveMQ disconnects the device, which then resends the command.
        output.preventPublishDelivery(AckReasonCode.QUOTA_EXCEEDED, why);
    }

    static AckReasonCode ackCode(Reason reason) {
        return switch (reason.code()) {
            case 0x00 -> AckReasonCode.SUCCESS;
            case 0x97 -> AckReasonCode.QUOTA_EXCEEDED;
            case 0x83 -> AckReasonCode.IMPLEMENTATION_SPECIFIC_ERROR;
            default -> AckReasonCode.UNSPECIFIED_ERROR;
        };
    }

    IngressCounters counters() {
        return counters;
    }

    int inFlight() {
        return inFlight.size();
    }

    /** Fails every publish still waiting for Kafka: none of them may get a success PUBACK now. */
    @Override
    public void close() {
        closed = true;
        for (InFlight waiting : List.copyOf(inFlight)) {
            finish(waiting, () -> {
                counters.failed.incrementAndGet();
                waiting.output.preventPublishDelivery(AckReasonCode.QUOTA_EXCEEDED, "Ferry broker is stopping");
            });
        }
    }

    /** Since start: commands in Kafka, refused by a stateless check, failed (Kafka or shutdown); payload bytes. */
    static final class IngressCounters {
        final AtomicLong accepted = new AtomicLong();
        final AtomicLong refused = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
    }
}
