package io.ferry.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * S3Proxy (a real S3 API over jclouds' filesystem store) in a child JVM: it cannot share a JVM with the embedded
 * HiveMQ (Guice 5 vs 7). Objects live under {@code <dir>/blobs} on the same disk as Kafka's log.
 */
final class S3ProxyProcess implements AutoCloseable {
    static final String ACCESS_KEY = "bench-access";
    static final String SECRET_KEY = "bench-secret";
    private final ChildJvm jvm;
    private final S3Target target;

    private S3ProxyProcess(ChildJvm jvm, S3Target target) {
        this.jvm = jvm;
        this.target = target;
    }

    static S3ProxyProcess start(Path jar, Path dir, String bucket) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("S3Proxy jar not found at " + jar + " (built by `mvn -pl bench package`;"
                    + " or pass --s3-endpoint)");
        }
        int port = freePort();
        Path blobs = dir.resolve("blobs");
        Path properties = dir.resolve("s3proxy.properties");
        try {
            Files.createDirectories(blobs);
            Files.writeString(properties, String.join("\n",
                    "s3proxy.endpoint=http://127.0.0.1:" + port,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + ACCESS_KEY,
                    "s3proxy.credential=" + SECRET_KEY,
                    "jclouds.provider=filesystem",
                    "jclouds.filesystem.basedir=" + blobs,
                    "jclouds.identity=bench",
                    "jclouds.credential=bench", ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChildJvm jvm = ChildJvm.start("s3proxy", dir, List.of("-Xmx512m"),
                List.of("-jar", jar.toString(), "--properties", properties.toString()));
        awaitPort(jvm, port, Duration.ofSeconds(60));
        URI endpoint;
        try {
            endpoint = new URI("http://127.0.0.1:" + port);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        S3Target target = new S3Target(endpoint, "us-east-1", bucket, ACCESS_KEY, SECRET_KEY);
        target.ensureBucket();
        return new S3ProxyProcess(jvm, target);
    }

    S3Target target() {
        return target;
    }

    ChildJvm jvm() {
        return jvm;
    }

    @Override
    public void close() {
        jvm.close();
    }

    private static void awaitPort(ChildJvm jvm, int port, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                if (!jvm.isAlive()) {
                    throw new IllegalStateException("S3Proxy exited; see " + jvm.log());
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
            }
        }
        throw new IllegalStateException("S3Proxy did not listen on " + port + " within " + timeout);
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
