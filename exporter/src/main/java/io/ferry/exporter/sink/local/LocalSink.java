package io.ferry.exporter.sink.local;

import static java.util.Objects.requireNonNull;

import io.ferry.exporter.sink.ExportFile;
import io.ferry.exporter.sink.Sink;
import io.ferry.exporter.sink.SinkException;
import io.ferry.exporter.sink.SinkWrite;
import io.ferry.protocol.Json;
import io.ferry.records.Location;
import io.ferry.protocol.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exports into a directory: {@code <root>/<esc(clientId)>/<esc(fileId)>/<name>} plus {@code <name>.MANIFEST.json}
 * beside it. Bytes go to a temporary file under {@code <root>/.tmp%/} (a name {@code FileNames.escape} can never
 * produce, so no client directory collides with it), are fsynced and renamed into place atomically, so a partial
 * file is never visible.
 */
public final class LocalSink implements Sink {
    /** '%' not followed by two hex digits never appears in an escaped id. */
    public static final String TEMP_DIR = ".tmp%";
    private static final Logger LOG = LoggerFactory.getLogger(LocalSink.class);
    private static final Duration STALE_TEMP_AGE = Duration.ofDays(1);
    private final String name;
    private final Path root;
    private final Path temp;
    private final Clock clock;

    public LocalSink(String name, Path root, Clock clock) {
        this.name = requireNonNull(name, "name");
        this.clock = requireNonNull(clock, "clock");
        try {
            Files.createDirectories(requireNonNull(root, "root"));
            this.root = root.toRealPath();
            this.temp = Files.createDirectories(this.root.resolve(TEMP_DIR));
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

    /** The data file's path; throws a fatal {@link SinkException} if it would not sit exactly 3 levels below root. */
    public Path pathOf(ExportFile file) {
        Path path = root.resolve(file.relativeKey()).normalize();
        if (!path.startsWith(root) || path.getNameCount() != root.getNameCount() + 3
                || root.relativize(path).getName(0).toString().equals(TEMP_DIR)) {
            throw new SinkException("export path escapes the root for " + file.transferId(), false);
        }
        return path;
    }

    static Path manifestOf(Path data) {
        return data.resolveSibling(data.getFileName() + LocalManifest.SUFFIX);
    }

    @Override
    public Location locationOf(ExportFile file) {
        return new Location(name, pathOf(file).toUri().toASCIIString());
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
    public InputStream open(Location location, long offset, long length) {
        Path path = pathOf(location);
        try {
            FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
            channel.position(offset);
            return new BoundedInputStream(Channels.newInputStream(channel), length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean delete(Location location) {
        Path path = pathOf(location);
        try {
            Files.deleteIfExists(manifestOf(path));
            boolean deleted = Files.deleteIfExists(path);
            deleteIfEmpty(path.getParent());
            deleteIfEmpty(path.getParent().getParent());
            return deleted;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path pathOf(Location location) {
        if (!location.sink().equals(name)) {
            throw new IllegalArgumentException("location of sink " + location.sink() + ", not " + name);
        }
        Path path = Path.of(URI.create(location.uri())).normalize();
        if (!path.startsWith(root) || path.getNameCount() != root.getNameCount() + 3) {
            throw new IllegalArgumentException("location outside " + root + ": " + location.uri());
        }
        return path;
    }

    private void deleteIfEmpty(Path dir) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            if (entries.iterator().hasNext()) {
                return;
            }
        } catch (NoSuchFileException e) {
            return;
        }
        try {
            Files.deleteIfExists(dir);
        } catch (java.nio.file.DirectoryNotEmptyException e) {
            // Another export just created a file here: keep the directory.
        }
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
