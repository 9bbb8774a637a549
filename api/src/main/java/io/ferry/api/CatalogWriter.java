package io.ferry.api;

import io.ferry.records.TransferId;

/** Writes to {@code ferry.files}: only tombstones, since the exporter owns the entries. */
interface CatalogWriter extends AutoCloseable {
    /** Blocks until the tombstone is durable; throws {@link ApiException} 503 when Kafka cannot take it. */
    void tombstone(TransferId id);

    @Override
    default void close() {
    }
}
