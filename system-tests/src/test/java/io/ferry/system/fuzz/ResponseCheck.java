package io.ferry.system.fuzz;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.protocol.FerryMqtt;
import io.ferry.protocol.Mode;
import io.ferry.protocol.Reason;
import io.ferry.system.fuzz.FuzzCommand.ReplyVia;
import io.ferry.system.fuzz.FuzzDevice.Received;
import io.ferry.system.fuzz.FuzzDevice.Sent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Matches one device's responses to what it sent, by the packet id each response echoes (QoS 0 commands carry
 * none, so those are matched by topic): exactly one well-formed response per command, with an allowed reason, on
 * the right MQTT topic with its Correlation-Data; and a PUBACK that is a success, or for a {@code $file/} (sync)
 * command the broker node refused, the response's own reason code (as EMQX does).
 */
final class ResponseCheck {
    private ResponseCheck() {
    }

    /** True once every command of the device has its PUBACK and at least one response. */
    static boolean complete(FuzzDevice device) {
        Map<Integer, Integer> counts = countByPacketId(device.received());
        for (Integer packetId : device.sent().keySet()) {
            if (!counts.containsKey(packetId) || !device.pubacks().containsKey(packetId)) {
                return false;
            }
        }
        return counts.getOrDefault(0, 0) >= device.sentQos0().size();
    }

    /** Every way the device's responses break the contract; empty when they keep it. */
    static List<String> problems(FuzzDevice device) {
        List<String> problems = new ArrayList<>(device.problems());
        Map<Integer, List<Received>> byPacketId = new HashMap<>();
        for (Received received : device.received()) {
            byPacketId.computeIfAbsent(received.json().path("packet_id").asInt(-1), id -> new ArrayList<>())
                    .add(received);
        }
        for (Map.Entry<Integer, Sent> entry : device.sent().entrySet()) {
            Sent sent = entry.getValue();
            List<Received> answers = byPacketId.getOrDefault(entry.getKey(), List.of());
            String where = device.clientId() + " packet " + entry.getKey() + " " + sent.command();
            if (answers.size() != 1) {
                problems.add(where + ": " + answers.size() + " responses " + answers);
                continue;
            }
            checkOne(device.clientId(), sent, answers.get(0), where, problems);
            checkPuback(device.pubacks().get(entry.getKey()), sent, answers.get(0), where, problems);
        }
        checkQos0(device, byPacketId.getOrDefault(0, List.of()), problems);
        return problems;
    }

    private static void checkOne(String clientId, Sent sent, Received answer, String where, List<String> problems) {
        JsonNode json = answer.json();
        String description = json.path("reason_description").asText();
        Reason reason;
        try {
            reason = Reason.fromDescription(description);
        } catch (IllegalArgumentException e) {
            problems.add(where + ": unknown reason " + json);
            return;
        }
        if (!json.path("vsn").asText().equals("0.1") || json.path("reason_code").asInt(-1) != reason.code()
                || !json.path("topic").asText().equals(sent.command().topic())) {
            problems.add(where + ": malformed response " + json);
        }
        if (!sent.command().allows(reason)) {
            problems.add(where + ": answered " + description + ", expected one of " + sent.command().allowed());
        }
        String expectedTopic = sent.command().replyVia() == ReplyVia.OWN_TOPIC
                ? FuzzDevice.ownReplyTopic(clientId) : FerryMqtt.RESPONSE_PREFIX + clientId;
        if (!answer.mqttTopic().equals(expectedTopic)) {
            problems.add(where + ": answered on " + answer.mqttTopic() + ", expected " + expectedTopic);
        }
        if (!Arrays.equals(answer.correlationData(), sent.correlationData())) {
            problems.add(where + ": correlation data " + text(answer.correlationData()) + ", expected "
                    + text(sent.correlationData()));
        }
    }

    private static void checkPuback(Integer puback, Sent sent, Received answer, String where, List<String> problems) {
        if (puback == null) {
            problems.add(where + ": no PUBACK");
            return;
        }
        if (puback < 0x80) {
            return;
        }
        int answered = answer.json().path("reason_code").asInt(-1);
        if (Mode.of(sent.command().topic()) != Mode.SYNC || puback != answered) {
            problems.add(where + ": PUBACK " + puback + " with the answer " + answer.json());
        }
    }

    private static void checkQos0(FuzzDevice device, List<Received> answers, List<String> problems) {
        Map<String, Integer> expected = new HashMap<>();
        device.sentQos0().forEach(sent -> expected.merge(sent.command().topic(), 1, Integer::sum));
        Map<String, Integer> actual = new HashMap<>();
        for (Received answer : answers) {
            actual.merge(answer.json().path("topic").asText(), 1, Integer::sum);
            if (!answer.json().path("reason_description").asText().equals(Reason.QOS_NOT_SUPPORTED.description())) {
                problems.add(device.clientId() + " QoS 0 command answered " + answer.json());
            }
        }
        if (!expected.equals(actual)) {
            problems.add(device.clientId() + " QoS 0 responses by topic " + actual + ", expected " + expected);
        }
    }

    private static Map<Integer, Integer> countByPacketId(List<Received> received) {
        Map<Integer, Integer> counts = new HashMap<>();
        received.forEach(r -> counts.merge(r.json().path("packet_id").asInt(-1), 1, Integer::sum));
        return counts;
    }

    private static String text(byte[] bytes) {
        return bytes == null ? "none" : new String(bytes, UTF_8);
    }
}
