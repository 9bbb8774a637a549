package io.ferry.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.records.Location;
import io.ferry.records.TransferId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStoresTest {
    @TempDir
    Path dir;

    @Test
    void shouldLocateTheFirstStoredLocationAndSkipRefusedOnes() throws IOException {
        LocalStore local = new LocalStore(Files.createDirectories(dir.resolve("root")));
        Path path = local.pathOf(new TransferId("c", "f"), "a.bin");
        Files.createDirectories(path.getParent());
        Files.write(path, new byte[] {1, 2, 3});
        Location forged = new Location("local", Files.writeString(dir.resolve("other.txt"), "x").toUri().toString());
        Location stored = new Location("local", local.uriOf(path));
        Location s3 = new Location("s3", "s3://bucket/c/f/a.bin");

        try (FileStores stores = new FileStores(List.of(local))) {
            assertThat(stores.locate(List.of(forged, s3, stored))).hasValueSatisfying(found -> {
                assertThat(found.location()).isEqualTo(stored);
                assertThat(found.size()).isEqualTo(3);
            });
            assertThat(stores.unreachable(List.of(forged, s3, stored))).containsExactly(s3);

            stores.deleteAll(List.of(forged, stored));
        }
        assertThat(path).doesNotExist();
        assertThat(dir.resolve("other.txt")).hasContent("x");
    }
}
