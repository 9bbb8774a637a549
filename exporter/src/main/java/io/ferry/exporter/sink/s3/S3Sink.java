package io.ferry.exporter.sink.s3;

import static java.util.Objects.requireNonNull;

import io.ferry.exporter.sink.ExportFile;
import io.ferry.exporter.sink.Sink;
import io.ferry.exporter.sink.SinkWrite;
import io.ferry.records.Location;
import io.ferry.protocol.Sha256;
import io.ferry.storage.S3ClientFactory;
import io.ferry.storage.S3Store;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.net.URLConnection;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/**
 * Exports to {@code s3://<bucket>/<prefix><esc(clientId)>/<esc(fileId)>/<name>}, laid out and read by
 * {@link S3Store} (no manifest object: {@link io.ferry.storage.ManifestRule}). Small files (below the multipart
 * threshold, known from the manifest's size) are buffered and sent in one PutObject at commit; larger ones go
 * multipart with bounded part buffers and are completed only at commit, after verification.
 */
public final class S3Sink implements Sink {
    private static final AtomicInteger THREADS = new AtomicInteger();
    private final String name;
    private final S3SinkConfig config;
    private final S3Client client;
    private final S3Store store;
    private final ExecutorService uploads;
    private final AtomicLong bufferedBytes = new AtomicLong();
    private final AtomicLong peakBufferedBytes = new AtomicLong();

    public S3Sink(String name, S3SinkConfig config, S3Client client) {
        this.name = requireNonNull(name, "name");
        this.config = requireNonNull(config, "config");
        this.client = requireNonNull(client, "client");
        this.store = new S3Store(client, config.bucket(), config.prefix());
        this.uploads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "ferry-s3-upload-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    public static S3Sink create(String name, S3SinkConfig config) {
        return new S3Sink(name, config, S3ClientFactory.create(config.connection(), config.clientOptions()));
    }

    @Override
    public String name() {
        return name;
    }

    public String keyOf(ExportFile file) {
        return store.keyOf(file.transferId(), file.name());
    }

    @Override
    public Location locationOf(ExportFile file) {
        return new Location(name, store.uriOf(keyOf(file)));
    }

    @Override
    public Optional<Location> findIdentical(ExportFile file, Sha256 sha256) {
        boolean same = store.head(keyOf(file)).filter(head -> head.contentLength() == file.size()
                && sha256.hex().equalsIgnoreCase(head.metadata().get(S3Metadata.SHA256))).isPresent();
        return same ? Optional.of(locationOf(file)) : Optional.empty();
    }

    @Override
    public SinkWrite begin(ExportFile file) {
        if (file.size() < config.multipartThreshold()) {
            return new SinglePutWrite(this, file);
        }
        return new MultipartWrite(this, file, PartSizing.partSize(file.size(), config.minPartSize()));
    }

    @Override
    public S3Store store() {
        return store;
    }

    /**
     * Aborts multipart uploads under this sink's prefix started before {@code olderThan}: exports abort their own on
     * failure, so these were left by a killed process (S3 keeps and bills their parts until aborted).
     */
    @Override
    public int removeStale(Instant olderThan) {
        int aborted = 0;
        String keyMarker = null;
        String uploadIdMarker = null;
        ListMultipartUploadsResponse page;
        do {
            String keys = keyMarker;
            String ids = uploadIdMarker;
            page = client.listMultipartUploads(r -> r.bucket(config.bucket()).prefix(config.prefix())
                    .keyMarker(keys).uploadIdMarker(ids));
            for (MultipartUpload upload : page.uploads()) {
                if (upload.initiated() != null && upload.initiated().isBefore(olderThan)) {
                    client.abortMultipartUpload(r -> r.bucket(config.bucket()).key(upload.key())
                            .uploadId(upload.uploadId()));
                    aborted++;
                }
            }
            keyMarker = page.nextKeyMarker();
            uploadIdMarker = page.nextUploadIdMarker();
        } while (Boolean.TRUE.equals(page.isTruncated()));
        return aborted;
    }

    /** Highest number of bytes held in part and put buffers at once, over all writes so far. */
    public long peakBufferedBytes() {
        return peakBufferedBytes.get();
    }

    void reserve(long bytes) {
        long now = bufferedBytes.addAndGet(bytes);
        peakBufferedBytes.accumulateAndGet(now, Math::max);
    }

    void release(long bytes) {
        bufferedBytes.addAndGet(-bytes);
    }

    S3Client client() {
        return client;
    }

    public S3SinkConfig config() {
        return config;
    }

    ExecutorService uploads() {
        return uploads;
    }

    /** A request body over a heap buffer without copying it; each SDK attempt re-reads it from the start. */
    static RequestBody body(ByteBuffer buffer) {
        byte[] array = buffer.array();
        int offset = buffer.arrayOffset() + buffer.position();
        int length = buffer.remaining();
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(array, offset, length), length,
                "application/octet-stream");
    }

    static String contentType(String name) {
        String guessed = URLConnection.guessContentTypeFromName(name);
        return guessed == null ? "application/octet-stream" : guessed;
    }

    @Override
    public void close() {
        uploads.shutdownNow();
        client.close();
    }

    @Override
    public String toString() {
        return "S3Sink[name=" + name + ", " + config + "]";
    }
}
