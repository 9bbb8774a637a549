package io.ferry.system.security;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.protocol.FileNames;
import io.ferry.protocol.Sha256;
import io.ferry.system.Device;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile clientIds, fileIds and file names never leave the local sink's root and never share a file: every upload
 * of a matrix of traversal, encoding, separator and look-alike ids lands at its own path, byte-exact, and a walk of
 * the root finds nothing else. Names that could escape are refused at init.
 */
class PathSafetyIT {
    /** MQTT allows all of these as client identifiers; several are traversal or separator attempts. */
    static final List<String> CLIENT_IDS = List.of("..", ".", "%2e%2e", "%2E%2E", "../../etc", "/abs", "a/b",
            "a\\b", "..\\..\\x", "C:", "\u2024\u2024", "\uFF0E\uFF0E", "e\u0301", "\u00e9", "%", ".tmp%", "CON",
            " sp ", "x".repeat(200));
    /** One MQTT topic level each, so no '/'; everything else a path could trip over. */
    static final List<String> FILE_IDS = List.of("..", ".", "%2e%2e", "%2E%2E", "..\\..", "C:", "x:y",
            "\u2024\u2024", "\uFF0E\uFF0E", "%", "%25", "e\u0301", "\u00e9", "...", " ", ".tmp%");
    /** Valid by EMQX's rules, yet odd on a file system or in a header. */
    static final List<String> NAMES = List.of("...", "..a", "%2e%2e", "\u2024\u2024", "\uFF0E\uFF0E",
            "a\u202Etxt.exe", ".hidden", "-rf", "CON", "x".repeat(240), "\"q\";.txt", "\u00e9.bin");
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
    void shouldKeepEveryHostileUploadInsideTheRootAtItsOwnPath() throws Exception {
        Map<Path, byte[]> expected = uploadMatrix();

        Path root = ferry.sinkRoot().toRealPath();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> !p.equals(root)).toList();
        }
        for (Path entry : files) {
            assertThat(Files.isSymbolicLink(entry)).as("symlink %s", entry).isFalse();
            assertThat(entry.toRealPath(LinkOption.NOFOLLOW_LINKS)).as("inside root").startsWith(root);
        }
        List<Path> regular = files.stream().filter(Files::isRegularFile).toList();
        assertThat(regular).allSatisfy(p -> assertThat(root.relativize(p).getNameCount()).isEqualTo(3));
        Set<String> matrixClients = CLIENT_IDS.stream().map(FileNames::escape).collect(Collectors.toSet());
        Set<Path> data = regular.stream().filter(p -> !p.getFileName().toString().endsWith(".MANIFEST.json"))
                .filter(p -> matrixClients.contains(root.relativize(p).getName(0).toString()))
                .collect(Collectors.toSet());
        Set<Path> wanted = expected.keySet().stream().map(p -> root.resolve(ferry.sinkRoot().relativize(p)))
                .collect(Collectors.toSet());
        assertThat(data).as("data files, one per upload").hasSize(expected.size()).isEqualTo(wanted);
        for (Map.Entry<Path, byte[]> file : expected.entrySet()) {
            assertThat(Files.readAllBytes(file.getKey())).as("bytes of %s", file.getKey()).isEqualTo(file.getValue());
        }
        try (Stream<Path> temp = Files.list(root.resolve(".tmp%"))) {
            assertThat(temp).as("temporary files left").isEmpty();
        }
        try (Stream<Path> top = Files.list(ferry.dataDir())) {
            assertThat(top.map(p -> p.getFileName().toString())).as("nothing beside the sink root")
                    .containsOnly("kafka", "broker", "assembler", "files");
        }
    }

    @Test
    void shouldServeHostileIdsThroughTheApiByteExact() throws Exception {
        String clientId = "api-\u00e9 %2e/..";
        try (Device device = Device.connect(ferry.mqttUri(), clientId)) {
            for (String fileId : List.of("%", "x:y", "\u2024\u2024", "a\\b")) {
                byte[] data = ("content of " + fileId).getBytes(UTF_8);
                assertThat(SecuredFerry.upload(device, fileId, "f.bin", data, 100).path("reason_description")
                        .asText()).isEqualTo("success");
                HttpResponse<byte[]> content = ferry.get(SecuredFerry.filePath(clientId, fileId) + "/content",
                        SecuredFerry.READ_TOKEN);
                assertThat(content.statusCode()).as("download of %s", fileId).isEqualTo(200);
                assertThat(content.body()).isEqualTo(data);
            }
            JsonNode listed = ferry.json("/api/v1/files?clientId=" + SecuredFerry.segment(clientId));
            assertThat(listed.path("files")).hasSize(4);
        }
    }

    @Test
    void shouldRefuseNamesThatCouldEscapeAndWriteNothing() throws Exception {
        String clientId = "namer";
        List<String> bad = List.of("..", ".", "../x", "/etc/passwd", "a/b", "a\\b", "..\\x", "C:x", "a\u0000b",
                "a\u0001b", "a\nb", "x".repeat(241));
        try (Device device = Device.connect(ferry.mqttUri(), clientId)) {
            for (int i = 0; i < bad.size(); i++) {
                String topic = "$file/bad" + i + "/init";
                String meta = "{\"name\":" + io.ferry.protocol.Json.MAPPER.valueToTree(bad.get(i)) + "}";
                device.publish(topic, meta.getBytes(UTF_8));
                assertThat(device.awaitResponse(topic).path("reason_description").asText()).as(bad.get(i))
                        .isEqualTo("invalid_filemeta");
                // a device that ignores the refusal and sends its bytes and fin anyway must not get a file either
                String segment = "$file/bad" + i + "/0";
                device.publish(segment, "escaped".getBytes(UTF_8));
                device.awaitResponse(segment);
                String fin = "$file/bad" + i + "/fin/7";
                device.publish(fin, new byte[0]);
                assertThat(device.awaitResponse(fin).path("reason_description").asText()).as(bad.get(i))
                        .isNotEqualTo("success");
            }
            // the positive that proves the negative: a later good upload of the same device is exported (after every
            // refused command on the same ordered path), and it is the only thing in the device's directory
            byte[] data = "good".getBytes(UTF_8);
            assertThat(SecuredFerry.upload(device, "good", "good.bin", data, 100).path("reason_description").asText())
                    .isEqualTo("success");
        }
        Path clientDir = ferry.sinkRoot().resolve(clientId);
        try (Stream<Path> files = Files.walk(clientDir)) {
            assertThat(files.filter(Files::isRegularFile).map(f -> clientDir.relativize(f).toString()))
                    .containsExactlyInAnyOrder("good/good.bin", "good/good.bin.MANIFEST.json");
        }
    }

    @Test
    void shouldAnswerExportFailedAndLeaveNothingWhenAnIdIsTooLongForTheFileSystem() throws Exception {
        String fileId = "y".repeat(300);
        try (Device device = Device.connect(ferry.mqttUri(), "long-ids")) {
            JsonNode fin = SecuredFerry.upload(device, fileId, "f.bin", "data".getBytes(UTF_8), 100);
            assertThat(fin.path("reason_description").asText()).isEqualTo("export_failed");
        }
        try (Stream<Path> left = Files.walk(ferry.sinkRoot())) {
            assertThat(left.filter(Files::isRegularFile)
                    .filter(p -> p.toString().contains("long-ids") || p.getFileName().toString().contains("yyyy")))
                    .isEmpty();
        }
    }

    @Test
    void shouldRefuseClientIdsMqttForbids() {
        assertThatThrownBy(() -> Device.connect(ferry.mqttUri(), "nul\u0000id").close()).isInstanceOf(Exception.class);
    }

    /** Every clientId uploads every fileId (devices in parallel); returns the expected file per path. */
    private static Map<Path, byte[]> uploadMatrix() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Map<Path, byte[]>>> results = new ArrayList<>();
            for (int c = 0; c < CLIENT_IDS.size(); c++) {
                String clientId = CLIENT_IDS.get(c);
                int clientIndex = c;
                results.add(pool.submit(() -> uploadAll(clientId, clientIndex)));
            }
            Map<Path, byte[]> expected = new HashMap<>();
            for (Future<Map<Path, byte[]>> result : results) {
                expected.putAll(result.get());
            }
            assertThat(expected).hasSize(CLIENT_IDS.size() * FILE_IDS.size());
            return expected;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Map<Path, byte[]> uploadAll(String clientId, int clientIndex) throws Exception {
        Map<Path, byte[]> expected = new HashMap<>();
        try (Device device = Device.connect(ferry.mqttUri(), clientId)) {
            List<String> fins = new ArrayList<>();
            for (int f = 0; f < FILE_IDS.size(); f++) {
                String fileId = FILE_IDS.get(f);
                String name = NAMES.get((clientIndex + f) % NAMES.size());
                byte[] data = (clientId + "|" + fileId + "|" + name).getBytes(UTF_8);
                SecuredFerry.uploadWithoutFin(device, fileId, name, data, 64, data.length);
                String fin = "$file/" + fileId + "/fin/" + data.length + "/" + Sha256.digest(data).hex();
                device.publish(fin, new byte[0]);
                fins.add(fin);
                expected.put(ferry.exported(clientId, fileId, name), data);
            }
            for (String fin : fins) {
                assertThat(device.awaitResponse(fin).path("reason_description").asText())
                        .as("%s %s", clientId, fin).isEqualTo("success");
            }
        }
        return expected;
    }
}
