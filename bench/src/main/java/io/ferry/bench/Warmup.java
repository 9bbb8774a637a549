package io.ferry.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Untimed traffic through a freshly started stack before anything is measured: a cold JVM (JIT, Kafka's and
 * HiveMQ's first requests) runs several times slower for the first tens of seconds, which would flatter whichever
 * side runs second. Both paths get the same treatment: raw MQTT messages and Ferry uploads in small and large
 * segments.
 */
final class Warmup {
    private Warmup() {
    }

    static void run(FerryStack stack, Path dataDir, long bytes) {
        for (int segment : List.of(4096, 65536)) {
            int messages = (int) Math.max(1, bytes / 4 / segment);
            RawMqtt.run(stack, 4, messages, segment);
            List<TrackedUpload> uploads = new ArrayList<>();
            try (Devices fleet = new Devices()) {
                List<CompletableFuture<?>> running = new ArrayList<>();
                for (int d = 0; d < 4; d++) {
                    TrackedUpload upload = new TrackedUpload(DataFile.random(dataDir, "warmup-" + segment + "-" + d,
                            (long) messages * segment, d), "bench-warmup-" + d, "warmup-" + segment + "-" + d, false);
                    uploads.add(upload);
                    running.add(upload.start(fleet.add(Devices.builder(stack, "bench-warmup-" + d, segment,
                            (int) Math.min(1024, ThroughputScenario.WINDOW_BYTES / segment)))));
                }
                ThroughputScenario.awaitAll(running, Duration.ofMinutes(10));
            }
            uploads.forEach(u -> u.file().delete());
        }
    }
}
