package io.ferry.bench;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one run measures and how big. {@link #full} is the documented run, {@link #quick} the seconds-long smoke
 * (same code paths, tiny sizes). Sizes per scenario:
 * <ul>
 *   <li>(a) {@code segmentSizes}, {@code throughputBytes} per segment size over {@code throughputDevices} devices</li>
 *   <li>(b) one {@code exportFileSize} file, {@code repeats} times per sink</li>
 *   <li>(c) {@code clients} devices with one {@code clientFileSize} file each in {@code clientSegment} segments</li>
 *   <li>(d) one {@code bigFileSize} upload with every service at {@code serviceHeap}</li>
 *   <li>(e) {@code ampUploads} concurrent uploads of {@code ampFileSize} in {@code ampSegment} segments</li>
 *   <li>(f) {@code takeoverTransfers} transfers in flight, each {@code takeoverSegments} segments of
 *       {@code takeoverSegment} bytes paced {@code takeoverPaceMillis} apart</li>
 * </ul>
 * {@code ferrySettings} are added to the settings of every Ferry the harness starts ({@code --set key=value}),
 * {@code serviceJvmOptions} to the command line of every service JVM of (d) and (f).
 */
record BenchOptions(Set<String> scenarios, Path workDir, boolean keep, boolean jfr, Path writeTo, String label,
                    String command, URI externalMqtt, Path externalLocalRoot, S3Target externalS3, Path s3proxyJar,
                    List<Integer> segmentSizes, long throughputBytes, int throughputDevices, long exportFileSize,
                    int repeats, int clients, int clientFileSize, int clientSegment, long bigFileSize,
                    String serviceHeap, int ampUploads, int ampFileSize, int ampSegment, int takeoverTransfers,
                    int takeoverSegments, int takeoverSegment, int takeoverPaceMillis,
                    Map<String, String> ferrySettings, List<String> serviceJvmOptions) {
    static final Set<String> ALL = Set.of("a", "b", "c", "d", "e", "f");

    BenchOptions {
        scenarios = Set.copyOf(requireNonNull(scenarios, "scenarios"));
        if (!ALL.containsAll(scenarios)) {
            throw new IllegalArgumentException("scenarios are a to f: " + scenarios);
        }
        requireNonNull(workDir, "workDir");
        requireNonNull(label, "label");
        requireNonNull(command, "command");
        segmentSizes = List.copyOf(segmentSizes);
        ferrySettings = Map.copyOf(requireNonNull(ferrySettings, "ferrySettings"));
        serviceJvmOptions = List.copyOf(requireNonNull(serviceJvmOptions, "serviceJvmOptions"));
        if (throughputDevices < 1 || repeats < 1 || clients < 1 || ampUploads < 1 || takeoverTransfers < 1) {
            throw new IllegalArgumentException("counts must be >= 1");
        }
    }

    static BenchOptions full(Set<String> scenarios, Path workDir) {
        return new BenchOptions(scenarios, workDir, false, false, null, "latest", "./ferry bench", null, null, null,
                BenchMain.defaultS3ProxyJar(), List.of(4096, 65536, 1 << 20), 256 * Sizes.MIB, 4, 128 * Sizes.MIB, 3, 1000,
                (int) (64 * Sizes.KIB), (int) (16 * Sizes.KIB), 2 * Sizes.GIB, "256m", 100, (int) (4 * Sizes.MIB),
                (int) (64 * Sizes.KIB), 1000, 40, (int) (8 * Sizes.KIB), 2000, Map.of(), List.of());
    }

    static BenchOptions quick(Set<String> scenarios, Path workDir) {
        return new BenchOptions(scenarios, workDir, false, false, null, "quick", "./ferry bench --quick", null, null,
                null, BenchMain.defaultS3ProxyJar(), List.of(4096, 65536, 1 << 20), 2 * Sizes.MIB, 2, 4 * Sizes.MIB, 1, 20,
                (int) (16 * Sizes.KIB), (int) (4 * Sizes.KIB), 32 * Sizes.MIB, "256m", 10, (int) (256 * Sizes.KIB),
                (int) (64 * Sizes.KIB), 20, 6, (int) (4 * Sizes.KIB), 500, Map.of(), List.of());
    }

    /** Untimed traffic per path and segment size before the first measurement. */
    long warmupBytes() {
        return Math.min(64 * Sizes.MIB, Math.max(Sizes.MIB, throughputBytes / 4));
    }

    boolean runs(String scenario) {
        return scenarios.contains(scenario);
    }

    boolean external() {
        return externalMqtt != null;
    }

    /** (a) bytes per segment size: fewer for small segments, which are slower per byte. */
    long throughputBytesFor(int segmentSize) {
        long bytes = segmentSize < 16 * 1024 ? throughputBytes / 4 : throughputBytes;
        long perDevice = Math.max(segmentSize, bytes / throughputDevices / segmentSize * segmentSize);
        return perDevice * throughputDevices;
    }
}
