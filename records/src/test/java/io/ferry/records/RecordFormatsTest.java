package io.ferry.records;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.protocol.ByteRange;
import io.ferry.protocol.FileMeta;
import io.ferry.protocol.ReplyTo;
import io.ferry.protocol.Sha256;
import io.ferry.protocol.TransferState;
import io.ferry.protocol.TransferStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Records written by the previous format (committed samples under {@code formats/}, written by Ferry before record
 * formats had versions) read back field by field through today's serdes; today's records carry their version.
 */
class RecordFormatsTest {
    private static final Sha256 SHA = Sha256.parse("ab".repeat(32));

    private static byte[] sample(String name) {
        try (InputStream in = RecordFormatsTest.class.getResourceAsStream("/formats/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertMeta(FileMeta meta) {
        assertThat(meta.name()).isEqualTo("report.bin");
        assertThat(meta.size()).isEqualTo(10);
        assertThat(meta.checksum()).isEqualTo(SHA);
        assertThat(meta.expireAt()).isEqualTo(1796302923L);
        assertThat(meta.segmentsTtl()).isEqualTo(600);
        assertThat(meta.userData().get("site").asText()).isEqualTo("Zürich");
        assertThat(meta.userData().get("tags").get(1).asInt()).isEqualTo(2);
    }

    @Test
    void shouldReadManifestWrittenByThePreviousFormat() {
        Manifest manifest = FerrySerdes.manifests().deserializer().deserialize("t", sample("manifest-v0.json"));

        assertThat(manifest.transferId()).isEqualTo(new TransferId("dev/1", "file:1"));
        assertThat(manifest.generation()).isEqualTo(42);
        assertMeta(manifest.meta());
        assertThat(manifest.size()).isEqualTo(10);
        assertThat(manifest.expectedChecksum()).isEqualTo(SHA);
        assertThat(manifest.partition()).isEqualTo(3);
        assertThat(manifest.segments()).containsExactly(new SegmentPointer(100, 0, 4), new SegmentPointer(105, 4, 6));
        assertThat(manifest.waiters()).containsExactly(new ReplyTo("dev/1", "$file/file:1/fin/10", 7, "replies/dev",
                new byte[] {1, 2, 3}));
        assertThat(manifest.finishedAt()).isEqualTo(1717243200123L);
    }

    @Test
    void shouldReadCatalogEntryWrittenByThePreviousFormat() {
        CatalogEntry entry = FerrySerdes.catalog().deserializer().deserialize("t", sample("catalog-entry-v0.json"));

        assertThat(entry.transferId()).isEqualTo(new TransferId("dev/1", "file:1"));
        assertThat(entry.name()).isEqualTo("report.bin");
        assertThat(entry.size()).isEqualTo(10);
        assertThat(entry.sha256()).isEqualTo(SHA);
        assertMeta(entry.meta());
        assertThat(entry.exportedAt()).isEqualTo(1717243200456L);
        assertThat(entry.locations()).containsExactly(
                new Location("local", "file:///srv/files/dev%2F1/file%3A1/report.bin"),
                new Location("s3", "s3://ferry-exports/exports/dev%2F1/file%3A1/report.bin"));
    }

    @Test
    void shouldReadTransferSnapshotWrittenByThePreviousFormat() {
        TransferSnapshot snapshot = FerrySerdes.snapshots().deserializer().deserialize("t",
                sample("transfer-snapshot-v0.json"));

        assertThat(snapshot).isEqualTo(new TransferSnapshot("dev/1", "file:1", "report.bin",
                new TransferStatus(TransferState.RECEIVING, List.of(new ByteRange(0, 4), new ByteRange(6, 8)), 6, 10L,
                        List.of(new ByteRange(4, 6), new ByteRange(8, 10))), 1717243100000L, 1717243200000L));
    }

    @Test
    void shouldWriteTheFormatVersionFirstAndReadItsOwnRecordsBack() {
        CatalogEntry entry = FerrySerdes.catalog().deserializer().deserialize("t", sample("catalog-entry-v0.json"));

        byte[] written = FerrySerdes.catalog().serializer().serialize("t", entry);

        assertThat(new String(written, UTF_8)).startsWith("{\"v\":1,\"clientId\":\"dev/1\"");
        assertThat(FerrySerdes.catalog().deserializer().deserialize("t", written)).isEqualTo(entry);
        Manifest manifest = FerrySerdes.manifests().deserializer().deserialize("t", sample("manifest-v0.json"));
        assertThat(FerrySerdes.manifests().deserializer().deserialize("t",
                FerrySerdes.manifests().serializer().serialize("t", manifest))).isEqualTo(manifest);
    }

    @Test
    void shouldRefuseRecordOfANewerFormatInsteadOfReadingMissingFieldsAsNull() {
        byte[] newer = ("{\"v\":2," + new String(sample("catalog-entry-v0.json"), UTF_8).substring(1))
                .getBytes(UTF_8);

        assertThatThrownBy(() -> FerrySerdes.catalog().deserializer().deserialize("t", newer))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("CatalogEntry record has format version 2, newer than 1");
    }

    /** A format at version 2 that renamed a field: version 1 and 0 records are upgraded, not read as null. */
    record Renamed(String fileName, long size) {
    }

    @Test
    void shouldUpgradeOlderVersionsStepByStepWhenAFieldIsRenamed() {
        VersionedJson<Renamed> v2 = new VersionedJson<>(Renamed.class, 2, Map.of(1, (ObjectNode node) -> {
            node.set("fileName", node.remove("name"));
            return node;
        }));

        assertThat(v2.read("{\"v\":1,\"name\":\"a\",\"size\":3}".getBytes(UTF_8))).isEqualTo(new Renamed("a", 3));
        assertThat(v2.read("{\"name\":\"b\",\"size\":4}".getBytes(UTF_8))).isEqualTo(new Renamed("b", 4));
        assertThat(v2.read(v2.write(new Renamed("c", 5)))).isEqualTo(new Renamed("c", 5));
        assertThat(new String(v2.write(new Renamed("c", 5)), UTF_8))
                .isEqualTo("{\"v\":2,\"fileName\":\"c\",\"size\":5}");
        assertThatThrownBy(() -> new VersionedJson<>(Renamed.class, 3, Map.of(1, node -> node)))
                .hasMessageContaining("no upgrade of Renamed from version 2");
    }
}
