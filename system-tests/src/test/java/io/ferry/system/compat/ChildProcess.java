package io.ferry.system.compat;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One run of an external program (an example client) with its stdout and stderr in one log file under
 * {@code target/it-logs/compat/}; killed with its descendants when it outlives the timeout or prints the stop
 * marker (e.g. the client library's log line for a DISCONNECT from the server, after which the examples retry
 * forever).
 */
final class ChildProcess {
    private static final Path LOGS = Path.of("target", "it-logs", "compat").toAbsolutePath();

    private static final long POLL_MILLIS = 250;

    /** How the run ended; {@code exitCode} is -1 when it was killed (at the timeout or at {@code stoppedAt}). */
    record Outcome(String name, int exitCode, boolean timedOut, String stoppedAt, Path log) {
        String output() {
            try {
                return Files.readString(log, UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** For assertion messages: how it ended and the end of its output. */
        String describe() {
            String output = output();
            String tail = output.length() > 6_000 ? "…" + output.substring(output.length() - 6_000) : output;
            String end = stoppedAt != null ? " was stopped when it printed \"" + stoppedAt + "\""
                    : timedOut ? " was killed at the timeout" : " exited with " + exitCode;
            List<String> marked = output.lines().filter(line -> stoppedAt != null && line.contains(stoppedAt))
                    .limit(3).toList();
            return name + end + " (log " + log + ")" + (marked.isEmpty() ? "" : "; first: " + marked)
                    + "; output:\n" + tail;
        }
    }

    private ChildProcess() {
    }

    static Outcome run(String name, List<String> command, Path workDir, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException {
        return run(name, command, workDir, env, timeout, null);
    }

    static Outcome run(String name, List<String> command, Path workDir, Map<String, String> env, Duration timeout,
                       String stopMarker) throws IOException, InterruptedException {
        Files.createDirectories(LOGS);
        Path log = LOGS.resolve(name + ".log");
        Files.writeString(log, "$ " + String.join(" ", command) + "\n# in " + workDir + ", env " + env + "\n", UTF_8);
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().putAll(env);
        Process process = builder.start();
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (!process.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                if (stopMarker != null && Files.readString(log, UTF_8).contains(stopMarker)) {
                    return new Outcome(name, -1, false, stopMarker, log);
                }
                if (System.nanoTime() - deadline > 0) {
                    return new Outcome(name, -1, true, null, log);
                }
            }
            return new Outcome(name, process.exitValue(), false, null, log);
        } finally {
            destroy(process);
        }
    }

    private static void destroy(Process process) throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
