package io.ferry.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * JFR for one scenario of the in-process stack ({@code --jfr}): records with the JDK's "profile" settings and
 * summarises the CPU samples as the hottest methods (top frame), the Ferry methods whose callees burn the CPU (the
 * innermost Ferry frame of each sample) and the busiest threads (grouped by name without digits, so
 * "kafka-request-handler-3" counts as "kafka-request-handler-#"). Child JVMs record with
 * {@code -XX:StartFlightRecording}; {@link #summarize(Path, int)} reads their files the same way.
 */
final class Profiler implements AutoCloseable {
    private final Recording recording;
    private final Path file;

    private Profiler(Recording recording, Path file) {
        this.recording = recording;
        this.file = file;
    }

    static Profiler start(Path dir, String name) {
        try {
            Files.createDirectories(dir);
            Recording recording = new Recording(Configuration.getConfiguration("profile"));
            recording.setName(name);
            recording.start();
            return new Profiler(recording, dir.resolve(name + ".jfr"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ParseException e) {
            throw new IllegalStateException("JFR profile settings unreadable", e);
        }
    }

    /** Stops, writes the .jfr file and returns its summary. */
    String stop(int top) {
        try {
            recording.stop();
            recording.dump(file);
            return summarize(file, top);
        } catch (IOException e) {
            return "(no profile: " + e.getMessage() + ")";
        } finally {
            recording.close();
        }
    }

    @Override
    public void close() {
        recording.close();
    }

    static String summarize(Path jfr, int top) throws IOException {
        Map<String, Integer> methods = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        Map<String, Integer> ferry = new HashMap<>();
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(jfr)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            samples++;
            RecordedStackTrace stack = event.getStackTrace();
            List<RecordedFrame> frames = stack == null ? List.of() : stack.getFrames();
            String method = frames.isEmpty() ? "(no stack)" : frames.get(0).getMethod().getType().getName() + "."
                    + frames.get(0).getMethod().getName();
            methods.merge(method, 1, Integer::sum);
            frames.stream().filter(f -> f.getMethod().getType().getName().startsWith("io.ferry.")
                            && !f.getMethod().getType().getName().startsWith("io.ferry.bench.")).findFirst()
                    .ifPresent(f -> ferry.merge(f.getMethod().getType().getName().replace("io.ferry.", "") + "."
                            + f.getMethod().getName(), 1, Integer::sum));
            String thread = event.getThread("sampledThread") == null ? "?"
                    : event.getThread("sampledThread").getJavaName();
            threads.merge(thread == null ? "?" : thread.replaceAll("[0-9]+", "#"), 1, Integer::sum);
        }
        StringBuilder out = new StringBuilder(jfr.getFileName() + ": " + samples + " CPU samples\n");
        out.append("  hottest methods (self):\n").append(topOf(methods, samples, top));
        out.append("  Ferry code on the stack (innermost io.ferry frame, callees included):\n")
                .append(topOf(ferry, samples, top));
        out.append("  busiest threads:\n").append(topOf(threads, samples, top));
        return out.toString();
    }

    private static String topOf(Map<String, Integer> counts, int total, int top) {
        StringBuilder out = new StringBuilder();
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(e -> out.append(String.format(Locale.ROOT, "    %5.1f%%  %s%n",
                        100.0 * e.getValue() / Math.max(1, total), e.getKey())));
        return out.toString();
    }
}
