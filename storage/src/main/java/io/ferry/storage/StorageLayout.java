package io.ferry.storage;

import static java.util.Objects.requireNonNull;

import io.ferry.protocol.FileNames;
import io.ferry.records.TransferId;

/**
 * Where a stored file lives, the same for every store: {@code esc(clientId)/esc(fileId)/name} below the store's
 * root (a directory, or a bucket and key prefix). Three levels, none of them empty, "." or "..", none containing
 * '/' or '\': escaping guarantees it for the ids (and distinct ids never share a level, because escaping is
 * injective), {@link FileNames#whyUnsafe(String)} for the name.
 */
public final class StorageLayout {
    /** Levels below the root: clientId, fileId, name. */
    public static final int DEPTH = 3;
    /** The local sink's default directory ({@code ferry.exporter.local.root}), which the API also defaults to. */
    public static final String DEFAULT_LOCAL_ROOT = "data/files";
    /**
     * The local sink's directory of temporary files below the root: '%' not followed by two hex digits never
     * appears in an escaped id, so no client directory collides with it.
     */
    public static final String TEMP_DIR = ".tmp%";

    private StorageLayout() {
    }

    /** {@code esc(clientId)/esc(fileId)/name}; an unsafe name is refused. */
    public static String relativeKey(TransferId id, String name) {
        requireNonNull(id, "id");
        return relativeKey(id.clientId(), id.fileId(), name);
    }

    /** {@code esc(clientId)/esc(fileId)/name}; an unsafe name is refused. */
    public static String relativeKey(String clientId, String fileId, String name) {
        requireNonNull(name, "name");
        String unsafe = FileNames.whyUnsafe(name);
        if (unsafe != null) {
            throw new IllegalArgumentException("file name is " + unsafe + ": " + name);
        }
        return FileNames.escape(clientId) + "/" + FileNames.escape(fileId) + "/" + name;
    }
}
