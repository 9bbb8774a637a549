package io.ferry.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.protocol.ByteRange;
import io.ferry.records.Location;
import io.ferry.records.TransferId;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStoreTest {
    @TempDir
    Path dir;

    private Location store(LocalStore store, String clientId, String fileId, String name, String content)
            throws IOException {
        Path path = store.pathOf(new TransferId(clientId, fileId), name);
        Files.createDirectories(path.getParent());
        Files.writeString(path, content);
        Files.writeString(LocalStore.manifestOf(path), "{}");
        return new Location("local", store.uriOf(path));
    }

    @Test
    void shouldLayOutEscapedIdsThreeLevelsBelowTheRoot() throws IOException {
        LocalStore store = new LocalStore(Files.createDirectories(dir.resolve("root")));

        Path path = store.pathOf(new TransferId("a/b", ".."), "x.bin");

        assertThat(store.root().relativize(path).toString()).isEqualTo("a%2Fb/%2E%2E/x.bin");
        assertThat(LocalStore.manifestOf(path).getFileName().toString()).isEqualTo("x.bin.MANIFEST.json");
    }

    @Test
    void shouldReadARangeAndReportTheSize() throws IOException {
        LocalStore store = new LocalStore(dir);
        Location location = store(store, "c", "f", "digits", "0123456789");

        assertThat(store.size(location)).hasValue(10);
        try (InputStream in = store.open(location, new ByteRange(3, 7))) {
            assertThat(new String(in.readAllBytes(), UTF_8)).isEqualTo("3456");
        }
        assertThat(store.size(new Location("local", store.uriOf(store.pathOf(new TransferId("c", "g"), "d")))))
                .isEmpty();
    }

    @Test
    void shouldDeleteFileManifestAndEmptyDirectoriesOnly() throws IOException {
        LocalStore store = new LocalStore(dir);
        Location first = store(store, "c", "f1", "a.bin", "a");
        Location second = store(store, "c", "f2", "b.bin", "b");

        assertThat(store.delete(first)).isTrue();
        assertThat(store.delete(first)).isFalse();

        assertThat(dir.resolve("c/f1")).doesNotExist();
        assertThat(dir.resolve("c/f2/b.bin")).hasContent("b");
        assertThat(dir.resolve("c/f2/b.bin.MANIFEST.json")).exists();
        assertThat(store.delete(second)).isTrue();
        assertThat(dir.resolve("c")).doesNotExist();
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void shouldRefuseLocationsOutsideTheLayoutWithoutTouchingThem() throws IOException {
        LocalStore store = new LocalStore(Files.createDirectories(dir.resolve("root")));
        Path outside = Files.writeString(dir.resolve("secret.txt"), "keep");
        Path shallow = Files.writeString(dir.resolve("root/top.txt"), "keep");
        Path temp = Files.createDirectories(dir.resolve("root").resolve(StorageLayout.TEMP_DIR).resolve("x"));
        Path inTemp = Files.writeString(temp.resolve("part"), "keep");

        for (Path path : new Path[] {outside, shallow, inTemp, dir.resolve("root/a/../../secret.txt")}) {
            Location location = new Location("local", path.toUri().toString());
            assertThatThrownBy(() -> store.size(location)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.open(location, new ByteRange(0, 1)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.delete(location)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(outside).hasContent("keep");
        assertThat(shallow).hasContent("keep");
        assertThat(inTemp).hasContent("keep");
    }

    @Test
    void shouldRefuseUnsafeNamesAndOtherSchemes() {
        LocalStore store = new LocalStore(dir);
        assertThatThrownBy(() -> store.pathOf(new TransferId("c", "f"), "..")).isInstanceOf(
                IllegalArgumentException.class);
        assertThatThrownBy(() -> store.pathOf(new TransferId("c", "f"), "a/b")).isInstanceOf(
                IllegalArgumentException.class);
        Location s3 = new Location("s3", "s3://bucket/c/f/a");
        assertThat(store.handles(s3)).isFalse();
        assertThatThrownBy(() -> store.size(s3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldFollowARootThatIsASymbolicLink() throws IOException {
        Path real = Files.createDirectories(dir.resolve("real"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);
        LocalStore viaLink = new LocalStore(link);
        Location location = store(new LocalStore(real), "c", "f", "a.bin", "abc");

        assertThat(viaLink.size(location)).hasValue(3);
    }
}
