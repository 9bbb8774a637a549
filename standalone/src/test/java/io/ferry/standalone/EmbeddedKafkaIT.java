package io.ferry.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.records.TopicAdmin;
import io.ferry.records.Topics;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaIT {
    @TempDir
    Path dir;

    @Test
    void shouldKeepTopicsWhenRestartedOnTheSameDataDir() throws Exception {
        Topics topics = Topics.defaults();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir, "127.0.0.1", freePort(), freePort());
             Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            TopicAdmin.ensureTopics(admin, topics, 2, (short) 1);
        }
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir, "127.0.0.1", freePort(), freePort());
             Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            Set<String> names = admin.listTopics().names().get();

            assertThat(names).containsAll(topics.all());
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
