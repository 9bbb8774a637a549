package io.ferry.bench;

import io.ferry.exporter.sink.s3.PartSizing;
import io.ferry.exporter.sink.s3.S3SinkConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * The direct-S3 baseline: the plain AWS SDK uploads a file multipart, with the part size Ferry's sink would choose
 * for that size and as many parts in flight as Ferry's sink holds buffers (its defaults), so both do the same S3
 * requests.
 */
final class DirectS3 {
    private DirectS3() {
    }

    /** Uploads {@code file} to {@code key}; returns the nanoseconds from first request to completion. */
    static long multipartUpload(S3Client s3, String bucket, String key, DataFile file) {
        long partSize = PartSizing.partSize(file.size(), S3SinkConfig.DEFAULT_MIN_PART_SIZE);
        int parallel = S3SinkConfig.DEFAULT_PART_BUFFERS;
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        long start = System.nanoTime();
        try (FileChannel channel = FileChannel.open(file.path(), StandardOpenOption.READ)) {
            String uploadId = s3.createMultipartUpload(r -> r.bucket(bucket).key(key)).uploadId();
            List<CompletableFuture<CompletedPart>> parts = new ArrayList<>();
            int number = 1;
            for (long offset = 0; offset < file.size(); offset += partSize, number++) {
                ByteBuffer part = read(channel, offset, (int) Math.min(partSize, file.size() - offset));
                int n = number;
                parts.add(CompletableFuture.supplyAsync(() -> CompletedPart.builder().partNumber(n)
                        .eTag(s3.uploadPart(r -> r.bucket(bucket).key(key).uploadId(uploadId).partNumber(n),
                                RequestBody.fromByteBuffer(part)).eTag()).build(), pool));
                while (parts.stream().filter(p -> !p.isDone()).count() >= parallel) {
                    CompletableFuture.anyOf(parts.stream().filter(p -> !p.isDone())
                            .toArray(CompletableFuture[]::new)).join();
                }
            }
            List<CompletedPart> completed = parts.stream().map(CompletableFuture::join).toList();
            s3.completeMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(u -> u.parts(completed)));
            return System.nanoTime() - start;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static ByteBuffer read(FileChannel channel, long offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, offset + buffer.position()) < 0) {
                throw new IOException("file ended early");
            }
        }
        return buffer.flip();
    }
}
