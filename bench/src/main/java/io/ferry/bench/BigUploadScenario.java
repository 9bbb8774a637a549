package io.ferry.bench;

import io.ferry.client.FerryUploader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * (d) One big upload with every service in its own JVM, heap capped ({@code -XX:+ExitOnOutOfMemoryError}, so running
 * out of heap shows as a dead service). Reports success, throughput, and per service the peak heap (used before the
 * fullest collection), the largest live set, and the peak resident set (VmHWM).
 */
record BigUploadScenario(BenchOptions options, Path dataDir, List<String> jvmExtra) {
    List<Row> run() {
        String heap = options.serviceHeap();
        long capBytes = Sizes.parse(heap);
        String what = Sizes.bytes(options.bigFileSize()) + " upload, every service -Xmx" + heap;
        DataFile file = DataFile.random(dataDir, "d-big.bin", options.bigFileSize(), 4242);
        List<Row> rows = new ArrayList<>();
        try (ServiceCluster cluster = ServiceCluster.start(options.workDir().resolve("cluster-d"), heap, 1, jvmExtra,
                options.ferrySettings())) {
            TrackedUpload upload = new TrackedUpload(file, "bench-d", "d-big", false);
            try (Devices device = new Devices()) {
                FerryUploader uploader = device.add(Devices.builder(cluster, "bench-d", 1 << 20, 8));
                uploader.connect().join();
                ThroughputScenario.awaitAll(List.of(upload.start(uploader)), Duration.ofMinutes(60));
            }
            List<ChildJvm> children = cluster.children();
            children.forEach(ChildJvm::sample);
            boolean exact = upload.succeeded() && Landing.exact(cluster, upload);
            List<String> dead = cluster.dead();
            rows.add(Row.successes("d", what + ": completed byte-exact", exact ? 1 : 0, 1, exact && dead.isEmpty()
                    ? "" : "services dead: " + dead + (upload.error() == null ? "" : "; " + upload.error())));
            if (upload.succeeded()) {
                rows.add(Row.measured("d", "throughput", Sizes.mbPerSecond(file.size(), upload.doneAt()
                        - upload.startedAt()), Double.NaN, "MB/s", Target.NONE, "", "1 device, 1 MiB segments"));
            }
            cluster.close();
            for (ChildJvm child : children) {
                rows.add(Row.measured("d", "peak heap: " + child.name(), child.peakHeapBytes() / (double) Sizes.MIB,
                        capBytes / (double) Sizes.MIB, "MiB", Target.NONE, "-Xmx", String.format(Locale.ROOT,
                                "live set (after full GCs / remarks) at most %.0f MiB; %d full GCs",
                                child.liveHeapBytes() / (double) Sizes.MIB, child.fullCollections())));
                rows.add(Row.measured("d", "peak RSS: " + child.name(), child.peakRssBytes() / (double) Sizes.MIB,
                        Double.NaN, "MiB", Target.NONE, "", ""));
            }
        } finally {
            file.delete();
        }
        return rows;
    }
}
