package io.ferry.records;

import static java.util.Objects.requireNonNull;

/** Where a sink put a file: the sink's configured name and a URI (file:… or s3://bucket/key). */
public record Location(String sink, String uri) {
    public Location {
        requireNonNull(sink, "sink");
        requireNonNull(uri, "uri");
    }
}
