package io.ferry.system.fuzz;

import static java.util.Objects.requireNonNull;

import io.ferry.protocol.Reason;
import java.util.EnumSet;
import java.util.Set;

/**
 * One PUBLISH of the fuzzer and what Ferry must answer.
 *
 * @param device        which of the try's devices publishes it
 * @param qos           0, 1 or 2; only 1 is processed, the others are answered {@code qos_not_supported}
 * @param allowed       the reasons the response may carry; empty means any reason Ferry knows
 * @param replyVia      how the command sets its MQTT 5 Response-Topic
 * @param spoofIdentity whether the PUBLISH carries forged {@code ferry-*} user properties the broker must strip
 */
record FuzzCommand(int device, String topic, byte[] payload, int qos, Set<Reason> allowed, ReplyVia replyVia,
                   boolean spoofIdentity) {
    /** The Response-Topic a command names: none, its own, or one that must be ignored. */
    enum ReplyVia {
        DEFAULT, OWN_TOPIC, OTHER_CLIENTS_TOPIC, COMMAND_TOPIC
    }

    FuzzCommand {
        requireNonNull(topic, "topic");
        requireNonNull(payload, "payload");
        requireNonNull(replyVia, "replyVia");
        allowed = allowed.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(allowed));
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("qos must be 0, 1 or 2: " + qos);
        }
    }

    static FuzzCommand expecting(String topic, byte[] payload, Reason first, Reason... more) {
        return new FuzzCommand(0, topic, payload, 1, EnumSet.of(first, more), ReplyVia.DEFAULT, false);
    }

    static FuzzCommand anyAnswer(String topic, byte[] payload) {
        return new FuzzCommand(0, topic, payload, 1, Set.of(), ReplyVia.DEFAULT, false);
    }

    FuzzCommand on(int newDevice) {
        return new FuzzCommand(newDevice, topic, payload, qos, allowed, replyVia, spoofIdentity);
    }

    FuzzCommand withQos(int newQos) {
        Set<Reason> reasons = newQos == 1 ? allowed : EnumSet.of(Reason.QOS_NOT_SUPPORTED);
        return new FuzzCommand(device, topic, payload, newQos, reasons, replyVia, spoofIdentity);
    }

    FuzzCommand replyingVia(ReplyVia via) {
        return new FuzzCommand(device, topic, payload, qos, allowed, via, spoofIdentity);
    }

    FuzzCommand spoofing(boolean spoof) {
        return new FuzzCommand(device, topic, payload, qos, allowed, replyVia, spoof);
    }

    boolean allows(Reason reason) {
        return allowed.isEmpty() || allowed.contains(reason);
    }

    @Override
    public String toString() {
        return "FuzzCommand[device=" + device + ", topic=" + topic + ", payload=" + payload.length + " bytes, qos="
                + qos + ", allowed=" + (allowed.isEmpty() ? "any" : allowed) + ", replyVia=" + replyVia
                + ", spoof=" + spoofIdentity + "]";
    }
}
