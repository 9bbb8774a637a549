package io.ferry.exporter.sink.local;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.ferry.protocol.FileMeta;
import io.ferry.protocol.Sha256;

/**
 * The {@code <name>.MANIFEST.json} written beside each exported file ({@link io.ferry.storage.ManifestRule}). It is the commit marker: a data file without
 * a matching manifest is not counted as exported. {@code sha256} is lowercase hex; {@code exportedAt} epoch millis.
 */
@JsonPropertyOrder({"vsn", "clientId", "fileId", "name", "size", "sha256", "exportedAt", "meta"})
record LocalManifest(int vsn, String clientId, String fileId, String name, long size,
                     Sha256 sha256, long exportedAt, FileMeta meta) {
    static final int VERSION = 1;

    LocalManifest {
        requireNonNull(clientId, "clientId");
        requireNonNull(fileId, "fileId");
        requireNonNull(name, "name");
        requireNonNull(sha256, "sha256");
        requireNonNull(meta, "meta");
    }
}
