package io.ferry.broker;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.exceptions.MqttClientStateException;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.ferry.broker.auth.AuthConfig;
import io.ferry.broker.auth.DeviceAddAccess;
import io.ferry.protocol.Response;
import io.ferry.records.Topics;
import io.ferry.config.Settings;
import io.ferry.testing.KafkaFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Device authentication (credentials file, JWT by HMAC secret and by JWKS) and the topic ACL on the real broker,
 * with real MQTT 5 clients and a real Kafka behind it.
 */
class DeviceAuthIT {
    private static final String SECRET = "0123456789abcdef0123456789abcdef-hmac";
    private static final String ACL = """
            # each device owns devices/<clientId>/..., may watch shared/..., nothing else
            allow all devices/{clientId}/#
            allow subscribe shared/#
            deny all #
            """;
    @RegisterExtension
    static final KafkaFixture KAFKA = new KafkaFixture();
    @TempDir
    static Path dir;
    static FerryBroker broker;
    static Path credentials;
    static RSAKey jwksKey;
    static String cameraSecret;
    static String fleetSecret;

    private final List<Runnable> cleanup = new ArrayList<>();

    @BeforeAll
    static void startBroker() throws Exception {
        credentials = dir.resolve("devices.passwd");
        cameraSecret = DeviceAddAccess.add(credentials, "camera-1", null);
        fleetSecret = DeviceAddAccess.add(credentials, "fleet", "fleet-[0-9]+");
        jwksKey = new RSAKeyGenerator(2048).keyID("k1").generate();
        Path jwks = Files.writeString(dir.resolve("jwks.json"), new JWKSet(jwksKey.toPublicJWK()).toString());
        Path acl = Files.writeString(dir.resolve("acl.txt"), ACL);
        AuthConfig auth = auth(Map.of("ferry.auth.file", credentials.toString(), "ferry.auth.jwt.secret", SECRET,
                "ferry.auth.jwt.jwks.file", jwks.toString(), "ferry.auth.acl.file", acl.toString(),
                "ferry.auth.failures.max", "1000", "ferry.auth.reload.interval", "100ms"));
        Topics topics = KAFKA.newTopics(1);
        broker = IngressFixture.startBroker(dir.resolve("data"), KAFKA, topics, config -> config.withAuth(auth));
    }

