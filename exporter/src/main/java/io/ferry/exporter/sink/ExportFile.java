package io.ferry.exporter.sink;

import static java.util.Objects.requireNonNull;

import io.ferry.protocol.FileMeta;
import io.ferry.protocol.FileNames;
import io.ferry.records.Manifest;
import io.ferry.protocol.Sha256;
import io.ferry.records.TransferId;
import io.ferry.storage.StorageLayout;

/**
 * What a sink is asked to store: the transfer, its init meta (the file name is {@code meta.name()}), the exact size,
 * and the expected SHA-256 if the device gave one (null otherwise). The name is checked again here although init
 * validation already did, because a sink builds paths from it.
 */
public record ExportFile(TransferId transferId, FileMeta meta, long size, Sha256 expectedSha256) {
    public ExportFile {
        requireNonNull(transferId, "transferId");
        requireNonNull(meta, "meta");
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0: " + size);
        }
        String unsafe = FileNames.whyUnsafe(meta.name());
        if (unsafe != null) {
            throw new IllegalArgumentException("file name is " + unsafe + ": " + transferId);
        }
    }

    public static ExportFile of(Manifest manifest) {
        return new ExportFile(manifest.transferId(), manifest.meta(), manifest.size(), manifest.expectedChecksum());
    }

    public String name() {
        return meta.name();
    }

    /** The sink-independent relative location {@code esc(clientId)/esc(fileId)/name} ({@link StorageLayout}). */
    public String relativeKey() {
        return StorageLayout.relativeKey(transferId, name());
    }
}
