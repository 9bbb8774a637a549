package io.ferry.broker;

import static io.ferry.broker.TestClients.BRIDGE_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import com.hivemq.embedded.EmbeddedHiveMQ;
import io.ferry.broker.agent.AllowDollarTopicsAgent;
import io.ferry.protocol.FerryMqtt;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged extension folder (built by {@code mvn -Pimages package}) loaded the way a HiveMQ installation or
 * container loads it: from {@code extensions/ferry-broker/}, in HiveMQ's isolated extension class loader, configured
 * by {@code ferry-broker.properties}. Skipped when the folder was not built.
 */
class ExtensionFolderIT {
    private static final Path PACKAGED = Path.of("target").resolve("ferry-broker-" + version()
            + "-hivemq-extension").resolve("ferry-broker");

    @TempDir
    Path home;

    @Test
    void shouldStampClientIdWhenExtensionIsLoadedFromItsFolder() throws Exception {
        assumeTrue(Files.isDirectory(PACKAGED), "run with -Pimages to build the extension folder");
        Path extension = Files.createDirectories(home.resolve("extensions/ferry-broker"));
        try (Stream<Path> files = Files.list(PACKAGED)) {
            for (Path file : files.toList()) {
                Files.copy(file, extension.resolve(file.getFileName()));
            }
        }
        Files.writeString(extension.resolve(FerryExtension.CONFIG_FILE), "ferry.bridge.password=" + BRIDGE_PASSWORD
                + "\n", StandardCharsets.UTF_8);
        int port = freePort();
        BrokerConfig config = BrokerConfig.ephemeral(home, BRIDGE_PASSWORD).withPort(port);
        HiveMqConfigXml.write(home.resolve("conf/config.xml"), config, port);
        Files.createDirectories(home.resolve("data"));
        AllowDollarTopicsAgent.premain(null);

        try (EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder().withConfigurationFolder(home.resolve("conf"))
                .withDataFolder(home.resolve("data")).withExtensionsFolder(home.resolve("extensions"))
                .withoutLoggingBootstrap().build()) {
            hivemq.start().get(60, TimeUnit.SECONDS);
            Mqtt5BlockingClient bridge = MqttClient.builder().useMqttVersion5().identifier("folder-bridge")
                    .serverHost("127.0.0.1").serverPort(port).simpleAuth()
                    .username(ExtensionConfig.DEFAULT_BRIDGE_USERNAME)
                    .password(BRIDGE_PASSWORD.getBytes(StandardCharsets.UTF_8)).applySimpleAuth().buildBlocking();
            bridge.connect();
            Mqtt5BlockingClient.Mqtt5Publishes inbox = bridge.publishes(MqttGlobalPublishFilter.ALL);
            assertThat(TestClients.subscribe(bridge, FerryMqtt.sharedFilter(FerryMqtt.SYNC_FILTER)))
                    .isEqualTo(Mqtt5SubAckReasonCode.GRANTED_QOS_1);
            Mqtt5BlockingClient device = MqttClient.builder().useMqttVersion5().identifier("folder-device")
                    .serverHost("127.0.0.1").serverPort(port).buildBlocking();
            device.connect();

            assertThat(TestClients.subscribe(device, "$file/#")).isEqualTo(Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
            device.publishWith().topic("$file/f/abort").qos(MqttQos.AT_LEAST_ONCE).send();

            Optional<Mqtt5Publish> received = inbox.receive(20, TimeUnit.SECONDS);
            assertThat(received).hasValueSatisfying(publish -> assertThat(
                    TestClients.userProperty(publish, FerryMqtt.CLIENT_ID_PROPERTY)).contains("folder-device"));
            inbox.close();
            device.disconnect();
            bridge.disconnect();
            hivemq.stop().get(60, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String version() {
        return System.getProperty("project.version", "0.1.0-SNAPSHOT");
    }
}
