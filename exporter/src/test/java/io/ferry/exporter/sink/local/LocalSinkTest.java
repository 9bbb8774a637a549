package io.ferry.exporter.sink.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.exporter.sink.ExportFile;
import io.ferry.exporter.sink.SinkErrors;
import io.ferry.exporter.sink.SinkWrite;
import io.ferry.protocol.ByteRange;
import io.ferry.protocol.FileMeta;
import io.ferry.protocol.FileNames;
import io.ferry.protocol.Json;
import io.ferry.records.Location;
import io.ferry.protocol.Sha256;
import io.ferry.records.TransferId;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalSinkTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
    /** Ids that try to climb out of the root, hide, or collide after naive escaping. */
    static final List<String> HOSTILE_IDS = List.of("..", ".", "../..", "../../etc", "/etc/passwd", "%2e%2e",
            "%2E%2E", "%252e", "a/../../b", "..\\..\\windows", "\\", "/", "C:\\x", "c:", ".tmp%", ".tmp",
            "\u2024\u2024", "\u2215etc\u2215passwd", "\uff0e\uff0e\uff0f", "\u200b..", "..\u200b", "a\nb", "\t",
            "%", "%%", "%25", "~", "~root", " ", "..%2f..", "\u00e9", "e\u0301", "\ud83d\ude00", "x".repeat(200));

    @TempDir
    Path root;

    private LocalSink sink() {
        return new LocalSink("local", root, CLOCK);
    }

    private static ExportFile file(String clientId, String fileId, String name, byte[] content) {
        return new ExportFile(new TransferId(clientId, fileId), FileMeta.named(name), content.length, null);
    }

    private static Location export(LocalSink sink, ExportFile file, byte[] content) {
        try (SinkWrite write = sink.begin(file)) {
            write.write(ByteBuffer.wrap(content));
            return write.commit(Sha256.digest(content));
        }
    }

    @Test
    void shouldWriteFileAndManifestAtEscapedPathWhenCommitted() throws IOException {
        byte[] content = "hello ferry".getBytes(UTF_8);
        LocalSink sink = sink();
        Location location = export(sink, file("dev/1", "f:1", "report.txt", content), content);

        Path expected = root.toRealPath().resolve("dev%2F1").resolve("f%3A1").resolve("report.txt");
        assertThat(Path.of(URI.create(location.uri()))).isEqualTo(expected);
        assertThat(location.sink()).isEqualTo("local");
        assertThat(Files.readAllBytes(expected)).isEqualTo(content);
        JsonNode manifest = Json.MAPPER.readTree(expected.resolveSibling("report.txt.MANIFEST.json").toFile());
        assertThat(manifest.get("clientId").asText()).isEqualTo("dev/1");
        assertThat(manifest.get("fileId").asText()).isEqualTo("f:1");
        assertThat(manifest.get("size").asLong()).isEqualTo(content.length);
        assertThat(manifest.get("sha256").asText()).isEqualTo(Sha256.digest(content).hex());
        assertThat(manifest.get("exportedAt").asLong()).isEqualTo(CLOCK.millis());
        assertThat(manifest.get("meta").get("name").asText()).isEqualTo("report.txt");
        assertThat(tempFiles()).isEmpty();
    }

    @Test
    void shouldShowNothingWhenWriteIsNotCommitted() throws IOException {
        LocalSink sink = sink();
        ExportFile file = file("c", "f", "a.bin", new byte[10]);
        SinkWrite write = sink.begin(file);
        write.write(ByteBuffer.wrap(new byte[10]));

        assertThat(Files.exists(sink.pathOf(file))).isFalse();
        write.abort();
        write.abort();
        assertThat(tempFiles()).isEmpty();
        assertThat(Files.exists(sink.pathOf(file))).isFalse();
    }

    @Test
    void shouldRefuseCommitWhenBytesDoNotMatchSize() throws IOException {
        LocalSink sink = sink();
        ExportFile file = file("c", "f", "a.bin", new byte[10]);
        try (SinkWrite write = sink.begin(file)) {
            write.write(ByteBuffer.wrap(new byte[9]));
            assertThatThrownBy(() -> write.commit(Sha256.digest(new byte[9])))
                    .isInstanceOf(IllegalStateException.class);
        }
        assertThat(Files.exists(sink.pathOf(file))).isFalse();
        assertThat(tempFiles()).isEmpty();
    }

    @Test
    void shouldKeepHostileIdsInsideRootWithoutCollisions() throws IOException {
        LocalSink sink = sink();
        Path realRoot = root.toRealPath();
        Set<Path> paths = new HashSet<>();
        int n = 0;
        for (String clientId : HOSTILE_IDS) {
            for (String fileId : List.of("..", "/etc/passwd", "%2e%2e", clientId)) {
                byte[] content = (clientId + "|" + fileId).getBytes(UTF_8);
                ExportFile file = file(clientId, fileId, "data.bin", content);
                Path path = Path.of(URI.create(export(sink, file, content).uri()));
                assertThat(path.normalize()).startsWith(realRoot);
                assertThat(path.getNameCount()).isEqualTo(realRoot.getNameCount() + 3);
                assertThat(realRoot.relativize(path).getName(0).toString()).isNotEqualTo(LocalSink.TEMP_DIR);
                assertThat(Files.readAllBytes(path)).isEqualTo(content);
                paths.add(path);
                n++;
            }
        }
        // Distinct (clientId, fileId) pairs never share a file; the duplicates in the loop are the same pair.
        long distinctPairs = HOSTILE_IDS.stream()
                .flatMap(c -> Stream.of("..", "/etc/passwd", "%2e%2e", c).map(f -> c + "\u0000" + f))
                .distinct().count();
        assertThat(paths).hasSize((int) distinctPairs);
        assertThat(n).isGreaterThanOrEqualTo(paths.size());
        try (Stream<Path> all = Files.walk(realRoot)) {
            assertThat(all.filter(Files::isRegularFile)).allSatisfy(p -> assertThat(p).startsWith(realRoot));
        }
    }

    @Test
    void shouldEscapeIdsInjectively() {
        Set<String> escaped = new HashSet<>();
        for (String id : HOSTILE_IDS) {
            String level = FileNames.escape(id);
            assertThat(level).isNotIn("", ".", "..").doesNotContain("/").doesNotContain("\\")
                    .isNotEqualTo(LocalSink.TEMP_DIR);
            assertThat(FileNames.unescape(level)).isEqualTo(id);
            escaped.add(level);
        }
        assertThat(escaped).hasSize(HOSTILE_IDS.size());
    }

    @Test
    void shouldFindIdenticalFileOnlyWithSameSizeAndDigest() {
        byte[] content = "same".getBytes(UTF_8);
        LocalSink sink = sink();
        ExportFile file = file("c", "f", "x", content);
        assertThat(sink.findIdentical(file, Sha256.digest(content))).isEmpty();

        Location location = export(sink, file, content);

        assertThat(sink.findIdentical(file, Sha256.digest(content))).contains(location);
        assertThat(sink.findIdentical(file, Sha256.digest(new byte[4]))).isEmpty();
    }

    @Test
    void shouldReplaceFileWhenExportedAgain() throws IOException {
        LocalSink sink = sink();
        ExportFile first = file("c", "f", "x", new byte[] {1, 2, 3});
        export(sink, first, new byte[] {1, 2, 3});
        ExportFile second = file("c", "f", "x", new byte[] {4, 5});
        Location location = export(sink, second, new byte[] {4, 5});

        assertThat(Files.readAllBytes(Path.of(URI.create(location.uri())))).containsExactly(4, 5);
        assertThat(sink.findIdentical(second, Sha256.digest(new byte[] {4, 5}))).contains(location);
    }

    @Test
    void shouldReadRangeAndDelete() throws IOException {
        byte[] content = "0123456789".getBytes(UTF_8);
        LocalSink sink = sink();
        ExportFile file = file("c", "f", "digits", content);
        Location location = export(sink, file, content);

        try (InputStream in = sink.store().open(location, new ByteRange(3, 7))) {
            assertThat(in.readAllBytes()).isEqualTo("3456".getBytes(UTF_8));
        }
        assertThat(sink.store().delete(location)).isTrue();
        assertThat(sink.store().delete(location)).isFalse();
        assertThat(Files.exists(sink.pathOf(file))).isFalse();
        assertThat(Files.exists(root.resolve("c"))).isFalse();
    }

    @Test
    void shouldRejectLocationOutsideRoot() {
        LocalSink sink = sink();
        Location outside = new Location("local", root.resolve("../etc/passwd").toUri().toString());
        assertThatThrownBy(() -> sink.store().open(outside, new ByteRange(0, 1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sink.store().delete(outside)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldFailFatallyAndLeaveNothingWhenDirectoryCannotBeCreated() throws IOException {
        LocalSink sink = sink();
        // A regular file where the client's directory has to go: the export cannot succeed by retrying.
        Files.writeString(root.resolve("blocked"), "not a directory");
        byte[] content = new byte[100];
        ExportFile file = file("blocked", "f", "x", content);
        SinkWrite write = sink.begin(file);
        write.write(ByteBuffer.wrap(content));

        assertThatThrownBy(() -> write.commit(Sha256.digest(content)))
                .satisfies(e -> assertThat(SinkErrors.classify(e)).isEqualTo(SinkErrors.Kind.FATAL));
        write.abort();
        assertThat(tempFiles()).isEmpty();
        assertThat(Files.readString(root.resolve("blocked"))).isEqualTo("not a directory");
    }

    @Test
    void shouldRejectUnsafeNamesBeforeTouchingDisk() {
        assertThatThrownBy(() -> file("c", "f", "..", new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> file("c", "f", "a/b", new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> file("c", "f", "a\\b", new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }

    private List<Path> tempFiles() throws IOException {
        try (Stream<Path> files = Files.list(root.resolve(LocalSink.TEMP_DIR))) {
            return files.toList();
        }
    }
}
