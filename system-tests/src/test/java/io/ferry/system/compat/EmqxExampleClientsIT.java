package io.ferry.system.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.protocol.Sha256;
import io.ferry.testing.TestDirectories;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * EMQX's own example file-transfer clients (emqx/MQTT-Client-Examples, vendored unmodified, see
 * {@link EmqxExamples}) upload to Ferry, and the file is behind the API byte-exact. Everything needed to
 * point them at this Ferry is done outside the example files:
 * <ul>
 * <li>Node.js ({@code emqx-file-transfer.js}, MQTT.js 5): {@code node -r ferry-preload.js}, which replaces only the
 * broker URL; the example's {@code ../assets/emqx-architecture.png} is a generated file. The example sends init,
 * then every 10 KB segment as soon as it is read, without waiting for any PUBACK, then fin (no checksum; the init
 * carries it); fileId is the file's SHA-256; the client id is random.</li>
 * <li>Python ({@code file_transfer.py}, paho-mqtt 2, MQTT 5): its own options. It sends init, waits for its PUBACK,
 * queues every 1,024-byte segment at once (paho keeps up to 20 in flight), waits for the last one's PUBACK, then fin
 * with the SHA-256.</li>
 * </ul>
 * MQTT.js and paho-mqtt come from {@code .ci/compat/} ({@code .ci/run} installs them); a missing library fails the
 * test, saying how to install it.
 */
