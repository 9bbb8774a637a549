package io.ferry.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files of the local sink ({@code {root}/{esc(clientId)}/{esc(fileId)}/{name}}), addressed by {@code file:} URIs.
 * When a root is configured, locations outside it are refused, so a forged catalog record cannot make the API
 * read or delete arbitrary files.
 */
final class LocalContentStore implements ContentStore {
    static final String MANIFEST_SUFFIX = ".MANIFEST.json";
    private static final Logger LOG = LoggerFactory.getLogger(LocalContentStore.class);
    private final Path root;

    LocalContentStore(Path root) {
        this.root = root == null ? null : root.toAbsolutePath().normalize();
    }

    @Override
    public boolean handles(URI location) {
        return "file".equalsIgnoreCase(location.getScheme());
    }

    @Override
    public OptionalLong size(URI location) throws IOException {
        Path path = path(location);
        if (path == null || !Files.isRegularFile(path)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Files.size(path));
    }

    @Override
    public InputStream open(URI location, long offset, long length) throws IOException {
        Path path = path(location);
        if (path == null) {
            throw new NoSuchFileException(location.toString());
        }
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        channel.position(offset);
        return Channels.newInputStream(channel);
    }

    @Override
    public void delete(URI location) throws IOException {
        Path path = path(location);
        if (path == null) {
            return;
        }
        Files.deleteIfExists(path);
        Files.deleteIfExists(path.resolveSibling(path.getFileName() + MANIFEST_SUFFIX));
        // The fileId directory belongs to this one file; the clientId directory is shared, so it stays. Only with
        // a known root can we be sure the parent really is {root}/{clientId}/{fileId}.
        Path fileDir = path.getParent();
        if (root != null && fileDir.getParent() != null && root.equals(fileDir.getParent().getParent())) {
            try {
                Files.deleteIfExists(fileDir);
            } catch (DirectoryNotEmptyException e) {
                LOG.debug("keeping non-empty directory {}", fileDir);
            }
        }
    }

    private Path path(URI location) {
        Path path;
        try {
            path = Path.of(location).toAbsolutePath().normalize();
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            LOG.warn("unusable file location {}: {}", location, e.toString());
            return null;
        }
        if (root != null && (!path.startsWith(root) || path.equals(root))) {
            LOG.warn("refusing location outside the local root: {}", location);
            return null;
        }
        return path;
    }
}
