package io.ferry.exporter.sink.local;

import static java.util.Objects.requireNonNull;

import io.ferry.exporter.sink.ExportFile;
import io.ferry.exporter.sink.Sink;
import io.ferry.exporter.sink.SinkException;
import io.ferry.exporter.sink.SinkWrite;
import io.ferry.protocol.Json;
import io.ferry.records.Location;
import io.ferry.protocol.Sha256;
import io.ferry.storage.LocalStore;
import io.ferry.storage.StorageLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exports into a directory laid out and read by {@link LocalStore}: {@code <root>/<esc(clientId)>/<esc(fileId)>/<name>}
 * plus {@code <name>.MANIFEST.json} beside it ({@link io.ferry.storage.ManifestRule}). Bytes go to a temporary file
 * under {@code <root>/.tmp%/} ({@link StorageLayout#TEMP_DIR}), are fsynced and renamed into place atomically, so a
 * partial file is never visible.
 */
public final class LocalSink implements Sink {
    /** The temporary directory below the root ({@link StorageLayout#TEMP_DIR}). */
    public static final String TEMP_DIR = StorageLayout.TEMP_DIR;
    private static final Logger LOG = LoggerFactory.getLogger(LocalSink.class);
    private static final Duration STALE_TEMP_AGE = Duration.ofDays(1);
    private final String name;
    private final Path root;
    private final Path temp;
    private final LocalStore store;
    private final Clock clock;

    public LocalSink(String name, Path root, Clock clock) {
        this.name = requireNonNull(name, "name");
        this.clock = requireNonNull(clock, "clock");
        try {
            Files.createDirectories(requireNonNull(root, "root"));
            this.root = root.toRealPath();
            this.temp = Files.createDirectories(this.root.resolve(TEMP_DIR));
            this.store = new LocalStore(this.root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use local export root " + root, e);
        }
        removeStaleTemporaries();
    }

    public Path root() {
        return root;
    }

    @Override
    public String name() {
        return name;
    }

    /** The data file's path ({@link LocalStore#contain}); a fatal {@link SinkException} if it escapes the root. */
    public Path pathOf(ExportFile file) {
        try {
            return store.pathOf(file.transferId(), file.name());
        } catch (IllegalArgumentException e) {
            throw new SinkException("export path escapes the root for " + file.transferId(), false, e);
        }
    }

    static Path manifestOf(Path data) {
        return LocalStore.manifestOf(data);
    }

    @Override
    public Location locationOf(ExportFile file) {
        return new Location(name, store.uriOf(pathOf(file)));
    }

    @Override
    public Optional<Location> findIdentical(ExportFile file, Sha256 sha256) {
        Path data = pathOf(file);
        try {
            LocalManifest manifest = Json.MAPPER.readValue(Files.readAllBytes(manifestOf(data)),
                    LocalManifest.class);
            if (manifest.size() == file.size() && manifest.sha256().equals(sha256)
                    && Files.size(data) == file.size()) {
                return Optional.of(locationOf(file));
            }
            return Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            // An unreadable or foreign manifest is not proof of anything: export again over it.
            LOG.warn("ignoring unreadable manifest beside {}: {}", data, e.toString());
            return Optional.empty();
        }
    }

    @Override
    public SinkWrite begin(ExportFile file) {
        return new LocalSinkWrite(this, file, pathOf(file), temp, clock);
    }

    @Override
    public LocalStore store() {
        return store;
    }

    /** Temporaries of a crashed process; young ones may belong to another exporter sharing this root. */
    private void removeStaleTemporaries() {
        removeStale(clock.instant().minus(STALE_TEMP_AGE));
    }

    @Override
    public int removeStale(Instant olderThan) {
        int removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(temp)) {
            for (Path entry : entries) {
                if (Files.getLastModifiedTime(entry).toInstant().isBefore(olderThan) && Files.deleteIfExists(entry)) {
                    removed++;
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot clean temporary files in {}: {}", temp, e.toString());
        }
        if (removed > 0) {
            LOG.info("removed {} stale temporary files from {}", removed, temp);
        }
        return removed;
    }

    @Override
    public void close() {
        // Nothing held open between writes.
    }

    @Override
    public String toString() {
        return "LocalSink[name=" + name + ", root=" + root + "]";
    }
}
