package io.ferry.storage;

import io.ferry.protocol.ByteRange;
import io.ferry.records.Location;
import java.io.InputStream;
import java.util.OptionalLong;

/**
 * Reads and deletes stored files at one kind of location ({@code file:}, {@code s3:}), modelled on
 * kafka-connect-storage-common's {@code Storage}. A location the store must not touch (outside its root or bucket)
 * is refused with {@link IllegalArgumentException}, so a forged catalog record cannot make anyone read or delete
 * other files. Storage failures are unchecked ({@link java.io.UncheckedIOException}, the SDK's exceptions).
 */
public interface FileStore extends AutoCloseable {
    /** The kind of store, which decides the URI scheme and the manifest rule. */
    ManifestRule.Kind kind();

    /** Whether the location has this store's scheme (not whether it is allowed or exists). */
    default boolean handles(Location location) {
        return location.uri().regionMatches(true, 0, kind().scheme() + ":", 0, kind().scheme().length() + 1);
    }

    /** The stored size, or empty when nothing is stored there. */
    OptionalLong size(Location location);

    /** A stream of at most the range's bytes, {@code range.start()} to {@code range.end()}; the caller closes it. */
    InputStream open(Location location, ByteRange range);

    /** Removes the file and, where {@link ManifestRule} says there is one, its manifest; false if it was not there. */
    boolean delete(Location location);

    @Override
    default void close() {
    }
}
