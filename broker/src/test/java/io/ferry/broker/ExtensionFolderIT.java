package io.ferry.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import com.hivemq.embedded.EmbeddedHiveMQ;
import io.ferry.broker.agent.AllowDollarTopicsAgent;
import io.ferry.records.Topics;
import io.ferry.testing.KafkaFixture;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged extension folder (built by {@code mvn -Pimages package}) loaded the way a HiveMQ installation or
 * container loads it: from {@code extensions/ferry-broker/}, in HiveMQ's isolated extension class loader, configured
 * by {@code ferry-broker.properties}. Skipped when the folder was not built.
 */
class ExtensionFolderIT {
    @RegisterExtension
    static final KafkaFixture KAFKA = new KafkaFixture();
    private static final Path PACKAGED = Path.of("target").resolve("ferry-broker-" + version()
            + "-hivemq-extension").resolve("ferry-broker");

    @TempDir
    Path home;

    @Test
    void shouldWriteCommandToKafkaWhenExtensionIsLoadedFromItsFolder() throws Exception {
        assumeTrue(Files.isDirectory(PACKAGED), "run with -Pimages to build the extension folder");
        Path extension = Files.createDirectories(home.resolve("extensions/ferry-broker"));
        try (Stream<Path> files = Files.list(PACKAGED)) {
            for (Path file : files.toList()) {
                Files.copy(file, extension.resolve(file.getFileName()));
            }
        }
        Topics topics = KAFKA.newTopics(1);
        String prefix = topics.commands().substring(0, topics.commands().length() - "commands".length());
        Files.writeString(extension.resolve(FerryExtension.CONFIG_FILE), "ferry.kafka.bootstrap.servers="
                + KAFKA.bootstrapServers() + "\nferry.topics.prefix=" + prefix + "\n", StandardCharsets.UTF_8);
        int port = freePort();
        BrokerConfig config = BrokerConfig.ephemeral(home, KAFKA.bootstrapServers(), topics).withPort(port);
        HiveMqConfigXml.write(home.resolve("conf/config.xml"), config, port);
        Files.createDirectories(home.resolve("data"));
        AllowDollarTopicsAgent.premain(null);

        try (EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder().withConfigurationFolder(home.resolve("conf"))
                .withDataFolder(home.resolve("data")).withExtensionsFolder(home.resolve("extensions"))
                .withoutLoggingBootstrap().build()) {
            hivemq.start().get(60, TimeUnit.SECONDS);
            Mqtt5BlockingClient device = MqttClient.builder().useMqttVersion5().identifier("folder-device")
                    .serverHost("127.0.0.1").serverPort(port).buildBlocking();
            device.connect();

            assertThat(TestClients.subscribe(device, "$file/#")).isEqualTo(Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
            device.publishWith().topic("$file/f/abort").qos(MqttQos.AT_LEAST_ONCE).send();

            try (IngressFixture.TopicReader commands = new IngressFixture.TopicReader(KAFKA, topics.commands())) {
                assertThat(commands.commands("folder-device")).extracting(record -> record.replyTo().topic())
                        .containsExactly("$file/f/abort");
            }
            device.disconnect();
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
