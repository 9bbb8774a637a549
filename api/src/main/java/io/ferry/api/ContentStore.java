package io.ferry.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.OptionalLong;

/** Reads and deletes exported files at one kind of location ({@code file:}, {@code s3:}). */
interface ContentStore extends AutoCloseable {
    boolean handles(URI location);

    /** The stored size, or empty when nothing is stored there (or the location is not allowed). */
    OptionalLong size(URI location) throws IOException;

    /** A stream of exactly {@code length} bytes from {@code offset} on; the caller closes it. */
    InputStream open(URI location, long offset, long length) throws IOException;

    /** Removes the file and the {@code .MANIFEST.json} beside it; absent files are not an error. */
    void delete(URI location) throws IOException;

    @Override
    default void close() {
    }
}
