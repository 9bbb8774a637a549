package io.ferry.bench;

import io.ferry.client.FerryUploader;
import io.ferry.client.UploadRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * (f) Assembler takeover: two assembler instances (separate JVMs, one consumer group), N paced uploads in flight (one
 * device each, one segment in flight, a segment every {@code pace}), then one assembler is killed with SIGKILL. For
 * every upload still running, the takeover time is from the kill to its next confirmed segment; the baseline is the
 * longest gap between confirmations of the same uploads in the same span before the kill. Every upload must still
 * land byte-exact.
 */
record TakeoverScenario(BenchOptions options, Path dataDir, List<String> jvmExtra) {
    List<Row> run() {
        int n = options.takeoverTransfers();
        int segment = options.takeoverSegment();
        long size = (long) segment * options.takeoverSegments();
        String what = n + " transfers in flight";
        List<TrackedUpload> uploads = TrackedUpload.fleet(dataDir, "f", n, size, 9000L, true);
        List<Row> rows = new ArrayList<>();
        long killedAt;
        try (ServiceCluster cluster = ServiceCluster.start(options.workDir().resolve("cluster-f"), "512m", 2,
                jvmExtra, options.ferrySettings()); Devices fleet = new Devices()) {
            for (int i = 0; i < n; i++) {
                fleet.add(Devices.builder(cluster, "bench-f-" + i, segment, 1));
            }
            fleet.connectAll(Duration.ofMinutes(5));
            List<CompletableFuture<?>> running = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                TrackedUpload upload = uploads.get(i);
                running.add(upload.start(fleet.all().get(i), path -> paced(path, upload.file())));
            }
            awaitConfirmations(uploads, 2, Duration.ofMinutes(3));
            killedAt = System.nanoTime();
            cluster.assemblers().get(0).kill();
            ThroughputScenario.awaitAll(running, Duration.ofMinutes(20));
            long exact = uploads.stream().filter(u -> u.succeeded() && Landing.exact(cluster, u)).count();
            rows.add(Row.successes("f", what + ", one of 2 assemblers killed: byte-exact uploads", exact, n,
                    exact == n ? "" : "first failure: " + ThroughputScenario.firstError(uploads)));
        } finally {
            uploads.forEach(u -> u.file().delete());
        }
        rows.addAll(takeoverRows(uploads, killedAt));
        return rows;
    }

    private UploadRequest.Builder paced(Path path, DataFile file) {
        try {
            return UploadRequest.ofStream(new PacedStream(path, options.takeoverSegment(),
                    options.takeoverPaceMillis()), file.size(), file.name()).checksum(file.sha256());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Row> takeoverRows(List<TrackedUpload> uploads, long killedAt) {
        long span = 0;
        List<Double> afterKill = new ArrayList<>();
        for (TrackedUpload upload : uploads) {
            List<Long> times = upload.confirmations();
            span = Math.max(span, killedAt - times.stream().mapToLong(Long::longValue).min().orElse(killedAt));
            if (upload.doneAt() != 0 && upload.doneAt() < killedAt) {
                continue;
            }
            long next = times.stream().filter(t -> t > killedAt).mapToLong(Long::longValue).min()
                    .orElse(upload.doneAt() == 0 ? killedAt : upload.doneAt());
            afterKill.add((next - killedAt) / 1e9);
        }
        double steady = 0;
        for (TrackedUpload upload : uploads) {
            long previous = 0;
            for (long t : upload.confirmations()) {
                if (t > killedAt) {
                    break;
                }
                if (previous != 0) {
                    steady = Math.max(steady, (t - previous) / 1e9);
                }
                previous = t;
            }
        }
        String note = String.format(Locale.ROOT, "%d uploads still running at the kill; one segment in flight each, "
                        + "a %s segment every %d ms; baseline: longest gap between confirmations before the kill "
                        + "(%.0f s observed); p50 of the same: %.1f s", afterKill.size(),
                Sizes.bytes(options.takeoverSegment()), options.takeoverPaceMillis(), span / 1e9,
                Stats.percentile(afterKill, 50));
        return List.of(Row.measured("f", "assembler takeover (kill -9), longest stall", Stats.percentile(afterKill,
                100), steady, "s", Target.NONE, "steady state", note));
    }

    private static void awaitConfirmations(List<TrackedUpload> uploads, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline
                && uploads.stream().anyMatch(u -> u.confirmations().size() < count && u.doneAt() == 0)) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }
}
