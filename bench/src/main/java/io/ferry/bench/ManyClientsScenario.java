package io.ferry.bench;

import io.ferry.client.FerryUploader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * (c) Many devices at once: N connections, each uploading one small file, all started together once every device
 * is connected. Every file must land byte-exact; completion time runs from the common start to the fin answer. The
 * baseline is the same bytes in the same message sizes from N plain MQTT connections, until the subscriber has all
 * of a connection's messages.
 */
record ManyClientsScenario(FerryStack stack, BenchOptions options, Path dataDir) {
    List<Row> run() {
        int n = options.clients();
        int size = options.clientFileSize();
        int segment = options.clientSegment();
        String what = n + " devices x " + Sizes.bytes(size);
        RawMqtt.Result raw = RawMqtt.run(stack, n, size / segment, segment);
        List<TrackedUpload> uploads = TrackedUpload.fleet(dataDir, "c", n, size, 1000L, false);
        long connectNanos;
        long start;
        try (Devices fleet = new Devices()) {
            for (int i = 0; i < n; i++) {
                fleet.add(Devices.builder(stack, "bench-c-" + i, segment, 8));
            }
            long connecting = System.nanoTime();
            fleet.connectAll(Duration.ofMinutes(5));
            connectNanos = System.nanoTime() - connecting;
            start = System.nanoTime();
            List<CompletableFuture<?>> running = new ArrayList<>();
            List<FerryUploader> uploaders = fleet.all();
            for (int i = 0; i < n; i++) {
                running.add(uploads.get(i).start(uploaders.get(i)));
            }
            ThroughputScenario.awaitAll(running, Duration.ofMinutes(20));
        }
        List<Double> seconds = new ArrayList<>();
        long exact = 0;
        for (TrackedUpload upload : uploads) {
            if (upload.succeeded() && Landing.exact(stack, upload)) {
                exact++;
                seconds.add((upload.doneAt() - start) / 1e9);
            }
            upload.file().delete();
        }
        List<Double> rawSeconds = raw.completedSeconds();
        String rawNote = String.format(Locale.ROOT, "raw MQTT: %d of %d connections fully delivered", rawSeconds.size(),
                n);
        List<Row> rows = new ArrayList<>();
        rows.add(Row.successes("c", what + ": byte-exact uploads", exact, n, exact == n ? ""
                : "first failure: " + ThroughputScenario.firstError(uploads)));
        rows.add(Row.measured("c", "completion p50", Stats.percentile(seconds, 50),
                Stats.percentile(rawSeconds, 50), "s", Target.NONE, "raw MQTT", String.format(Locale.ROOT,
                        "%s segments, all started at once after %d connections were up (connecting took %.1f s); %s",
                        Sizes.bytes(segment), n, connectNanos / 1e9, rawNote)));
        rows.add(Row.measured("c", "completion p99", Stats.percentile(seconds, 99),
                Stats.percentile(rawSeconds, 99), "s", Target.NONE, "raw MQTT", ""));
        return rows;
    }
}
