package io.ferry.system;

import static org.awaitility.Awaitility.await;

import io.ferry.client.FerryUploader;
import io.ferry.client.UploadPhase;
import io.ferry.client.UploadProgress;
import io.ferry.client.UploadRequest;
import io.ferry.client.UploadResult;
import io.ferry.protocol.FileNames;
import io.ferry.protocol.Sha256;
import io.ferry.records.TransferId;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/** A batch of concurrent uploads through Ferry's device SDK, with their progress and results. */
final class Uploads {
    private final List<Upload> all;

    /** One upload: what was sent (a file with unique random content) and what became of it. */
    static final class Upload {
        final String clientId;
        final String fileId;
        final Path file;
        final String sha256;
        final long size;
        final AtomicReference<UploadProgress> progress = new AtomicReference<>();
        CompletableFuture<UploadResult> result;

        private Upload(String clientId, String fileId, Path file) {
            this.clientId = clientId;
            this.fileId = fileId;
            this.file = file;
            try {
                this.size = Files.size(file);
                this.sha256 = Sha256.digest(Files.readAllBytes(file)).hex();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        TransferId transferId() {
            return new TransferId(clientId, fileId);
        }

        /** {@code esc(clientId)/esc(fileId)/name}, where every sink puts the file. */
        String relativeKey() {
            return FileNames.escape(clientId) + "/" + FileNames.escape(fileId) + "/" + file.getFileName();
        }

        int partition(int partitions) {
            return Groups.partitionOf(transferId().encodeBytes(), partitions);
        }

        long confirmed() {
            UploadProgress p = progress.get();
            return p == null ? 0 : p.bytesConfirmed();
        }

        UploadPhase phase() {
            UploadProgress p = progress.get();
            return p == null ? UploadPhase.CONNECTING : p.phase();
        }

        boolean isDone() {
            return result.isDone();
        }

        @Override
        public String toString() {
            return clientId + "/" + fileId + " (" + size + " bytes, phase " + phase() + ", confirmed "
                    + confirmed() + ")";
        }
    }

    /** One planned upload: {@code file} from {@code device} under {@code fileId}. */
    record Plan(FerryUploader device, String fileId, Path file) {
    }

    private Uploads(List<Upload> all) {
        this.all = List.copyOf(all);
    }

    /** Starts every planned upload at once. */
    static Uploads start(List<Plan> plans) {
        List<Upload> uploads = new ArrayList<>();
        for (Plan plan : plans) {
            Upload upload = new Upload(plan.device().clientId(), plan.fileId(), plan.file());
            upload.result = plan.device().upload(UploadRequest.ofFile(plan.file()).fileId(plan.fileId())
                    .onProgress(upload.progress::set).build());
            uploads.add(upload);
        }
        return new Uploads(uploads);
    }

    /** {@code files} spread round-robin over {@code devices}, fileIds {@code <wave>-<index>}. */
    static List<Plan> roundRobin(List<FerryUploader> devices, List<Path> files, String wave) {
        List<Plan> plans = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            plans.add(new Plan(devices.get(i % devices.size()), wave + "-" + i, files.get(i)));
        }
        return plans;
    }

    /** {@code count} files of random sizes in [minSize, maxSize] with random (hence unique) content. */
    static List<Path> randomFiles(Path dir, String prefix, int count, int minSize, int maxSize, long seed) {
        Random sizes = new Random(seed);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int size = minSize + sizes.nextInt(maxSize - minSize + 1);
            files.add(randomFile(dir, prefix + "-" + i + ".bin", size, seed * 1000 + i));
        }
        return files;
    }

    static Path randomFile(Path dir, String name, int size, long seed) {
        Random random = new Random(seed);
        byte[] chunk = new byte[64 * 1024];
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int written = 0; written < size; ) {
                random.nextBytes(chunk);
                int n = Math.min(chunk.length, size - written);
                out.write(chunk, 0, n);
                written += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    List<Upload> all() {
        return all;
    }

    long totalBytes() {
        return all.stream().mapToLong(u -> u.size).sum();
    }

    long confirmedBytes() {
        return all.stream().mapToLong(Upload::confirmed).sum();
    }

    long done() {
        return all.stream().filter(Upload::isDone).count();
    }

    /** Waits until devices hold server confirmations for {@code fraction} of all bytes. */
    void awaitConfirmed(double fraction) {
        await("uploads " + fraction * 100 + "% confirmed").atMost(Duration.ofMinutes(3))
                .failFast("an upload failed", () -> all.stream().anyMatch(u -> u.result.isCompletedExceptionally()))
                .until(() -> confirmedBytes() >= fraction * totalBytes());
    }

    /** Waits until every upload has ended, one way or another. */
    void awaitSettled(Duration atMost) {
        await("every upload ended").atMost(atMost).pollInterval(Duration.ofMillis(200))
                .until(() -> all.stream().allMatch(Upload::isDone));
    }
}
