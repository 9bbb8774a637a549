package io.ferry.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.protocol.FileNames;
import io.ferry.protocol.Json;
import io.ferry.protocol.Sha256;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * What to upload: a file (read twice: once for its SHA-256, once to send, never whole into memory) or a stream of
 * known size (read once; only unconfirmed in-flight segments are kept for re-sending). Build with
 * {@link #ofFile(Path)} or {@link #ofStream(InputStream, long, String)}.
 */
public final class UploadRequest {
    /** EMQX's limit on the init {@code name}. */
    public static final int MAX_NAME_BYTES = 240;

    private final Path file;
    private final InputStream stream;
    private final long streamSize;
    private final String fileId;
    private final String name;
    private final JsonNode userData;
    private final Long expireAt;
    private final Long segmentsTtl;
    private final Sha256 checksum;
    private final ProgressListener progressListener;

    private UploadRequest(Builder b) {
        this.file = b.file;
        this.stream = b.stream;
        this.streamSize = b.streamSize;
        this.fileId = b.fileId;
        this.name = b.name;
        this.userData = b.userData;
        this.expireAt = b.expireAt;
        this.segmentsTtl = b.segmentsTtl;
        this.checksum = b.checksum;
        this.progressListener = b.progressListener;
    }

    public static Builder ofFile(Path file) {
        requireNonNull(file, "file");
        return new Builder(file, null, -1).name(file.getFileName() == null ? null : file.getFileName().toString());
    }

    /** A stream of exactly {@code size} bytes; the default fileId is random, so give one to make it resumable. */
    public static Builder ofStream(InputStream stream, long size, String name) {
        requireNonNull(stream, "stream");
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0: " + size);
        }
        return new Builder(null, stream, size).name(name);
    }

    /** The file, or null for a stream. */
    public Path file() {
        return file;
    }

    /** The stream, or null for a file. */
    public InputStream stream() {
        return stream;
    }

    /** The stream's size; -1 for a file (its size is read when the upload starts). */
    public long streamSize() {
        return streamSize;
    }

    /** The fileId, or null for the default (see {@link FileIds}). */
    public String fileId() {
        return fileId;
    }

    public String name() {
        return name;
    }

    public JsonNode userData() {
        return userData;
    }

    public Long expireAt() {
        return expireAt;
    }

    public Long segmentsTtl() {
        return segmentsTtl;
    }

    /** A known whole-file SHA-256 (streams only), or null. */
    public Sha256 checksum() {
        return checksum;
    }

    public ProgressListener progressListener() {
        return progressListener;
    }

    public static final class Builder {
        private final Path file;
        private final InputStream stream;
        private final long streamSize;
        private String fileId;
        private String name;
        private JsonNode userData;
        private Long expireAt;
        private Long segmentsTtl;
        private Sha256 checksum;
        private ProgressListener progressListener = ProgressListener.NONE;

        private Builder(Path file, InputStream stream, long streamSize) {
            this.file = file;
            this.stream = stream;
            this.streamSize = streamSize;
        }

        /** A fileId the caller manages; must be one MQTT topic level (no '/', '+', '#'), at most 255 bytes. */
        public Builder fileId(String fileId) {
            requireNonNull(fileId, "fileId");
            String why = FileIds.whyInvalid(fileId);
            if (why != null) {
                throw new IllegalArgumentException("fileId " + why + ": " + fileId);
            }
            this.fileId = fileId;
            return this;
        }

        /** The file name the server stores; EMQX's rules: at most 240 UTF-8 bytes, no '/', '\', ':'. */
        public Builder name(String name) {
            requireNonNull(name, "name");
            String why = FileNames.whyUnsafe(name);
            if (why != null) {
                throw new IllegalArgumentException("name is " + why + ": " + name);
            }
            if (name.getBytes(UTF_8).length > MAX_NAME_BYTES) {
                throw new IllegalArgumentException("name must be at most " + MAX_NAME_BYTES + " UTF-8 bytes");
            }
            this.name = name;
            return this;
        }

        /** Any JSON-serializable value (a Map, a record, a JsonNode); stored with the file. */
        public Builder userData(Object userData) {
            this.userData = userData == null ? null : Json.MAPPER.valueToTree(userData);
            return this;
        }

        public Builder expireAt(Instant expireAt) {
            this.expireAt = expireAt == null ? null : expireAt.getEpochSecond();
            return this;
        }

        public Builder segmentsTtl(Duration ttl) {
            if (ttl != null && ttl.toSeconds() < 1) {
                throw new IllegalArgumentException("segmentsTtl must be >= 1s: " + ttl);
            }
            this.segmentsTtl = ttl == null ? null : ttl.toSeconds();
            return this;
        }

        /** The stream's SHA-256 when known in advance, so init can carry it (hex, 64 characters). */
        public Builder checksum(String sha256Hex) {
            this.checksum = sha256Hex == null ? null : Sha256.parse(sha256Hex);
            return this;
        }

        public Builder onProgress(ProgressListener listener) {
            this.progressListener = requireNonNull(listener, "listener");
            return this;
        }

        public UploadRequest build() {
            if (name == null) {
                throw new IllegalArgumentException("name is required");
            }
            if (file != null && checksum != null) {
                throw new IllegalArgumentException("checksum is computed for files; give it for streams only");
            }
            return new UploadRequest(this);
        }
    }
}
