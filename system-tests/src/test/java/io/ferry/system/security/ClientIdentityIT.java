package io.ferry.system.security;

import static io.ferry.system.security.SecuredFerry.upload;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.protocol.FerryMqtt;
import io.ferry.protocol.Sha256;
import io.ferry.system.Device;
import io.ferry.testing.ForgedProperties;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/protocol.md §1 on the real stack: a transfer belongs to the clientId the broker verified. Mallory (an anonymous
 * device, as Ferry allows by default) tries every way to act as Alice or read her answers.
 */
class ClientIdentityIT {
    private static final String PROBE_ROOT = "probe/";
    private static SecuredFerry ferry;

    @BeforeAll
    static void start() throws Exception {
        ferry = SecuredFerry.start(Map.of());
    }

    @AfterAll
    static void stop() {
        if (ferry != null) {
            ferry.close();
        }
    }

    @Test
    void shouldFileUploadUnderPublisherWhenPropertyTopicAndPayloadNameAnotherClient() throws Exception {
        String alice = unique("alice");
        String mallory = unique("mallory");
        byte[] data = bytes(5_000, 1);
        try (Device victim = Device.connect(ferry.mqttUri(), alice);
             Device attacker = Device.connect(ferry.mqttUri(), mallory)) {
            MqttProperties spoof = new MqttProperties();
            spoof.setUserProperties(List.of(new UserProperty(ForgedProperties.CLIENT_ID, alice),
                    new UserProperty("clientid", alice)));
            spoof.setResponseTopic(FerryMqtt.RESPONSE_PREFIX + alice);
            String init = "{\"name\":\"report.bin\",\"size\":5000,\"user_data\":{\"clientId\":\"" + alice + "\"}}";
            attacker.publish("$file/" + alice + "/init", init.getBytes(UTF_8), spoof);
            attacker.publish("$file/" + alice + "/0", data, spoof);
            String fin = "$file/" + alice + "/fin/5000";
            attacker.publish(fin, new byte[0], spoof);

            JsonNode answer = attacker.awaitResponse(fin);
            assertThat(answer.path("reason_description").asText()).isEqualTo("success");
            assertThat(Files.readAllBytes(ferry.exported(mallory, alice, "report.bin"))).isEqualTo(data);
            assertThat(ferry.sinkRoot().resolve(alice)).doesNotExist();
            JsonNode entry = ferry.json(SecuredFerry.filePath(mallory, alice));
            assertThat(entry.path("clientId").asText()).isEqualTo(mallory);
            assertThat(ferry.json("/api/v1/files?clientId=" + alice).path("files")).isEmpty();
            // The attacker's answers were routed before its probe; had one gone to alice, it would be there first.
            awaitProbe(attacker, victim);
            assertThat(victim.received()).as("what the victim received").allSatisfy(m ->
                    assertThat(m.topic()).startsWith(PROBE_ROOT));
        }
    }

    @Test
    void shouldNeverDeliverAnotherClientsResponsesOrCommandsWhateverTheSubscription() throws Exception {
        String alice = unique("alice");
        String mallory = unique("mallory");
        try (Device attacker = Device.connect(ferry.mqttUri(), mallory);
             Device victim = Device.connect(ferry.mqttUri(), alice)) {
            assertThat(attacker.subscribe(FerryMqtt.RESPONSE_PREFIX + alice)).isGreaterThanOrEqualTo(0x80);
            assertThat(attacker.subscribe("$file/#")).isGreaterThanOrEqualTo(0x80);
            assertThat(attacker.subscribe("$share/ferry/$file/#")).isGreaterThanOrEqualTo(0x80);
            assertThat(attacker.subscribe("$file-async/#")).isGreaterThanOrEqualTo(0x80);
            assertThat(attacker.subscribe("$file-response/+")).isGreaterThanOrEqualTo(0x80);
            assertThat(attacker.subscribe("$share/g/$file-response/" + alice)).isGreaterThanOrEqualTo(0x80);
            // Allowed filters that match '$' topics in some brokers: the broker must still filter what they deliver.
            for (String filter : List.of("#", "+/#", "$share/g/#", "+/" + alice)) {
                attacker.subscribe(filter);
            }

            JsonNode answer = upload(victim, "secret-report", "secret.bin", bytes(3_000, 2), 1_000);

            assertThat(answer.path("reason_description").asText()).isEqualTo("success");
            awaitProbe(victim, attacker);
            assertThat(attacker.received()).as("what the attacker received").allSatisfy(m ->
                    assertThat(m.topic()).startsWith(PROBE_ROOT));
        }
    }

