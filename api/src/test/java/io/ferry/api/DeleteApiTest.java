package io.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.records.CatalogEntry;
import io.ferry.records.Location;
import io.ferry.records.TransferId;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeleteApiTest extends ApiTestBase {
    @Test
    void shouldDeleteFileAndManifestAndWriteTombstone() {
        CatalogEntry entry = TestFiles.stored(root, "c/1", "f:1", "a.bin", TestFiles.pattern(100), 1, null);
        CatalogEntry sibling = TestFiles.stored(root, "c/1", "f:2", "b.bin", TestFiles.pattern(10), 2, null);
        api.catalog.putFile(entry);
        api.catalog.putFile(sibling);
        Path file = Path.of(URI.create(entry.locations().get(0).uri()));
        assertThat(file.resolveSibling("a.bin.MANIFEST.json")).exists();

        assertThat(api.method("DELETE", ApiHarness.path("c/1", "f:1"), ApiHarness.ADMIN).statusCode())
                .isEqualTo(204);

        assertThat(file).doesNotExist();
        assertThat(file.resolveSibling("a.bin.MANIFEST.json")).doesNotExist();
        assertThat(file.getParent()).doesNotExist();
        assertThat(Path.of(URI.create(sibling.locations().get(0).uri()))).exists();
        assertThat(api.tombstones).containsExactly(new TransferId("c/1", "f:1"));
        assertThat(api.get(ApiHarness.path("c/1", "f:1"), ApiHarness.ADMIN).statusCode()).isEqualTo(404);
        assertThat(api.get(ApiHarness.path("c/1", "f:2"), ApiHarness.ADMIN).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldDeleteCatalogEntryWhoseBytesAreAlreadyGone() throws Exception {
        CatalogEntry entry = TestFiles.stored(root, "c", "f", "a.bin", TestFiles.pattern(10), 1, null);
        api.catalog.putFile(entry);
        Files.delete(Path.of(URI.create(entry.locations().get(0).uri())));
        assertThat(api.method("DELETE", ApiHarness.path("c", "f"), ApiHarness.ADMIN).statusCode()).isEqualTo(204);
        assertThat(api.tombstones).containsExactly(new TransferId("c", "f"));
    }

    @Test
    void shouldAnswer404ForUnknownFileWithoutTombstone() {
        assertThat(api.method("DELETE", ApiHarness.path("c", "nope"), ApiHarness.ADMIN).statusCode())
                .isEqualTo(404);
        assertThat(api.tombstones).isEmpty();
    }

    @Test
    void shouldRefuseWhenALocationsStoreIsNotConfigured() {
        CatalogEntry entry = TestFiles.stored(root, "c", "f", "a.bin", TestFiles.pattern(10), 1, null);
        CatalogEntry onS3 = new CatalogEntry("c", "f", "a.bin", 10, entry.sha256(), entry.meta(), 1,
                List.of(entry.locations().get(0), new Location("s3", "s3://b/c/f/a.bin")));
        api.catalog.putFile(onS3);
        var response = api.method("DELETE", ApiHarness.path("c", "f"), ApiHarness.ADMIN);
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(ApiHarness.json(response).at("/error/code").asText()).isEqualTo("STORE_UNAVAILABLE");
        assertThat(Path.of(URI.create(entry.locations().get(0).uri()))).exists();
        assertThat(api.tombstones).isEmpty();
    }
}
