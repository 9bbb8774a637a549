package io.ferry.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service in its own JVM (same classpath as the harness, or {@code -jar}), with its output in {@code <dir>/<name>.log}
 * and a GC log beside it. {@link #sample()} reads its resident set from /proc; the heap figures come from the GC log
 * (used before each collection = the peaks, after = the live set, plus the heap at exit).
 */
final class ChildJvm implements AutoCloseable {
    private static final Pattern GC_LINE = Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");
    private static final Pattern EXIT_USED = Pattern.compile("total (\\d+)K, used (\\d+)K");
    private final String name;
    private final Process process;
    private final Path log;
    private final Path gcLog;
    private volatile long peakRss;
    private volatile long lastRss;

    private ChildJvm(String name, Process process, Path log, Path gcLog) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.gcLog = gcLog;
    }

    /** Runs {@code java <jvmArgs> <gc log> <tail>}; tail is {@code -cp … Main args} or {@code -jar x.jar args}. */
    static ChildJvm start(String name, Path dir, List<String> jvmArgs, List<String> tail) {
        Path log = dir.resolve(name + ".log");
        Path gcLog = dir.resolve(name + "-gc.log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-Xlog:gc,gc+heap+exit:file=" + gcLog);
        command.addAll(tail);
        try {
            Files.createDirectories(dir);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            // The child's settings come from its properties file only, not from FERRY_* variables of the harness.
            builder.environment().keySet().removeIf(variable -> variable.startsWith("FERRY_"));
            Process process = builder.start();
            return new ChildJvm(name, process, log, gcLog);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** {@code -cp <this JVM's classpath> mainClass args}. */
    static List<String> mainTail(String mainClass, String... args) {
        List<String> tail = new ArrayList<>(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        tail.addAll(List.of(args));
        return tail;
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits until the log contains {@code text}; fails early when the process dies. */
    void awaitLog(String text, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (logText().contains(text)) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before '" + text
                        + "'; see " + log);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        throw new IllegalStateException(name + " did not log '" + text + "' within " + timeout + "; see " + log);
    }

    String logText() {
        try {
            return Files.isRegularFile(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            return "";
        }
    }

    Path log() {
        return log;
    }

    /** Reads VmRSS and VmHWM (the kernel's own peak) while the process lives. */
    void sample() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    lastRss = kib(line) * 1024;
                } else if (line.startsWith("VmHWM:")) {
                    peakRss = Math.max(peakRss, kib(line) * 1024);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // gone, or not Linux: keep what was seen
        }
    }

    long peakRssBytes() {
        return peakRss;
    }

    long rssBytes() {
        return lastRss;
    }

    /** Heap in use just before the fullest collection, or at exit, whichever is larger (bytes; 0 if unknown). */
    long peakHeapBytes() {
        long peak = 0;
        for (String line : gcLines()) {
            Matcher m = GC_LINE.matcher(line);
            if (m.find()) {
                peak = Math.max(peak, bytes(m.group(1), m.group(2)));
            }
            Matcher exit = EXIT_USED.matcher(line);
            if (exit.find()) {
                peak = Math.max(peak, Long.parseLong(exit.group(2)) * 1024);
            }
        }
        return peak;
    }

    /**
     * The live set: the largest heap left after a full collection or a concurrent cycle's remark (young pauses leave
     * unreclaimed humongous objects behind and say little); after young pauses when there was neither.
     */
    long liveHeapBytes() {
        long marked = 0;
        long young = 0;
        for (String line : gcLines()) {
            Matcher m = GC_LINE.matcher(line);
            if (m.find()) {
                long after = bytes(m.group(3), m.group(4));
                if (line.contains("Pause Full") || line.contains("Pause Remark")) {
                    marked = Math.max(marked, after);
                } else {
                    young = Math.max(young, after);
                }
            }
        }
        return marked > 0 ? marked : young;
    }

    /** Stop-the-world full collections: the heap cap was tight for what the service did. */
    long fullCollections() {
        return gcLines().stream().filter(line -> line.contains("Pause Full")).count();
    }

    private List<String> gcLines() {
        try {
            return Files.isRegularFile(gcLog) ? Files.readAllLines(gcLog, StandardCharsets.ISO_8859_1) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** SIGKILL, as a crash. */
    void kill() {
        sample();
        process.destroyForcibly();
        await(Duration.ofSeconds(30));
    }

    /** SIGTERM (shutdown hooks run, JFR dumps), then SIGKILL after 30 s. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        sample();
        process.destroy();
        if (!await(Duration.ofSeconds(30))) {
            process.destroyForcibly();
            await(Duration.ofSeconds(10));
        }
    }

    private boolean await(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static long kib(String statusLine) {
        return Long.parseLong(statusLine.replaceAll("[^0-9]", ""));
    }

    private static long bytes(String number, String unit) {
        long n = Long.parseLong(number);
        return switch (unit) {
            case "K" -> n * 1024;
            case "M" -> n * 1024 * 1024;
            default -> n * 1024 * 1024 * 1024;
        };
    }
}
