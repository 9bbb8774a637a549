package io.ferry.bench;

import io.ferry.client.FerryUploader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * (e) Exporter read amplification: N devices upload one file each at the same time, so their segments interleave in
 * ferry.commands; afterwards the exporter must pick each file's segments back out. Amplification is the bytes its
 * segment readers fetched from Kafka during the run ÷ the file bytes exported.
 */
record AmplificationScenario(FerryStack stack, BenchOptions options, Path dataDir) {
    Row run() {
        int n = options.ampUploads();
        int size = options.ampFileSize();
        int segment = options.ampSegment();
        String metric = "exporter read amplification, " + n + " concurrent uploads";
        OptionalLong before = stack.exporterKafkaBytes();
        if (before.isEmpty()) {
            return Row.failed("e", metric, Target.atMost(2), "the exporter's Kafka reads are not observable here "
                    + "(external stack)");
        }
        List<TrackedUpload> uploads = TrackedUpload.fleet(dataDir, "e", n, size, 5000L, false);
        try (Devices fleet = new Devices()) {
            for (int i = 0; i < n; i++) {
                fleet.add(Devices.builder(stack, "bench-e-" + i, segment, 8));
            }
            fleet.connectAll(Duration.ofMinutes(2));
            List<CompletableFuture<?>> running = new ArrayList<>();
            List<FerryUploader> uploaders = fleet.all();
            for (int i = 0; i < n; i++) {
                running.add(uploads.get(i).start(uploaders.get(i)));
            }
            ThroughputScenario.awaitAll(running, Duration.ofMinutes(20));
        }
        long read = stack.exporterKafkaBytes().orElse(0) - before.getAsLong();
        long exact = uploads.stream().filter(u -> u.succeeded() && Landing.exact(stack, u)).count();
        uploads.forEach(u -> u.file().delete());
        if (exact != n) {
            return Row.failed("e", metric, Target.atMost(2), (n - exact) + " of " + n + " uploads failed or differ: "
                    + ThroughputScenario.firstError(uploads));
        }
        long fileBytes = (long) n * size;
        return Row.measured("e", metric, (double) read / fileBytes, Double.NaN, "x", Target.atMost(2), "",
                String.format(Locale.ROOT, "%s fetched by the exporter's segment readers for %s of files (%d x %s "
                        + "in %s segments, all byte-exact)", Sizes.bytes(read), Sizes.bytes(fileBytes), n,
                        Sizes.bytes(size), Sizes.bytes(segment)));
    }
}
