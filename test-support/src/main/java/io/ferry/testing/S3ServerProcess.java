package io.ferry.testing;

import static java.util.Objects.requireNonNull;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible server (S3Proxy over jclouds' filesystem blob store) in a <em>child JVM</em>, started from
 * S3Proxy's self-contained jar: in the test JVM its jclouds would need Guice 7 while the embedded HiveMQ needs
 * Guice 5. The objects live in files under {@code workDir/data}, so {@link #stop()} then {@link #start()} (same port,
 * same data) is an S3 outage and its end. {@link #close()} kills the process and its children.
 *
 * <pre>{@code
 * try (S3ServerProcess s3 = S3ServerProcess.start(tempDir)) {   // jar from -Dferry.s3proxy.jar
 *     s3.createBucket("files");
 *     settings.putAll(s3.ferrySettings("files"));              // ferry.s3.*, the bucket, ferry.api.s3.enabled
 * }
 * }</pre>
 */
public final class S3ServerProcess implements AutoCloseable {
    /** System property holding the path of {@code s3proxy-<version>-jar-with-dependencies.jar}. */
    public static final String JAR_PROPERTY = "ferry.s3proxy.jar";
    public static final String ACCESS_KEY = "ferry-test-access";
    public static final String SECRET_KEY = "ferry-test-secret";
    public static final String REGION = "us-east-1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Path jar;
    private final Path workDir;
    private final Path properties;
    private final Path log;
    private final int port;
    private final Thread killOnExit;
    private Process process;

    private S3ServerProcess(Path jar, Path workDir, int port) {
        this.jar = jar;
        this.workDir = workDir;
        this.properties = workDir.resolve("s3proxy.properties");
        this.log = workDir.resolve("s3proxy.log");
        this.port = port;
        // Insurance against a test JVM that exits without close(): never leave a server behind.
        this.killOnExit = new Thread(this::kill, "s3proxy-kill-on-exit");
    }

    /** Starts a server whose jar is named by the system property {@value #JAR_PROPERTY}. */
    public static S3ServerProcess start(Path workDir) {
        String jar = System.getProperty(JAR_PROPERTY);
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("system property " + JAR_PROPERTY + " must name s3proxy's "
                    + "jar-with-dependencies (got " + jar + "); see system-tests/pom.xml");
        }
        return start(Path.of(jar), workDir);
    }

    /** Starts a server from {@code jar} on a free loopback port, keeping config, log and objects in {@code workDir}. */
    public static S3ServerProcess start(Path jar, Path workDir) {
        requireNonNull(jar, "jar");
        requireNonNull(workDir, "workDir");
        S3ServerProcess server = new S3ServerProcess(jar, workDir.toAbsolutePath(), freePort());
        server.writeProperties();
        Runtime.getRuntime().addShutdownHook(server.killOnExit);
        server.start();
        return server;
    }

    /** Starts the server again (no-op if running) on the same port and data; returns once it answers HTTP. */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar.toString(),
                "--properties", properties.toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("LOG_LEVEL", "warn");
        builder.environment().put("JETTY_LOG_LEVEL", "warn");
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start s3proxy from " + jar, e);
        }
        Process started = process;
        await("s3proxy answering on port " + port).atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(100))
                .failFast("s3proxy exited; see " + log, () -> !started.isAlive())
                .until(this::answers);
    }

    /** Kills the server (an outage: requests are refused at once); the data stays for {@link #start()}. */
    public synchronized void stop() {
        kill();
        process = null;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    public int port() {
        return port;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Where the server's output goes (appended across restarts). */
    public Path log() {
        return log;
    }

    public void createBucket(String bucket) {
        try (S3Client s3 = client()) {
            s3.createBucket(r -> r.bucket(bucket));
        }
    }

    /** A plain client for set-up and assertions; the caller closes it. */
    public S3Client client() {
        return client(endpoint());
    }

    /** A plain client of a test S3 server at {@code endpoint} with the test credentials; the caller closes it. */
    public static S3Client client(URI endpoint) {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .forcePathStyle(true)
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    /** Ferry settings pointing the exporter's S3 sink and the API's S3 reads at this server. */
    public Map<String, String> ferrySettings(String bucket) {
        Map<String, String> settings = new HashMap<>();
        settings.put("ferry.s3.endpoint", endpoint().toString());
        settings.put("ferry.s3.region", REGION);
        settings.put("ferry.s3.access.key", ACCESS_KEY);
        settings.put("ferry.s3.secret.key", SECRET_KEY);
        settings.put("ferry.s3.path.style", "true");
        settings.put("ferry.exporter.s3.bucket", bucket);
        settings.put("ferry.api.s3.enabled", "true");
        return settings;
    }

    @Override
    public synchronized void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down: the hook runs (or ran) anyway.
        }
    }

    private void writeProperties() {
        Properties p = new Properties();
        p.setProperty("s3proxy.endpoint", endpoint().toString());
        p.setProperty("s3proxy.authorization", "aws-v2-or-v4");
        p.setProperty("s3proxy.identity", ACCESS_KEY);
        p.setProperty("s3proxy.credential", SECRET_KEY);
        p.setProperty("jclouds.provider", "filesystem");
        p.setProperty("jclouds.identity", "ferry");
        p.setProperty("jclouds.credential", "ferry");
        p.setProperty("jclouds.filesystem.basedir", workDir.resolve("data").toString());
        try {
            Files.createDirectories(workDir.resolve("data"));
            try (Writer writer = Files.newBufferedWriter(properties, StandardCharsets.UTF_8)) {
                p.store(writer, "S3ServerProcess");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + properties, e);
        }
    }

    /** Any HTTP answer (S3Proxy says 403 to an anonymous GET /) means Jetty is serving. */
    private boolean answers() {
        try {
            HttpURLConnection connection = (HttpURLConnection) endpoint().toURL().openConnection();
            connection.setConnectTimeout(500);
            connection.setReadTimeout(2000);
            try {
                return connection.getResponseCode() > 0;
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }

    private void kill() {
        Process current = process;
        if (current == null) {
            return;
        }
        current.descendants().forEach(ProcessHandle::destroyForcibly);
        current.destroyForcibly();
        try {
            if (!current.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("s3proxy (pid " + current.pid() + ") did not die");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