    @Test
    void shouldNotLeakResponsesWhenClientIdIsAWildcardThatMatchesItsOwnFilter() throws Exception {
        String alice = unique("alice");
        try (Device plus = Device.connect(ferry.mqttUri(), "+", new MqttConnectionOptions(), false);
             Device hash = Device.connect(ferry.mqttUri(), "#", new MqttConnectionOptions(), false);
             Device victim = Device.connect(ferry.mqttUri(), alice)) {
            // "$file-response/<own clientId>" is what the ACL allows; for these ids it is also a wildcard filter.
            plus.subscribe("$file-response/+");
            hash.subscribe("$file-response/#");

            assertThat(upload(victim, "for-alice", "a.bin", bytes(2_000, 8), 1_000).path("reason_description")
                    .asText()).isEqualTo("success");

            awaitProbe(victim, plus, hash);
            assertThat(plus.received()).as("what '+' received").allSatisfy(m ->
                    assertThat(m.topic()).startsWith(PROBE_ROOT));
            assertThat(hash.received()).as("what '#' received").allSatisfy(m ->
                    assertThat(m.topic()).startsWith(PROBE_ROOT));
        }
    }

    @Test
    void shouldKeepAnotherClientsTransferIntactWhenSameFileIdIsStatusedFinnedAbortedOrOverwritten()
            throws Exception {
        String alice = unique("alice");
        String mallory = unique("mallory");
        String fileId = "shared-" + UUID.randomUUID().toString().substring(0, 6);
        byte[] aliceData = bytes(8_000, 3);
        byte[] malloryData = bytes(6_000, 4);
        try (Device victim = Device.connect(ferry.mqttUri(), alice);
             Device attacker = Device.connect(ferry.mqttUri(), mallory)) {
            SecuredFerry.uploadWithoutFin(victim, fileId, "same.bin", aliceData, 2_000, 4_000);
            victim.awaitResponse("$file/" + fileId + "/2000");

            attacker.publish("$file/" + fileId + "/status", new byte[0]);
            JsonNode status = attacker.awaitResponse("$file/" + fileId + "/status");
            assertThat(status.path("transfer").path("state").asText()).isEqualTo("unknown");
            attacker.publish("$file/" + fileId + "/fin/8000", new byte[0]);
            assertThat(attacker.awaitResponse("$file/" + fileId + "/fin/8000").path("reason_description").asText())
                    .isNotEqualTo("success");
            attacker.publish("$file/" + fileId + "/abort", new byte[0]);
            attacker.awaitResponse("$file/" + fileId + "/abort");
            JsonNode own = upload(attacker, fileId, "same.bin", malloryData, 3_000);
            assertThat(own.path("reason_description").asText()).isEqualTo("success");

            victim.publish("$file/" + fileId + "/status", new byte[0]);
            JsonNode intact = victim.awaitResponse("$file/" + fileId + "/status");
            assertThat(intact.path("transfer").path("state").asText()).isEqualTo("receiving");
            assertThat(intact.path("transfer").path("received").toString()).isEqualTo("[[0,4000]]");
            for (int offset = 4_000; offset < aliceData.length; offset += 2_000) {
                victim.publish("$file/" + fileId + "/" + offset,
                        java.util.Arrays.copyOfRange(aliceData, offset, offset + 2_000));
            }
            String fin = "$file/" + fileId + "/fin/8000/" + Sha256.digest(aliceData).hex();
            victim.publish(fin, new byte[0]);
            assertThat(victim.awaitResponse(fin).path("reason_description").asText()).isEqualTo("success");

            assertThat(Files.readAllBytes(ferry.exported(alice, fileId, "same.bin"))).isEqualTo(aliceData);
            assertThat(Files.readAllBytes(ferry.exported(mallory, fileId, "same.bin"))).isEqualTo(malloryData);
            assertThat(victim.received()).allSatisfy(m -> assertThat(m.topic())
                    .isEqualTo(FerryMqtt.RESPONSE_PREFIX + alice));
        }
    }

