package io.ferry.broker;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real BrokerMain process: a bad setting is exit 2 with one line naming the key, before anything starts. */
class BrokerMainIT {
    @TempDir
    Path dir;

    @Test
    void shouldExitWith2NamingTheKeyOfABadHealthPortWithoutAStackTrace() throws Exception {
        Path output = dir.resolve("out.txt");
        ProcessBuilder builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), BrokerMain.class.getName()))
                .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("FERRY_"));
        builder.environment().put("FERRY_HEALTH_PORT", "70000");
        builder.environment().put("FERRY_MQTT_PORT", "0");
        builder.environment().put("FERRY_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1");
        builder.environment().put("FERRY_BROKER_DATA_DIR", dir.resolve("broker").toString());
        Process process = builder.start();
        try {
            // Generous: a JVM start on a loaded machine. Before the fix the broker started and never exited.
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("exited").isTrue();
            String out = Files.readString(output, UTF_8);
            assertThat(process.exitValue()).as(out).isEqualTo(2);
            assertThat(out).contains("ferry.health.port: 70000 is outside [-1, 65535]")
                    .doesNotContain("Exception").doesNotContain("\tat ");
        } finally {
            process.destroyForcibly();
        }
    }
}
