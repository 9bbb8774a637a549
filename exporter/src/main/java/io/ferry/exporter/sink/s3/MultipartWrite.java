package io.ferry.exporter.sink.s3;

import io.ferry.exporter.sink.ExportFile;
import io.ferry.exporter.sink.SinkException;
import io.ferry.exporter.sink.SinkWrite;
import io.ferry.records.Location;
import io.ferry.protocol.Sha256;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * A multipart upload: parts are uploaded in the background while the next one fills, with at most
 * {@code partBuffers} part buffers alive (the writer blocks for a free one), so memory stays at
 * {@code partBuffers × partSize} whatever the file size. Completed only at {@link #commit(Sha256)}; aborted on any
 * failure so no orphaned parts stay billed.
 */
final class MultipartWrite implements SinkWrite {
    private static final Logger LOG = LoggerFactory.getLogger(MultipartWrite.class);
    private final S3Sink sink;
    private final ExportFile file;
    private final String key;
    private final long partSize;
    private final Semaphore buffers;
    private final List<CompletableFuture<CompletedPart>> parts = new ArrayList<>();
    private final String uploadId;
    private ByteBuffer current;
    private long submitted;
    private boolean finished;

    MultipartWrite(S3Sink sink, ExportFile file, long partSize) {
        this.sink = sink;
        this.file = file;
        this.key = sink.keyOf(file);
        this.partSize = partSize;
        this.buffers = new Semaphore(sink.config().partBuffers());
        // The expected checksum, when the device gave one, is what commit will have verified.
        Map<String, String> metadata = S3Metadata.of(file, file.expectedSha256());
        this.uploadId = sink.client().createMultipartUpload(r -> r.bucket(sink.config().bucket()).key(key)
                .contentType(S3Sink.contentType(file.name())).metadata(metadata)).uploadId();
    }

    @Override
    public void write(ByteBuffer bytes) {
        while (bytes.hasRemaining()) {
            if (current == null) {
                failFast();
                acquireBuffer();
            }
            int n = Math.min(bytes.remaining(), current.remaining());
            ByteBuffer chunk = bytes.duplicate();
            chunk.limit(chunk.position() + n);
            current.put(chunk);
            bytes.position(bytes.position() + n);
            if (!current.hasRemaining()) {
                submit();
            }
        }
    }

    private void acquireBuffer() {
        try {
            buffers.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SinkException("interrupted while waiting for a part buffer", false, e);
        }
        sink.reserve(partSize);
        current = ByteBuffer.allocate(Math.toIntExact(partSize));
    }

    /** Stops reading the rest of a large file once a part has already failed. */
    private void failFast() {
        for (CompletableFuture<CompletedPart> part : parts) {
            if (part.isCompletedExceptionally()) {
                part.join();
            }
        }
    }

    private void submit() {
        ByteBuffer part = current.flip();
        current = null;
        submitted += part.remaining();
        int number = parts.size() + 1;
        CompletableFuture<CompletedPart> upload = CompletableFuture.supplyAsync(() -> upload(number, part),
                sink.uploads());
        upload.whenComplete((done, error) -> {
            sink.release(partSize);
            buffers.release();
        });
        parts.add(upload);
    }

    private CompletedPart upload(int number, ByteBuffer part) {
        String etag = sink.client().uploadPart(r -> r.bucket(sink.config().bucket()).key(key).uploadId(uploadId)
                .partNumber(number).contentLength((long) part.remaining()),
                S3Sink.body(part)).eTag();
        return CompletedPart.builder().partNumber(number).eTag(etag).build();
    }

    @Override
    public Location commit(Sha256 sha256) {
        if (finished) {
            throw new IllegalStateException("already finished");
        }
        if (current != null && current.position() > 0) {
            submit();
        }
        if (submitted != file.size()) {
            throw new IllegalStateException("wrote " + submitted + " bytes, expected " + file.size());
        }
        List<CompletedPart> completed = new ArrayList<>(parts.size());
        for (CompletableFuture<CompletedPart> part : parts) {
            completed.add(await(part));
        }
        sink.client().completeMultipartUpload(r -> r.bucket(sink.config().bucket()).key(key).uploadId(uploadId)
                .multipartUpload(u -> u.parts(completed)));
        finished = true;
        if (file.expectedSha256() == null) {
            recordChecksum(sha256);
        }
        return sink.locationOf(file);
    }

    private static CompletedPart await(CompletableFuture<CompletedPart> part) {
        try {
            return part.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SinkException("interrupted while waiting for part uploads", false, e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime
                    : new SinkException("part upload failed", true, e.getCause());
        }
    }

    /**
     * Metadata is fixed at CreateMultipartUpload, before the digest is known, so a server-side self-copy adds it.
     * Above 5 GiB CopyObject is not allowed; the digest then lives only in the catalog. A failure here leaves a
     * complete, correct object without the sha256 entry, which only costs a re-upload on a redelivered manifest.
     */
    private void recordChecksum(Sha256 sha256) {
        if (file.size() > PartSizing.MAX_PART_SIZE) {
            return;
        }
        try {
            sink.client().copyObject(r -> r.sourceBucket(sink.config().bucket()).sourceKey(key)
                    .destinationBucket(sink.config().bucket()).destinationKey(key).metadataDirective("REPLACE")
                    .contentType(S3Sink.contentType(file.name())).metadata(S3Metadata.of(file, sha256)));
        } catch (SdkException e) {
            LOG.warn("transferId={} clientId={} cannot add sha256 metadata to {}: {}", file.transferId().encode(),
                    file.transferId().clientId(), key, e.toString());
        }
    }

    @Override
    public void abort() {
        if (finished) {
            return;
        }
        finished = true;
        if (current != null) {
            current = null;
            sink.release(partSize);
            buffers.release();
        }
        parts.forEach(part -> part.cancel(false));
        try {
            sink.client().abortMultipartUpload(r -> r.bucket(sink.config().bucket()).key(key).uploadId(uploadId));
        } catch (SdkException e) {
            // The bucket's lifecycle rule for incomplete uploads is the backstop.
            LOG.warn("transferId={} clientId={} cannot abort multipart upload {} of {}: {}",
                    file.transferId().encode(), file.transferId().clientId(), uploadId, key, e.toString());
        }
    }
}
