package io.ferry.storage;

import static java.util.Objects.requireNonNull;

import io.ferry.protocol.ByteRange;
import io.ferry.records.Location;
import io.ferry.records.TransferId;
import java.io.InputStream;
import java.util.Optional;
import java.util.OptionalLong;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Objects of the S3 sink, {@code s3://<bucket>/<prefix><esc(clientId)>/<esc(fileId)>/<name>} ({@link S3Uris}).
 * With a bucket, locations of other buckets are refused; without one (the API, which reads whatever the catalog
 * names) any bucket is read. Range reads are ranged GETs, so nothing is buffered beyond the SDK's stream. S3 files
 * have no manifest object ({@link ManifestRule}). The client is the caller's: {@link #close()} leaves it open.
 */
public final class S3Store implements FileStore {
    private final S3Client client;
    private final String bucket;
    private final String prefix;

    /**
     * @param bucket the only bucket allowed, or null for any
     * @param prefix the key prefix of {@link #keyOf(TransferId, String)} (may be empty)
     */
    public S3Store(S3Client client, String bucket, String prefix) {
        this.client = requireNonNull(client, "client");
        this.bucket = bucket;
        this.prefix = requireNonNull(prefix, "prefix");
    }

    @Override
    public ManifestRule.Kind kind() {
        return ManifestRule.Kind.S3;
    }

    /** The key of the file {@code name} of transfer {@code id}. */
    public String keyOf(TransferId id, String name) {
        return prefix + StorageLayout.relativeKey(id, name);
    }

    /** The location URI of a key in the store's bucket. */
    public String uriOf(String key) {
        if (bucket == null) {
            throw new IllegalStateException("a store for any bucket has no own locations");
        }
        return S3Uris.of(bucket, key);
    }

    @Override
    public OptionalLong size(Location location) {
        Optional<HeadObjectResponse> head = head(bucketOf(location), S3Uris.key(location.uri()));
        return head.isEmpty() ? OptionalLong.empty() : OptionalLong.of(head.get().contentLength());
    }

    /** The object's HEAD (size, user metadata) in the store's bucket, or empty when there is none. */
    public Optional<HeadObjectResponse> head(String key) {
        if (bucket == null) {
            throw new IllegalStateException("a store for any bucket has no own keys");
        }
        return head(bucket, key);
    }

    private Optional<HeadObjectResponse> head(String bucketOf, String key) {
        try {
            return Optional.of(client.headObject(r -> r.bucket(bucketOf).key(key)));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public InputStream open(Location location, ByteRange range) {
        String bucketOf = bucketOf(location);
        String key = S3Uris.key(location.uri());
        if (range.length() == 0) {
            return InputStream.nullInputStream();
        }
        return client.getObject(r -> r.bucket(bucketOf).key(key).range(httpRange(range)));
    }

    /** Deletes the object only: no manifest object exists for S3 ({@link ManifestRule}). */
    @Override
    public boolean delete(Location location) {
        String bucketOf = bucketOf(location);
        String key = S3Uris.key(location.uri());
        if (size(location).isEmpty()) {
            return false;
        }
        ManifestRule.manifestName(kind(), key).ifPresent(manifest -> client.deleteObject(
                r -> r.bucket(bucketOf).key(manifest)));
        client.deleteObject(r -> r.bucket(bucketOf).key(key));
        return true;
    }

    private String bucketOf(Location location) {
        String of = S3Uris.bucket(location.uri());
        if (of == null || of.isEmpty() || (bucket != null && !bucket.equals(of))) {
            throw new IllegalArgumentException("not a location of bucket " + (bucket == null ? "(any)" : bucket)
                    + ": " + location.uri());
        }
        return of;
    }

    @Override
    public String toString() {
        return "S3Store[bucket=" + (bucket == null ? "(any)" : bucket) + ", prefix=" + prefix + "]";
    }

    /** The HTTP Range header value of a non-empty range (inclusive last byte). */
    private static String httpRange(ByteRange range) {
        return "bytes=" + range.start() + "-" + (range.end() - 1);
    }
}
