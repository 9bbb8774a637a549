package io.ferry.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.protocol.Sha256;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadRequestTest {
    @TempDir
    Path dir;

    @Test
    void shouldNameAFileUploadAfterTheFile() {
        UploadRequest request = UploadRequest.ofFile(dir.resolve("video.mp4")).userData(Map.of("camera", "front"))
                .build();

        assertThat(request.name()).isEqualTo("video.mp4");
        assertThat(request.userData().get("camera").asText()).isEqualTo("front");
        assertThat(request.fileId()).isNull();
    }

    @Test
    void shouldRejectNamesEmqxRejects() {
        UploadRequest.Builder builder = UploadRequest.ofStream(new ByteArrayInputStream(new byte[0]), 0, "ok");

        assertThatThrownBy(() -> builder.name("../etc")).hasMessageContaining("unsafe");
        assertThatThrownBy(() -> builder.name("..")).hasMessageContaining("special");
        assertThatThrownBy(() -> builder.name("x".repeat(241))).hasMessageContaining("240");
    }

    @Test
    void shouldRejectFileIdsThatAreNotOneTopicLevel() {
        UploadRequest.Builder builder = UploadRequest.ofFile(dir.resolve("a"));

        assertThatThrownBy(() -> builder.fileId("a/b")).hasMessageContaining("fileId");
        assertThatThrownBy(() -> builder.fileId("a+")).hasMessageContaining("fileId");
        assertThatThrownBy(() -> builder.fileId("")).hasMessageContaining("empty");
    }

    @Test
    void shouldDeriveTheSameFileIdForTheSameContentAndNameOnly() throws IOException {
        Path a = Files.writeString(dir.resolve("a.txt"), "hello");
        Path copy = Files.createDirectories(dir.resolve("sub")).resolve("a.txt");
        Files.writeString(copy, "hello");
        Path renamed = Files.writeString(dir.resolve("b.txt"), "hello");

        assertThat(FileIds.forFile(a)).isEqualTo(FileIds.forFile(copy)).hasSize(64);
        assertThat(FileIds.forFile(renamed)).isNotEqualTo(FileIds.forFile(a));
        assertThat(FileIds.sha256(a)).isEqualTo(Sha256.digest("hello".getBytes()));
    }
}
