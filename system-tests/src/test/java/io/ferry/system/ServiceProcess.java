package io.ferry.system;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * One Ferry service ({@code BrokerMain}, {@code AssemblerMain}, {@code ExporterMain}) in a child JVM on the test
 * classpath, configured by a properties file, so a test can crash it for real: {@link #kill()} is SIGKILL (no
 * shutdown hook, no flush, no commit, sockets reset by the kernel). {@link #freeze()} / {@link #thaw()} (SIGSTOP /
 * SIGCONT) hold it still while the test looks at what it was doing. Its health endpoint tells when it started.
 */
final class ServiceProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private final String name;
    private final String mainClass;
    private final Path config;
    private final Path log;
    private final int healthPort;
    private final Thread killOnExit;
    private Process process;

    private ServiceProcess(String name, String mainClass, Path config, Path log, int healthPort) {
        this.name = name;
        this.mainClass = mainClass;
        this.config = config;
        this.log = log;
        this.healthPort = healthPort;
        this.killOnExit = new Thread(this::kill, "kill-" + name + "-on-exit");
    }

    /** Writes {@code settings} (plus a health port) to {@code dir/name.properties} and starts the process. */
    static ServiceProcess start(String name, Class<?> mainClass, Map<String, String> settings, Path dir, Path log) {
        int healthPort = Cluster.freePort();
        Properties properties = new Properties();
        properties.putAll(settings);
        properties.setProperty("ferry.health.host", "127.0.0.1");
        properties.setProperty("ferry.health.port", Integer.toString(healthPort));
        Path config = dir.resolve(name + ".properties");
        try (Writer writer = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
            properties.store(writer, name);
            // One log per test run; restarts of the process append to it.
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ServiceProcess service = new ServiceProcess(name, mainClass.getName(), config, log, healthPort);
        Runtime.getRuntime().addShutdownHook(service.killOnExit);
        service.restart();
        return service;
    }

    /** Starts the process again with the same configuration (as a supervisor would); returns once it is healthy. */
    synchronized void restart() {
        if (isAlive()) {
            throw new IllegalStateException(name + " is still running");
        }
        // Small, quick to start (C1 only) JVMs: these services live for seconds and move a few megabytes.
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dlogback.configurationFile=" + logbackConfig(), "-cp", classPath(), mainClass, config.toString());
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
        Process started = process;
        await(name + " healthy").atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(100))
                .failFast(name + " exited; see " + log, () -> !started.isAlive())
                .until(this::healthy);
    }

    /** SIGKILL, like a crash or an OOM kill; returns once the process is gone. */
    synchronized void kill() {
        Process current = process;
        if (current == null || !current.isAlive()) {
            return;
        }
        current.descendants().forEach(ProcessHandle::destroyForcibly);
        current.destroyForcibly();
        try {
            if (!current.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " (pid " + current.pid() + ") did not die");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGSTOP: the process stops where it is, mid-instruction. */
    void freeze() {
        signal("-STOP");
    }

    /** SIGCONT after {@link #freeze()}. */
    void thaw() {
        signal("-CONT");
    }

    synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }

    @Override
    public void close() {
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook runs anyway.
        }
    }

    private void signal(String signal) {
        Process current = process;
        if (current == null) {
            throw new IllegalStateException(name + " was never started");
        }
        try {
            Process kill = new ProcessBuilder("kill", signal, Long.toString(current.pid())).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill " + signal + " " + current.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private boolean healthy() {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + healthPort
                    + "/health").toURL().openConnection();
            connection.setConnectTimeout(500);
            connection.setReadTimeout(2000);
            try {
                return connection.getResponseCode() == 200;
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }

    /** Failsafe runs tests from a manifest-only jar; the real class path is in this property when it is set. */
    private static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    /** Child logs carry the service name on every line (several services may share one log directory). */
    private static String logbackConfig() {
        return String.valueOf(ServiceProcess.class.getResource("/logback-child.xml"));
    }
}
