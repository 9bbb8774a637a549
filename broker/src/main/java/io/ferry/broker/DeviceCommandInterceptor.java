package io.ferry.broker;

import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.packets.general.ModifiableUserProperties;
import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.packets.publish.ModifiablePublishPacket;
import io.ferry.protocol.FerryMqtt;
import io.ferry.protocol.Mode;
import io.ferry.protocol.Reason;
import io.ferry.protocol.ReplyTo;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every {@code $file…} publish of a device: stamps the verified clientId (replacing any copy the device sent), its
 * QoS and packet id as user properties, keeps the topic exactly as sent, and passes the command through the
 * {@link IngressGate}. QoS 0 and 2 commands are answered {@code qos_not_supported} here and not routed, and so are
 * the bare roots {@code $file} and {@code $file-async} ({@code invalid_file_command}).
 */
final class DeviceCommandInterceptor implements PublishInboundInterceptor {
    /** HiveMQ's "no expiry" message expiry interval (its default maximum). */
    static final long NO_EXPIRY = 4_294_967_296L;
    /** HiveMQ's own fallback only fires if our scheduler failed to end the hold first. */
    private static final Duration FALLBACK_MARGIN = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(DeviceCommandInterceptor.class);

    private final IngressGate gate;
    private final ResponsePublisher responses;
    private final Duration asyncTimeout;

    DeviceCommandInterceptor(IngressGate gate, ResponsePublisher responses, Duration holdTimeout) {
        this.gate = gate;
        this.responses = responses;
        this.asyncTimeout = holdTimeout.plus(FALLBACK_MARGIN);
    }

    @Override
    public void onInboundPublish(PublishInboundInput input, PublishInboundOutput output) {
        ModifiablePublishPacket packet = output.getPublishPacket();
        Mode mode = Mode.of(packet.getTopic());
        if (mode == null) {
            if (AccessRules.isBareCommandRoot(packet.getTopic())) {
                // Routed, it would reach the bridges without a verified clientId (and with any forged one).
                String clientId = input.getClientInformation().getClientId();
                responses.answer(replyTo(clientId, packet), packet.getQos() == Qos.AT_LEAST_ONCE
                        ? Reason.INVALID_FILE_COMMAND : Reason.QOS_NOT_SUPPORTED);
                output.preventPublishDelivery();
            }
            return;
        }
        String clientId = input.getClientInformation().getClientId();
        if (packet.getQos() != Qos.AT_LEAST_ONCE) {
            responses.answer(replyTo(clientId, packet), Reason.QOS_NOT_SUPPORTED);
            output.preventPublishDelivery();
            return;
        }
        try {
            stamp(packet, clientId);
        } catch (RuntimeException e) {
            // An exception escaping an interceptor makes HiveMQ drop the publish with a *success* PUBACK.
            LOG.error("Cannot stamp command clientId={} topic={}", clientId, packet.getTopic(), e);
            output.preventPublishDelivery(AckReasonCode.UNSPECIFIED_ERROR, "Ferry broker error");
            return;
        }
        int bytes = packet.getPayload().map(ByteBuffer::remaining).orElse(0);
        gate.admitOrHold(clientId, mode, bytes, () -> hold(output));
    }

    static void stamp(ModifiablePublishPacket packet, String clientId) {
        ModifiableUserProperties properties = packet.getUserProperties();
        properties.removeName(FerryMqtt.CLIENT_ID_PROPERTY);
        properties.removeName(FerryMqtt.QOS_PROPERTY);
        properties.removeName(FerryMqtt.PACKET_ID_PROPERTY);
        properties.addUserProperty(FerryMqtt.CLIENT_ID_PROPERTY, clientId);
        properties.addUserProperty(FerryMqtt.QOS_PROPERTY, Integer.toString(packet.getQos().getQosNumber()));
        properties.addUserProperty(FerryMqtt.PACKET_ID_PROPERTY, Integer.toString(packet.getPacketId()));
        // A retained command would be replayed to every new bridge subscription; an expiring one could vanish
        // from a queue after its PUBACK.
        packet.setRetain(false);
        if (packet.getMessageExpiryInterval().isPresent()) {
            packet.setMessageExpiryInterval(NO_EXPIRY);
        }
    }

    static ReplyTo replyTo(String clientId, ModifiablePublishPacket packet) {
        byte[] correlation = packet.getCorrelationData().map(buffer -> {
            ByteBuffer copy = buffer.duplicate();
            byte[] bytes = new byte[copy.remaining()];
            copy.get(bytes);
            return bytes;
        }).orElse(null);
        return new ReplyTo(clientId, packet.getTopic(), packet.getPacketId(),
                packet.getResponseTopic().orElse(null), correlation);
    }

    private HeldPublish hold(PublishInboundOutput output) {
        // FAILURE with an explicit error code: the two-argument async() falls back to a *success* PUBACK.
        Async<PublishInboundOutput> async = output.async(asyncTimeout, TimeoutFallback.FAILURE,
                AckReasonCode.QUOTA_EXCEEDED, "Ferry ingress hold timed out");
        return new HeldPublish() {
            @Override
            public void admit() {
                async.resume();
            }

            @Override
            public void fail(String reason) {
                output.preventPublishDelivery(AckReasonCode.QUOTA_EXCEEDED, reason);
                async.resume();
            }
        };
    }
}
