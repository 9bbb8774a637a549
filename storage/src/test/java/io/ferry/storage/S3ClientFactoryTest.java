package io.ferry.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.records.Location;
import io.ferry.config.S3Connection;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.services.s3.S3Client;

class S3ClientFactoryTest {
    private static final S3Connection NOWHERE = new S3Connection(URI.create("http://127.0.0.1:9"), "eu-west-1", "ak",
            "sk", true);

    @Test
    void shouldCarryTimeoutsRegionAndEndpointIntoTheClient() {
        try (S3Client client = S3ClientFactory.create(NOWHERE,
                new S3ClientOptions(Duration.ofSeconds(7), Duration.ofSeconds(30), false, null))) {
            var config = client.serviceClientConfiguration();
            assertThat(config.overrideConfiguration().apiCallAttemptTimeout()).contains(Duration.ofSeconds(7));
            assertThat(config.overrideConfiguration().apiCallTimeout()).contains(Duration.ofSeconds(30));
            assertThat(config.region().id()).isEqualTo("eu-west-1");
            assertThat(config.endpointOverride()).contains(URI.create("http://127.0.0.1:9"));
        }
    }

    private static List<Throwable> chain(Throwable error) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = error; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
            chain.addAll(Arrays.asList(t.getSuppressed()));
        }
        return chain;
    }

    /** A server that accepts and never answers: only an attempt timeout ends the request. */
    @Test
    void shouldGiveUpAnAttemptOnAServerThatNeverAnswers() throws IOException {
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            }, "silent-s3");
            acceptor.setDaemon(true);
            acceptor.start();
            S3Connection connection = new S3Connection(URI.create("http://127.0.0.1:" + silent.getLocalPort()),
                    "us-east-1", "ak", "sk", true);
            try (S3Client client = S3ClientFactory.create(connection,
                    S3ClientOptions.withAttemptTimeout(Duration.ofMillis(500)));
                 S3Store store = new S3Store(client, null, "")) {
                // The SDK interrupts the timed-out attempt; with the Apache 5 HTTP client that surfaces as the
                // client's CancellationException, otherwise as ApiCallAttemptTimeoutException. Without the attempt
                // timeout the only way out would be the HTTP client's socket timeout (SocketTimeoutException).
                assertThatThrownBy(() -> store.size(new Location("s3", "s3://b/c/f/a.bin")))
                        .satisfies(e -> assertThat(chain(e)).hasAtLeastOneElementOfType(Throwable.class)
                                .anySatisfy(cause -> assertThat(cause).isInstanceOfAny(
                                        ApiCallAttemptTimeoutException.class, CancellationException.class))
                                .noneSatisfy(cause -> assertThat(cause).isInstanceOf(
                                        SocketTimeoutException.class)));
            }
        } finally {
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }
}
