package io.ferry.bench;

import io.ferry.client.FerryUploader;
import io.ferry.client.UploadPhase;
import io.ferry.client.UploadProgress;
import io.ferry.client.UploadRequest;
import io.ferry.client.UploadResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;

/**
 * One upload as the device sees it, timed with {@link System#nanoTime()}: started, every byte confirmed (ingest),
 * fin sent, confirmed (fin answered success). Optionally keeps the time of every confirmation.
 */
final class TrackedUpload {
    private final DataFile file;
    private final String clientId;
    private final String fileId;
    private final boolean keepConfirmations;
    private final ConcurrentLinkedQueue<Long> confirmations = new ConcurrentLinkedQueue<>();
    private volatile long startedAt;
    private volatile long ingestedAt;
    private volatile long finAt;
    private volatile long doneAt;
    private volatile long lastConfirmed;
    private volatile Throwable error;
    private volatile UploadResult result;

    TrackedUpload(DataFile file, String clientId, String fileId, boolean keepConfirmations) {
        this.file = file;
        this.clientId = clientId;
        this.fileId = fileId;
        this.keepConfirmations = keepConfirmations;
    }

    /**
     * One upload per device for scenario {@code id}: {@code n} random files of {@code size} bytes in {@code dir/id}
     * ({@code id-i.bin}, seed {@code seed + i}), device {@code bench-id-i}, fileId {@code id-i}.
     */
    static List<TrackedUpload> fleet(Path dir, String id, int n, long size, long seed, boolean keepConfirmations) {
        List<TrackedUpload> uploads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            uploads.add(new TrackedUpload(DataFile.random(dir.resolve(id), id + "-" + i + ".bin", size, seed + i),
                    "bench-" + id + "-" + i, id + "-" + i, keepConfirmations));
        }
        return uploads;
    }

    CompletableFuture<UploadResult> start(FerryUploader uploader) {
        return start(uploader, path -> UploadRequest.ofFile(path));
    }

    /** {@code request} builds the request from the file (e.g. as a throttled stream); fileId and listener added. */
    CompletableFuture<UploadResult> start(FerryUploader uploader, Function<Path, UploadRequest.Builder> request) {
        startedAt = System.nanoTime();
        UploadRequest built = request.apply(file.path()).fileId(fileId).name(file.name()).onProgress(this::progress)
                .build();
        return uploader.upload(built).whenComplete((r, e) -> {
            doneAt = System.nanoTime();
            result = r;
            error = e;
        });
    }

    private void progress(UploadProgress p) {
        long now = System.nanoTime();
        if (p.bytesConfirmed() > lastConfirmed) {
            lastConfirmed = p.bytesConfirmed();
            if (keepConfirmations) {
                confirmations.add(now);
            }
            if (p.bytesConfirmed() >= p.size() && ingestedAt == 0) {
                ingestedAt = now;
            }
        }
        if (p.phase() == UploadPhase.FINISHING && finAt == 0) {
            finAt = now;
            if (ingestedAt == 0) {
                ingestedAt = now;
            }
        }
    }

    DataFile file() {
        return file;
    }

    String clientId() {
        return clientId;
    }

    String fileId() {
        return fileId;
    }

    boolean succeeded() {
        return doneAt != 0 && error == null && result != null;
    }

    Throwable error() {
        return error;
    }

    /** Bytes the device sent again (a window lost to a reconnect, or a status answer naming missing ranges). */
    long bytesResent() {
        UploadResult done = result;
        return done == null ? 0 : done.bytesResent();
    }

    long startedAt() {
        return startedAt;
    }

    long ingestedAt() {
        return ingestedAt;
    }

    long finAt() {
        return finAt;
    }

    long doneAt() {
        return doneAt;
    }

    List<Long> confirmations() {
        return List.copyOf(confirmations);
    }
}