    @Test
    void shouldRefuseForgedResponsesAndAnswerBareRootWithoutReachingTheVictim() throws Exception {
        String alice = unique("alice");
        String mallory = unique("mallory");
        try (Device victim = Device.connect(ferry.mqttUri(), alice);
             Device attacker = Device.connect(ferry.mqttUri(), mallory)) {
            MqttProperties spoof = new MqttProperties();
            spoof.setUserProperties(List.of(new UserProperty(ForgedProperties.CLIENT_ID, alice),
                    new UserProperty(ForgedProperties.PACKET_ID, "7")));
            attacker.publish("$file", new byte[0], spoof);
            JsonNode root = attacker.awaitResponse("$file");
            assertThat(root.path("reason_description").asText()).isEqualTo("invalid_file_command");

            String forged = "{\"vsn\":\"0.1\",\"topic\":\"$file/x/fin/1\",\"packet_id\":1,\"reason_code\":0,"
                    + "\"reason_description\":\"success\"}";
            assertThat(attacker.publish(FerryMqtt.RESPONSE_PREFIX + alice, forged.getBytes(UTF_8)))
                    .as("PUBACK reason code of a forged response").isEqualTo(0x87);

            // HiveMQ may disconnect a device right after refusing its publish: the victim sends the probe itself.
            awaitProbe(victim, victim);
            assertThat(victim.received()).as("what the victim received").allSatisfy(m ->
                    assertThat(m.topic()).startsWith(PROBE_ROOT));
        }
    }

    /**
     * There is no privileged MQTT identity any more (each broker node writes commands to Kafka itself): a client with
     * the former bridge's username, a password and its clientId is a plain device. It may not subscribe to commands,
     * shared or not, receives none of another device's commands or responses, and uploads under its own clientId.
     */
    @Test
    void shouldGrantNoPrivilegeToAClientPresentingTheFormerBridgeIdentity() throws Exception {
        MqttConnectionOptions asBridge = new MqttConnectionOptions();
        asBridge.setUserName("ferry-bridge");
        asBridge.setPassword("guessed".getBytes(UTF_8));
        String alice = unique("alice");
        try (Device impostor = Device.connect(ferry.mqttUri(), "ferry-bridge-standalone", asBridge, true);
             Device victim = Device.connect(ferry.mqttUri(), alice)) {
            assertThat(impostor.subscribe("$share/ferry/$file/#")).isGreaterThanOrEqualTo(0x80);
            assertThat(impostor.subscribe("$file/#")).isGreaterThanOrEqualTo(0x80);
            assertThat(impostor.subscribe("$file-response/" + alice)).isGreaterThanOrEqualTo(0x80);
            impostor.subscribe("#");

            assertThat(upload(victim, "for-alice", "a.bin", bytes(2_000, 9), 1_000).path("reason_description")
                    .asText()).isEqualTo("success");
            awaitProbe(victim, impostor);
            assertThat(impostor.received()).as("what the impostor received").allSatisfy(m ->
                    assertThat(m.topic()).startsWith(PROBE_ROOT));

            assertThat(upload(impostor, "own", "own.bin", bytes(500, 10), 500).path("reason_description").asText())
                    .isEqualTo("success");
            assertThat(Files.readAllBytes(ferry.exported("ferry-bridge-standalone", "own", "own.bin")))
                    .isEqualTo(bytes(500, 10));
        }
    }

    /**
     * The positive signal behind every "received nothing": {@code from} publishes a plain message that each watcher
     * subscribed to, and each waits for it. Whatever the broker had routed to a watcher before (a leaked command or
     * response) was queued for that connection earlier, so it would have arrived first.
     */
    private static void awaitProbe(Device from, Device... watchers) throws MqttException {
        String topic = PROBE_ROOT + UUID.randomUUID();
        for (Device watcher : watchers) {
            assertThat(watcher.subscribe(PROBE_ROOT + "#")).as("probe subscription").isLessThan(3);
        }
        assertThat(from.publish(topic, "probe".getBytes(UTF_8))).as("PUBACK of the probe").isLessThan(0x80);
        for (Device watcher : watchers) {
            await(watcher.clientId() + " got the probe").atMost(Device.ANSWER_TIMEOUT).until(() ->
                    watcher.received().stream().anyMatch(m -> m.topic().equals(topic)));
        }
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static byte[] bytes(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }
}
