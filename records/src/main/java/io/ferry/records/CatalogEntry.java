package io.ferry.records;

import static java.util.Objects.requireNonNull;

import io.ferry.protocol.Checks;
import io.ferry.protocol.FileMeta;
import io.ferry.protocol.Sha256;
import java.util.List;

/** A value of {@code ferry.files} (compacted, keyed by transfer id): one exported file. */
public record CatalogEntry(String clientId, String fileId, String name, long size, Sha256 sha256, FileMeta meta,
                           long exportedAt, List<Location> locations) {
    public CatalogEntry {
        Checks.clientId(clientId);
        Checks.fileId(fileId);
        requireNonNull(name, "name");
        requireNonNull(sha256, "sha256");
        requireNonNull(meta, "meta");
        locations = List.copyOf(requireNonNull(locations, "locations"));
    }

    public TransferId transferId() {
        return new TransferId(clientId, fileId);
    }
}
