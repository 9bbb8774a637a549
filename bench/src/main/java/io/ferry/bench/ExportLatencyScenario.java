package io.ferry.bench;

import io.ferry.client.FerryUploader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * (b) Time from fin to the file being visible in the sink, against putting the same file there directly: a plain
 * AWS SDK multipart upload to the same S3 server, or a plain copy (+ fsync, as Ferry's local sink does) into the same
 * file system. Ferry's clock starts when the device sends fin (every segment is confirmed by then) and stops when a
 * poller sees the object (HEAD every 50 ms, so as not to load the S3 server) or the file (every 2 ms); the fin answer time is noted. Median of the
 * repeats.
 */
record ExportLatencyScenario(FerryStack stack, BenchOptions options, Path dataDir) {
    Row run() {
        boolean s3 = stack.localRoot() == null;
        String sink = s3 ? "S3" : "local";
        String metric = "fin -> visible, " + sink + ", " + Sizes.bytes(options.exportFileSize());
        DataFile file = DataFile.random(dataDir, "b-" + sink + ".bin", options.exportFileSize(), 77);
        List<Double> ferry = new ArrayList<>();
        List<Double> answered = new ArrayList<>();
        List<Double> baseline = new ArrayList<>();
        try (S3Client client = s3 ? stack.s3().client() : null) {
            for (int i = 0; i < options.repeats(); i++) {
                String fileId = "b-" + sink + "-" + i + "-" + System.nanoTime();
                TrackedUpload upload = new TrackedUpload(file, "bench-b", fileId, false);
                String key = Landing.key("bench-b", fileId, file.name());
                BooleanSupplier visible = s3 ? () -> Landing.s3Visible(client, stack.s3().bucket(), key)
                        : () -> Files.exists(stack.localRoot().resolve(key));
                long visibleAt = uploadAndWatch(upload, visible, s3 ? 50 : 2);
                if (!upload.succeeded() || visibleAt == 0 || !Landing.exact(stack, upload)) {
                    return Row.failed("b", metric, Target.ratioAtMost(1.2), "upload failed or differs: "
                            + (upload.error() == null ? "content" : upload.error().toString()));
                }
                ferry.add((visibleAt - upload.finAt()) / 1e9);
                answered.add((upload.doneAt() - upload.finAt()) / 1e9);
                baseline.add(s3 ? direct(client, file, i) / 1e9 : copy(file, i) / 1e9);
            }
        } finally {
            file.delete();
        }
        String note = String.format(Locale.ROOT, "median of %d; fin -> device's success answer %.2f s; baseline: %s",
                options.repeats(), Stats.median(answered), s3 ? "AWS SDK multipart, same part size and parallelism "
                        + "as Ferry's sink" : "Files.copy + fsync on the same file system");
        return Row.measured("b", metric, Stats.median(ferry), Stats.median(baseline), "s", Target.ratioAtMost(1.2),
                s3 ? "direct multipart" : "file copy", note);
    }

    /** Uploads and returns when the file became visible (nanoTime; 0 if never). */
    private long uploadAndWatch(TrackedUpload upload, BooleanSupplier visible, long pollMillis) {
        try (Devices device = new Devices()) {
            FerryUploader uploader = device.add(Devices.builder(stack, "bench-b", 1 << 20, 8));
            uploader.connect().join();
            CompletableFuture<?> done = upload.start(uploader);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
            while (upload.finAt() == 0 && !done.isDone() && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
            long visibleAt = 0;
            while (System.nanoTime() < deadline && !(done.isDone() && done.isCompletedExceptionally())) {
                if (visible.getAsBoolean()) {
                    visibleAt = System.nanoTime();
                    break;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(pollMillis));
            }
            ThroughputScenario.awaitAll(List.of(done), Duration.ofMinutes(15));
            return visibleAt;
        }
    }

    private long direct(S3Client client, DataFile file, int i) {
        String key = "baseline/b-" + i + "-" + System.nanoTime() + "/" + file.name();
        long nanos = DirectS3.multipartUpload(client, stack.s3().bucket(), key, file);
        client.deleteObject(r -> r.bucket(stack.s3().bucket()).key(key));
        return nanos;
    }

    private long copy(DataFile file, int i) {
        Path target = stack.localRoot().resolveSibling("baseline-copy-" + i + ".bin");
        long start = System.nanoTime();
        try {
            Files.copy(file.path(), target, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel channel = FileChannel.open(target, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            long nanos = System.nanoTime() - start;
            Files.delete(target);
            return nanos;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