class EmqxExampleClientsIT {
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);
    /** Lines the client libraries log for a DISCONNECT from the server (the preload's; paho's debug log). */
    private static final String NODE_DISCONNECT = "ferry-preload: DISCONNECT from server";
    private static final String PAHO_DISCONNECT = "Received DISCONNECT";
    private static final Pattern PRELOAD_CLIENT_ID = Pattern.compile("ferry-preload: connecting to \\S+ instead of "
            + "\\S+, clientId=(\\S+),");
    private static CompatFerry ferry;
    private Path work;
    private String testName;

    @BeforeAll
    static void startFerry() throws IOException {
        ferry = CompatFerry.start();
    }

    @AfterAll
    static void stopFerry() {
        if (ferry != null) {
            ferry.close();
        }
    }

    @BeforeEach
    void createWorkDir(TestInfo info) throws IOException {
        work = Files.createTempDirectory("ferry-emqx-example");
        testName = info.getTestMethod().orElseThrow().getName();
    }

    @AfterEach
    void deleteWorkDir() {
        TestDirectories.deleteRecursively(work);
    }

    @Test
    void shouldLandNodeExampleUploadByteExactWhenItPipelinesSegmentsOverMqtt311() throws Exception {
        // MQTT.js's default protocol, as the example runs: 2 MiB and a bit = 206 segments of 10 KB, none waited for
        runNodeExample(2 * 1024 * 1024 + 1_234, null);
    }

    @Test
    void shouldLandNodeExampleUploadByteExactWhenItPipelinesSegmentsOverMqtt5() throws Exception {
        // the same unmodified example with protocolVersion 5 added to its connect options by the preload
        runNodeExample(1024 * 1024 + 4_321, "5");
    }

    @Test
    void shouldLandPythonExampleUploadByteExactOverMqtt5() throws Exception {
        Path script = EmqxExamples.copy(EmqxExamples.PYTHON, EmqxExamples.PYTHON_BLOB,
                work.resolve(EmqxExamples.PYTHON));
        String python = pythonWithPaho2();
        byte[] data = randomBytes(400 * 1024 + 99);
        Path file = Files.write(work.resolve("python-upload.bin"), data);
        String clientId = "compat-python-" + UUID.randomUUID().toString().substring(0, 8);
        String fileId = "compat-python-file-" + UUID.randomUUID();

        ChildProcess.Outcome outcome = ChildProcess.run(testName, List.of(python, script.toString(),
                        "--host", "127.0.0.1", "--port", Integer.toString(ferry.mqttPort()), "--client-id", clientId,
                        "--file-id", fileId, "--file", file.toString()),
                work, pythonEnv(), RUN_TIMEOUT, PAHO_DISCONNECT);

        assertThat(outcome.exitCode()).as(outcome.describe()).isZero();
        assertThat(outcome.output()).as("a DISCONNECT from the server, in " + outcome.log())
                .doesNotContain(PAHO_DISCONNECT);
        assertLanded(clientId, fileId, "python-upload.bin", data, outcome);
    }

    private void runNodeExample(int size, String protocolVersion) throws Exception {
        // It reads __dirname/../assets/emqx-architecture.png.
        Path script = EmqxExamples.copy(EmqxExamples.NODE, EmqxExamples.NODE_BLOB,
                work.resolve("example").resolve(EmqxExamples.NODE));
        Path modules = Path.of(System.getProperty("ferry.compat.node.modules", "../.ci/compat/node/node_modules"))
                .toAbsolutePath().normalize();
        if (!Files.isRegularFile(modules.resolve("mqtt/package.json"))) {
            fail("MQTT.js is not installed at " + modules + ": .ci/run installs it (npm install --prefix "
                    + ".ci/compat/node mqtt@5.15.2, the version the example's package-lock.json pins)");
        }
        byte[] data = randomBytes(size);
        Files.createDirectories(work.resolve("assets"));
        Files.write(work.resolve("assets").resolve("emqx-architecture.png"), data);
        Path preload = Files.write(work.resolve("ferry-preload.js"), EmqxExamples.resource("/compat/ferry-preload.js"));

        Map<String, String> env = new HashMap<>();
        env.put("NODE_PATH", modules.toString());
        env.put("FERRY_MQTT_URL", ferry.mqttUrl());
        if (protocolVersion != null) {
            env.put("FERRY_MQTT_PROTOCOL_VERSION", protocolVersion);
        }
        String node = System.getProperty("ferry.compat.node", "node");
        ChildProcess.Outcome outcome = ChildProcess.run(testName,
                List.of(node, "-r", preload.toString(), script.toString()), work, env, RUN_TIMEOUT,
                NODE_DISCONNECT);

        assertThat(outcome.exitCode()).as(outcome.describe()).isZero();
        assertThat(outcome.output()).as("a DISCONNECT from the server, in " + outcome.log())
                .doesNotContain(NODE_DISCONNECT);
        assertThat(outcome.output()).as(outcome.describe()).contains("File transfer finished.");
        Matcher clientId = PRELOAD_CLIENT_ID.matcher(outcome.output());
        assertThat(clientId.find()).as("the preload's client id line in " + outcome.log()).isTrue();
        // the example's fileId is the file's SHA-256 and its name the asset's
        assertLanded(clientId.group(1), Sha256.digest(data).hex(), "emqx-architecture.png", data, outcome);
    }

    private void assertLanded(String clientId, String fileId, String name, byte[] data, ChildProcess.Outcome outcome) {
        ferry.awaitListed(clientId, fileId);
        JsonNode entry = ferry.entry(clientId, fileId);
        assertThat(entry.get("name").asText()).as("name of %s", entry).isEqualTo(name);
        assertThat(entry.get("size").asLong()).as("size of %s", entry).isEqualTo(data.length);
        assertThat(entry.get("sha256").asText()).as("sha256 of %s", entry).isEqualTo(Sha256.digest(data).hex());
        byte[] content = ferry.content(clientId, fileId);
        assertThat(Sha256.digest(content).hex()).as("downloaded content (%d bytes) after %s", content.length,
                outcome.log()).isEqualTo(Sha256.digest(data).hex());
        assertThat(content).isEqualTo(data);
    }

    /**
     * The example calls {@code mqtt.CallbackAPIVersion}, which paho-mqtt has only from 2.0 (its requirements.txt:
     * paho-mqtt~=2.1.0); Debian 12's python3-paho-mqtt is 1.6.1, so it comes from {@code .ci/compat/python}.
     */
    private String pythonWithPaho2() throws IOException, InterruptedException {
        String python = System.getProperty("ferry.compat.python", "python3");
        ChildProcess.Outcome probe = ChildProcess.run(testName + "-probe", List.of(python, "-c",
                        "import sys, paho.mqtt; print('python', sys.version_info[:2], 'paho-mqtt', "
                                + "paho.mqtt.__version__)"),
                work, pythonEnv(), Duration.ofSeconds(30));
        Matcher version = Pattern.compile("paho-mqtt (\\d+)\\.").matcher(probe.output());
        if (probe.exitCode() != 0 || !version.find() || Integer.parseInt(version.group(1)) < 2) {
            fail("EMQX's file_transfer.py needs paho-mqtt >= 2 (it calls mqtt.CallbackAPIVersion; requirements.txt "
                    + "pins paho-mqtt~=2.1.0) and Python >= 3.10, importable by " + python + " with PYTHONPATH="
                    + pythonEnv().get("PYTHONPATH") + "; .ci/run installs it with pip into .ci/compat/python "
                    + "(Debian's python3-paho-mqtt is 1.6.1, too old). Probe: " + probe.describe());
        }
        return python;
    }

    private static Map<String, String> pythonEnv() {
        Path libs = Path.of(System.getProperty("ferry.compat.python.path", "../.ci/compat/python"))
                .toAbsolutePath().normalize();
        List<String> path = new ArrayList<>(List.of(libs.toString()));
        String inherited = System.getenv("PYTHONPATH");
        if (inherited != null && !inherited.isEmpty()) {
            path.add(inherited);
        }
        return Map.of("PYTHONPATH", String.join(":", path), "PYTHONUNBUFFERED", "1");
    }

    private static byte[] randomBytes(int size) {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return data;
    }
}
