package io.ferry.exporter.sink;

import io.ferry.records.Location;
import io.ferry.protocol.Sha256;
import io.ferry.storage.FileStore;
import java.time.Instant;
import java.util.Optional;

/**
 * A place exported files land. Locations are deterministic from (clientId, fileId, name), so writing the same file
 * twice yields one file. Implementations throw unchecked exceptions; {@link SinkErrors#classify(Throwable)} says
 * whether retrying can help.
 */
public interface Sink extends AutoCloseable {
    /** The configured name, recorded in {@link Location#sink()}. */
    String name();

    /** Where {@code file} is (or would be) stored. */
    Location locationOf(ExportFile file);

    /** The location if a file of exactly {@code file.size()} bytes with this SHA-256 is already stored there. */
    Optional<Location> findIdentical(ExportFile file, Sha256 sha256);

    /** Starts writing {@code file}; nothing is visible until {@link SinkWrite#commit(Sha256)}. */
    SinkWrite begin(ExportFile file);

    /** Reads and deletes the files this sink stored (retention deletes through it). */
    FileStore store();

    /**
     * Removes what exports of this sink left behind and abandoned before {@code olderThan} (temporary files,
     * unfinished multipart uploads); returns how many. Never touches finished files.
     */
    default int removeStale(Instant olderThan) {
        return 0;
    }

    @Override
    void close();
}
