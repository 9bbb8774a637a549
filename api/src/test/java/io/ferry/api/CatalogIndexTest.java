package io.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.records.CatalogEntry;
import io.ferry.records.TransferId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CatalogIndexTest {
    private final CatalogIndex index = new CatalogIndex();

    @Test
    void shouldListNewestFirstWithCursorOnlyWhenMoreFollow() {
        for (int i = 0; i < 5; i++) {
            index.putFile(TestFiles.entry("c", "f" + i, "n" + i, 1000 + i));
        }
        FilePage first = index.files(FileQuery.first(3));
        assertThat(first.files()).extracting(CatalogEntry::fileId).containsExactly("f4", "f3", "f2");
        assertThat(first.next()).isNotNull();
        FilePage second = index.files(new FileQuery(null, null, null, null, 3, first.next()));
        assertThat(second.files()).extracting(CatalogEntry::fileId).containsExactly("f1", "f0");
        assertThat(second.next()).isNull();
        assertThat(index.files(FileQuery.first(5)).next()).isNull();
    }

    @Test
    void shouldNeitherRepeatNorSkipWhenFilesArriveBetweenPages() {
        int exported = 0;
        for (; exported < 50; exported++) {
            index.putFile(TestFiles.entry("c" + exported % 3, "f" + exported, "n", 10_000 + exported / 2));
        }
        Set<String> before = fileIds(index.files(FileQuery.first(1000)).files());
        List<String> seen = new ArrayList<>();
        FileKey cursor = null;
        do {
            FilePage page = index.files(new FileQuery(null, null, null, null, 7, cursor));
            page.files().forEach(e -> seen.add(e.fileId()));
            cursor = page.next();
            // Newer files keep arriving, some with the same timestamp as already-listed ones.
            index.putFile(TestFiles.entry("c9", "new" + exported, "n", 20_000 + exported));
            exported++;
        } while (cursor != null);
        assertThat(seen).doesNotHaveDuplicates();
        assertThat(new HashSet<>(seen)).isEqualTo(before);
    }

    @Test
    void shouldFilterByClientNameAndTimeWindow() {
        index.putFile(TestFiles.entry("cam-1", "a", "Photo-1.JPG", 1_000));
        index.putFile(TestFiles.entry("cam-1", "b", "log.txt", 2_000));
        index.putFile(TestFiles.entry("cam-2", "c", "photo-2.jpg", 3_000));
        index.putFile(TestFiles.entry("cam-1", "d", "photo-3.jpg", 4_000));

        assertThat(fileIds(query("cam-1", null, null, null))).containsExactlyInAnyOrder("a", "b", "d");
        assertThat(fileIds(query(null, "PHOTO", null, null))).containsExactlyInAnyOrder("a", "c", "d");
        assertThat(fileIds(query("cam-1", "photo", null, null))).containsExactlyInAnyOrder("a", "d");
        assertThat(fileIds(query(null, null, Instant.ofEpochMilli(2_000), Instant.ofEpochMilli(4_000))))
                .containsExactlyInAnyOrder("b", "c");
        assertThat(query("nobody", null, null, null)).isEmpty();
    }

    @Test
    void shouldPageWithinFilters() {
        for (int i = 0; i < 10; i++) {
            index.putFile(TestFiles.entry(i % 2 == 0 ? "even" : "odd", "f" + i, "n", i));
        }
        FilePage first = index.files(new FileQuery("even", null, null, null, 3, null));
        assertThat(first.files()).extracting(CatalogEntry::fileId).containsExactly("f8", "f6", "f4");
        FilePage second = index.files(new FileQuery("even", null, null, null, 3, first.next()));
        assertThat(second.files()).extracting(CatalogEntry::fileId).containsExactly("f2", "f0");
        assertThat(second.next()).isNull();
    }

    @Test
    void shouldReplaceEntryOfSameTransferAndRemoveOnTombstone() {
        index.putFile(TestFiles.entry("c", "f", "old", 1));
        index.putFile(TestFiles.entry("c", "f", "new", 5));
        assertThat(index.fileCount()).isEqualTo(1);
        assertThat(index.files(FileQuery.first(10)).files()).extracting(CatalogEntry::name).containsExactly("new");
        assertThat(index.removeFile(new TransferId("c", "f"))).isTrue();
        assertThat(index.removeFile(new TransferId("c", "f"))).isFalse();
        assertThat(index.files(new FileQuery("c", null, null, null, 10, null)).files()).isEmpty();
        assertThat(index.fileCount()).isZero();
    }

    private List<CatalogEntry> query(String clientId, String name, Instant since, Instant until) {
        return index.files(new FileQuery(clientId, name, since, until, 100, null)).files();
    }

    private static Set<String> fileIds(List<CatalogEntry> entries) {
        Set<String> ids = new HashSet<>();
        entries.forEach(e -> ids.add(e.fileId()));
        return ids;
    }
}
