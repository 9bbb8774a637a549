package io.ferry.records;

import java.util.Map;

/**
 * The current format version of every versioned Kafka record value (see {@link VersionedJson} for the rules).
 * Version 1 is the first with a version field; version 0, the records written before, has the same fields.
 */
public final class RecordFormats {
    /** ferry.ready. */
    public static final VersionedJson<Manifest> MANIFEST = new VersionedJson<>(Manifest.class, 1, Map.of());
    /** ferry.files. */
    public static final VersionedJson<CatalogEntry> CATALOG_ENTRY =
            new VersionedJson<>(CatalogEntry.class, 1, Map.of());
    /** ferry.transfers. */
    public static final VersionedJson<TransferSnapshot> TRANSFER_SNAPSHOT =
            new VersionedJson<>(TransferSnapshot.class, 1, Map.of());

    private RecordFormats() {
    }
}
