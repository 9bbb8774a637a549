package io.ferry.storage;

import static java.util.Objects.requireNonNull;

import io.ferry.protocol.ByteRange;
import io.ferry.records.Location;
import io.ferry.records.TransferId;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;

/**
 * Files of the local sink, {@code <root>/<esc(clientId)>/<esc(fileId)>/<name>} plus the manifest beside each
 * ({@link ManifestRule}), addressed by {@code file:} URIs. {@link #contain(Path)} is the one containment check:
 * the exporter builds every path it writes with it and every read or delete passes it.
 */
public final class LocalStore implements FileStore {
    private final Path root;

    /** {@code root} need not exist yet; a symbolic link is resolved once it does. */
    public LocalStore(Path root) {
        Path absolute = requireNonNull(root, "root").toAbsolutePath().normalize();
        Path real = absolute;
        try {
            real = absolute.toRealPath();
        } catch (IOException e) {
            // Not created yet (the exporter creates it): compare against the path as configured.
        }
        this.root = real;
    }

    public Path root() {
        return root;
    }

    @Override
    public ManifestRule.Kind kind() {
        return ManifestRule.Kind.LOCAL;
    }

    /** Where the file {@code name} of transfer {@code id} lives. */
    public Path pathOf(TransferId id, String name) {
        return contain(root.resolve(StorageLayout.relativeKey(id, name)));
    }

    /** The location URI of a path below the root. */
    public String uriOf(Path path) {
        return contain(path).toUri().toASCIIString();
    }

    /** The manifest beside a stored file. */
    public static Path manifestOf(Path data) {
        return data.resolveSibling(ManifestRule.localManifestName(data.getFileName().toString()));
    }

    /**
     * {@code path} normalized, if it lies exactly {@link StorageLayout#DEPTH} levels below the root and not in the
     * temporary directory; otherwise {@link IllegalArgumentException}.
     */
    public Path contain(Path path) {
        Path normal = path.toAbsolutePath().normalize();
        if (!normal.startsWith(root) || normal.getNameCount() != root.getNameCount() + StorageLayout.DEPTH
                || root.relativize(normal).getName(0).toString().equals(StorageLayout.TEMP_DIR)) {
            throw new IllegalArgumentException("location outside the local root " + root + ": " + path);
        }
        return normal;
    }

    /** The contained path of a {@code file:} location. */
    public Path pathOf(Location location) {
        Path path;
        try {
            path = Path.of(URI.create(location.uri()));
        } catch (IllegalArgumentException | FileSystemNotFoundException e) {
            throw new IllegalArgumentException("not a file location: " + location.uri(), e);
        }
        return contain(path);
    }

    @Override
    public OptionalLong size(Location location) {
        Path path = pathOf(location);
        try {
            return Files.isRegularFile(path) ? OptionalLong.of(Files.size(path)) : OptionalLong.empty();
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public InputStream open(Location location, ByteRange range) {
        Path path = pathOf(location);
        try {
            FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
            channel.position(range.start());
            return new BoundedInputStream(Channels.newInputStream(channel), range.length());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Also removes the fileId and clientId directories once empty. */
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

    private static void deleteIfEmpty(Path dir) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            if (entries.iterator().hasNext()) {
                return;
            }
        } catch (NoSuchFileException e) {
            return;
        }
        try {
            Files.deleteIfExists(dir);
        } catch (DirectoryNotEmptyException e) {
            // Another export just created a file here: keep the directory.
        }
    }

    @Override
    public String toString() {
        return "LocalStore[root=" + root + "]";
    }
}
