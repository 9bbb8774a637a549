package io.ferry.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.protocol.ByteRange;
import io.ferry.protocol.Sha256;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourcesTest {
    private static final byte[] DATA = random(100_000);

    @TempDir
    Path dir;

    @Test
    void shouldReadAnyRangeOfAFileAndKnowItsChecksumUpFront() throws IOException {
        Path file = Files.write(dir.resolve("f.bin"), DATA);
        try (FileSource source = FileSource.open(file)) {
            assertThat(source.size()).isEqualTo(DATA.length);
            assertThat(source.knownChecksum()).isEqualTo(Sha256.digest(DATA));
            assertThat(bytes(source.read(90_000, 10_000))).isEqualTo(Arrays.copyOfRange(DATA, 90_000, 100_000));
            assertThat(bytes(source.read(0, 10))).isEqualTo(Arrays.copyOfRange(DATA, 0, 10));
            assertThat(source.finalChecksum()).isEqualTo(Sha256.digest(DATA));
        }
    }

    @Test
    void shouldRefuseToFinishWhenTheFileChangedDuringUpload() throws IOException {
        Path file = Files.write(dir.resolve("f.bin"), DATA);
        try (FileSource source = FileSource.open(file)) {
            Files.setLastModifiedTime(file, FileTime.fromMillis(0));

            assertThatThrownBy(source::finalChecksum).isInstanceOf(IOException.class).hasMessageContaining("changed");
        }
    }

    @Test
    void shouldReadAStreamOnceAndServeUnconfirmedSegmentsAgain() throws IOException {
        StreamSource source = new StreamSource(new ByteArrayInputStream(DATA), DATA.length, null);

        ByteBuffer first = source.read(0, 10_000);
        source.read(10_000, 10_000);
        assertThat(bytes(source.read(0, 10_000))).isEqualTo(bytes(first));
        assertThat(bytes(source.read(5_000, 10_000))).isEqualTo(Arrays.copyOfRange(DATA, 5_000, 15_000));
        assertThat(source.keptBytes()).isEqualTo(20_000);

        source.release(RangeSet.of(List.of(new ByteRange(0, 10_000))));
        assertThat(source.keptBytes()).isEqualTo(10_000);
        assertThatThrownBy(() -> source.read(0, 10)).isInstanceOf(IOException.class)
                .hasMessageContaining("moved past");
    }

    @Test
    void shouldHashSkippedBytesOfAStreamWhenTheServerAlreadyHasThem() throws IOException {
        StreamSource source = new StreamSource(new ByteArrayInputStream(DATA), DATA.length, null);

        assertThat(bytes(source.read(60_000, 40_000))).isEqualTo(Arrays.copyOfRange(DATA, 60_000, 100_000));
        assertThat(source.knownChecksum()).isNull();
        assertThat(source.finalChecksum()).isEqualTo(Sha256.digest(DATA));
    }

    @Test
    void shouldFailWhenTheStreamIsShorterOrLongerThanDeclared() {
        StreamSource shorter = new StreamSource(new ByteArrayInputStream(DATA), DATA.length + 1, null);
        StreamSource longer = new StreamSource(new ByteArrayInputStream(DATA), DATA.length - 1, null);

        assertThatThrownBy(shorter::finalChecksum).isInstanceOf(IOException.class).hasMessageContaining("ended");
        assertThatThrownBy(longer::finalChecksum).isInstanceOf(IOException.class).hasMessageContaining("longer");
    }

    @Test
    void shouldFailWhenAStreamDoesNotMatchItsDeclaredChecksum() {
        StreamSource source = new StreamSource(new ByteArrayInputStream(DATA), DATA.length, Sha256.digest(new byte[1]));

        assertThatThrownBy(source::finalChecksum).isInstanceOf(IOException.class).hasMessageContaining("differs");
    }

    private static byte[] bytes(ByteBuffer buffer) {
        return MqttTransports.bytes(buffer);
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(7).nextBytes(bytes);
        return bytes;
    }
}