    static AuthConfig auth(Map<String, String> values) {
        Settings settings = new Settings(values);
        AuthConfig auth = AuthConfig.fromSettings(settings);
        settings.validate();
        return auth;
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @AfterEach
    void disconnect() {
        cleanup.forEach(Runnable::run);
    }

    @Test
    void shouldConnectWhenPasswordMatchesCredentialsFile() {
        Mqtt5BlockingClient device = track(passwordClient("camera-1", "camera-1", cameraSecret));

        assertThat(device.connect().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        TestClients.subscribe(device, "devices/camera-1/#");
        assertThat(TestClients.pubAck(device, "devices/camera-1/telemetry", "t".getBytes(UTF_8)))
                .isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
    }

    @Test
    void shouldRefuseBadUsernameOrPasswordWhenPasswordIsWrong() {
        assertThat(connAck(passwordClient("camera-1", "camera-1", cameraSecret + "x")))
                .isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
    }

    @Test
    void shouldAuthenticateMqtt311DevicesTheSameWay() {
        Mqtt3BlockingClient wrong = TestClients.v3Builder(broker, "camera-1").simpleAuth().username("camera-1")
                .password((cameraSecret + "x").getBytes(UTF_8)).applySimpleAuth().buildBlocking();
        Mqtt3BlockingClient right = TestClients.v3Builder(broker, "camera-1").simpleAuth().username("camera-1")
                .password(cameraSecret.getBytes(UTF_8)).applySimpleAuth().buildBlocking();

        assertThatThrownBy(wrong::connect).isInstanceOfSatisfying(Mqtt3ConnAckException.class, e ->
                assertThat(e.getMqttMessage().getReturnCode())
                        .isEqualTo(Mqtt3ConnAckReturnCode.BAD_USER_NAME_OR_PASSWORD));
        assertThat(right.connect().getReturnCode()).isEqualTo(Mqtt3ConnAckReturnCode.SUCCESS);
        right.disconnect();
    }

    @Test
    void shouldRefuseClientIdNotValidWhenClientIdIsOutsideTheAllowedPattern() {
        assertThat(connAck(passwordClient("camera-2", "camera-1", cameraSecret)))
                .isEqualTo(Mqtt5ConnAckReasonCode.CLIENT_IDENTIFIER_NOT_VALID);
    }

    @Test
    void shouldRefuseNotAuthorizedWhenDeviceSendsNoCredentials() {
        assertThat(connAck(TestClients.builder(broker, "anonymous-1").buildBlocking()))
                .isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED);
    }

    @Test
    void shouldAcceptNewDeviceWithoutRestartWhenCredentialsFileChanges() {
        assertThat(connAck(passwordClient("fleet-7", "late", "nothing-yet")))
                .isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);

        String secret = DeviceAddAccess.add(credentials, "late", "fleet-[0-9]+");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(connAck(passwordClient("fleet-7", "late", secret)))
                        .isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS));
    }

    @Test
    void shouldConnectWhenJwtIsSignedWithTheSecretAndNamesTheClientId() throws Exception {
        String token = hmacToken("jwt-device", Instant.now().plusSeconds(600));

        assertThat(connAck(passwordClient("jwt-device", "any", token))).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
    }

    @Test
    void shouldConnectWhenJwtIsSignedWithAKeyOfTheJwksFile() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(),
                claims("rsa-device", Instant.now().plusSeconds(600)));
        jwt.sign(new RSASSASigner(jwksKey));

        assertThat(connAck(passwordClient("rsa-device", null, jwt.serialize())))
                .isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
    }

    @Test
    void shouldRefuseBadUsernameOrPasswordWhenJwtHasExpired() throws Exception {
        String expired = hmacToken("jwt-device", Instant.now().minusSeconds(3600));

        assertThat(connAck(passwordClient("jwt-device", null, expired)))
                .isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
    }

    @Test
    void shouldRefuseBadUsernameOrPasswordWhenJwtIsSignedWithAnotherSecret() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256),
                claims("jwt-device", Instant.now().plusSeconds(600)));
        jwt.sign(new MACSigner("another-secret-another-secret-another!".getBytes(UTF_8)));

        assertThat(connAck(passwordClient("jwt-device", null, jwt.serialize())))
                .isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
    }

    @Test
    void shouldRefuseClientIdNotValidWhenJwtNamesAnotherClientId() throws Exception {
        String token = hmacToken("victim-1", Instant.now().plusSeconds(600));

        assertThat(connAck(passwordClient("jwt-device", null, token)))
                .isEqualTo(Mqtt5ConnAckReasonCode.CLIENT_IDENTIFIER_NOT_VALID);
    }

    @Test
    void shouldAnswerNotAuthorizedAndDisconnectWhenDevicePublishesOutsideItsRules() {
        for (String topic : List.of("devices/victim-1/cmd", "shared/news", "other")) {
            Mqtt5BlockingClient device = track(passwordClient("camera-1", "camera-1", cameraSecret));
            device.connect();

            assertThat(TestClients.pubAck(device, topic, "x".getBytes(UTF_8))).as(topic)
                    .isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
            // HiveMQ closes an MQTT 5 connection after a refused publish, as it does for 3.1.1 without a PUBACK.
            await().atMost(Duration.ofSeconds(30)).until(() -> !device.getState().isConnected());
        }
    }

    @Test
    void shouldRefuseConnectionWhenWillIsOnATopicTheDeviceMayNotPublishTo() {
        Mqtt5BlockingClient foreignWill = TestClients.builder(broker, "camera-1").simpleAuth().username("camera-1")
                .password(cameraSecret.getBytes(UTF_8)).applySimpleAuth().willPublish().topic("devices/victim-1/cmd")
                .payload("gone".getBytes(UTF_8)).applyWillPublish().buildBlocking();
        Mqtt5BlockingClient ownWill = TestClients.builder(broker, "camera-1").simpleAuth().username("camera-1")
                .password(cameraSecret.getBytes(UTF_8)).applySimpleAuth().willPublish().topic("devices/camera-1/state")
                .payload("gone".getBytes(UTF_8)).applyWillPublish().buildBlocking();

        assertThat(connAck(foreignWill)).isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED);
        assertThat(connAck(ownWill)).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
    }

    @Test
    void shouldRefuseSubscriptionsOutsideTheDevicesRules() {
        Mqtt5BlockingClient device = track(passwordClient("camera-1", "camera-1", cameraSecret));
        device.connect();

        for (String filter : List.of("devices/victim-1/#", "devices/+/cmd", "#", "+/news",
                "$share/g/devices/victim-1/cmd")) {
            assertThat(TestClients.subscribe(device, filter)).as(filter)
                    .isEqualTo(Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
        }
        for (String filter : List.of("devices/camera-1/cmd", "devices/camera-1/#", "shared/#",
                "$share/g/devices/camera-1/cmd", "$file-response/camera-1")) {
            // the last: Ferry's own topics keep Ferry's rules whatever the ACL says
            assertThat(TestClients.subscribe(device, filter)).as(filter)
                    .isEqualTo(Mqtt5SubAckReasonCode.GRANTED_QOS_1);
        }
        assertThat(device.getState().isConnected()).isTrue();
    }

    @Test
    void shouldDeliverAllowedPublishToSubscriberWhileDroppingTheDeniedOne() throws Exception {
        Mqtt5BlockingClient device = track(passwordClient("camera-1", "camera-1", cameraSecret));
        device.connect();
        Mqtt5BlockingClient.Mqtt5Publishes inbox = device.publishes(MqttGlobalPublishFilter.ALL);
        cleanup.add(inbox::close);
        TestClients.subscribe(device, "devices/camera-1/#");
        Mqtt5BlockingClient other = track(passwordClient("fleet-3", "fleet", fleetSecret));
        other.connect();

        assertThat(TestClients.pubAck(other, "devices/camera-1/cmd", "forbidden".getBytes(UTF_8)))
                .isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
        TestClients.pubAck(device, "devices/camera-1/echo", "allowed".getBytes(UTF_8));

        Mqtt5Publish first = TestClients.receive(inbox);
        assertThat(first.getTopic().toString()).isEqualTo("devices/camera-1/echo");
        assertThat(new String(first.getPayloadAsBytes(), UTF_8)).isEqualTo("allowed");
    }

    @Test
    void shouldAnswerOnOwnResponseTopicWhenResponseTopicIsOneTheDeviceMayNotPublishTo() throws Exception {
        Mqtt5BlockingClient device = track(passwordClient("camera-1", "camera-1", cameraSecret));
        device.connect();
        Mqtt5BlockingClient.Mqtt5Publishes inbox = device.publishes(MqttGlobalPublishFilter.ALL);
        cleanup.add(inbox::close);
        TestClients.subscribe(device, "$file-response/camera-1");
        TestClients.subscribe(device, "shared/#");
        TestClients.subscribe(device, "devices/camera-1/#");

        for (String foreign : List.of("devices/victim-1/cmd", "shared/victim-1")) {
            bareCommand(device, foreign);
            Mqtt5Publish answer = TestClients.receive(inbox);
            assertThat(answer.getTopic().toString()).as("answer to Response-Topic " + foreign)
                    .isEqualTo("$file-response/camera-1");
            assertThat(Response.fromJson(answer.getPayloadAsBytes()).reasonDescription())
                    .isEqualTo("invalid_file_command");
        }
        bareCommand(device, "devices/camera-1/replies");
        assertThat(TestClients.receive(inbox).getTopic().toString()).isEqualTo("devices/camera-1/replies");
    }

    private static void bareCommand(Mqtt5BlockingClient device, String responseTopic) {
        device.publishWith().topic("$file").qos(MqttQos.AT_LEAST_ONCE).payload(new byte[0])
                .responseTopic(responseTopic).send();
    }

    static String hmacToken(String clientId, Instant expires) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims(clientId, expires));
        jwt.sign(new MACSigner(SECRET.getBytes(UTF_8)));
        return jwt.serialize();
    }

    private static JWTClaimsSet claims(String clientId, Instant expires) {
        return new JWTClaimsSet.Builder().subject(clientId).expirationTime(Date.from(expires))
                .issueTime(Date.from(Instant.now().minusSeconds(7200))).build();
    }

    private static Mqtt5BlockingClient passwordClient(String clientId, String username, String password) {
        var builder = TestClients.builder(broker, clientId);
        if (username == null) {
            return builder.simpleAuth().password(password.getBytes(UTF_8)).applySimpleAuth().buildBlocking();
        }
        return builder.simpleAuth().username(username).password(password.getBytes(UTF_8)).applySimpleAuth()
                .buildBlocking();
    }

    /** The CONNACK reason code; a refused connection throws in the blocking API. */
    static Mqtt5ConnAckReasonCode connAck(Mqtt5BlockingClient client) {
        try {
            Mqtt5ConnAckReasonCode code = client.connect().getReasonCode();
            client.disconnect();
            return code;
        } catch (Mqtt5ConnAckException e) {
            return e.getMqttMessage().getReasonCode();
        }
    }

    private Mqtt5BlockingClient track(Mqtt5BlockingClient client) {
        cleanup.add(() -> {
            try {
                client.disconnect();
            } catch (MqttClientStateException alreadyDisconnected) {
                // never connected, or the broker disconnected it
            }
        });
        return client;
    }
}
