package io.ferry.broker;

import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.client.parameter.ClientTlsInformation;
import com.hivemq.extension.sdk.api.client.parameter.ConnectionInformation;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.packets.connect.ConnectPacket;
import io.ferry.broker.auth.AuthOutcome;
import io.ferry.broker.auth.ConnectAttempt;
import io.ferry.broker.auth.ConnectedDevices;
import io.ferry.broker.auth.DeviceAuthenticator;
import io.ferry.protocol.FerryMqtt;
import java.net.InetAddress;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates every device with {@link DeviceAuthenticator} (anonymous allowed only where configured) and keeps
 * the verified identity with the connection. A Will on a Ferry topic is refused: a Will bypasses the publish
 * interceptors, so it would be routed as an ordinary message without Ferry's checks.
 *
 * <p>Credentials are checked on threads of its own: a bcrypt check costs tens of milliseconds, and on HiveMQ's
 * extension executor a reconnecting fleet would delay the ingress's commands behind it. At most
 * {@link #MAX_WAITING} CONNECTs wait; beyond that a device is told the server is busy (0x89) and retries.
 */
final class FerryAuthenticator implements SimpleAuthenticator, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FerryAuthenticator.class);
    static final int MAX_WAITING = 10_000;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final DeviceAuthenticator devices;
    private final ConnectedDevices connected;
    private final ThreadPoolExecutor executor;

    FerryAuthenticator(DeviceAuthenticator devices, ConnectedDevices connected) {
        this.devices = devices;
        this.connected = connected;
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        AtomicInteger number = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(MAX_WAITING), runnable -> {
                    Thread thread = new Thread(runnable, "ferry-auth-" + number.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    @Override
    public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
        ConnectPacket connect = input.getConnectPacket();
        if (connect.getWillPublish().filter(will -> FerryMqtt.isFerryTopic(will.getTopic())).isPresent()) {
            LOG.warn("Rejected a Will on a Ferry topic clientId={}", connect.getClientId());
            output.failAuthentication(ConnackReasonCode.NOT_AUTHORIZED, "no Will on $file topics");
            return;
        }
        ConnectionInformation connection = input.getConnectionInformation();
        ConnectAttempt attempt = new ConnectAttempt(connect.getClientId(), connect.getUserName().orElse(null),
                connect.getPassword().map(Incoming::bytes).orElse(null), certificate(connection),
                connection.getInetAddress().map(InetAddress::getHostAddress).orElse("unknown"));
        Async<SimpleAuthOutput> async = output.async(TIMEOUT, TimeoutFallback.FAILURE,
                ConnackReasonCode.SERVER_BUSY, "authentication timed out");
        try {
            executor.execute(() -> {
                try {
                    decide(attempt, connection, output);
                } catch (RuntimeException e) {
                    // A bug, not bad credentials: refuse visibly rather than leave HiveMQ to its default.
                    LOG.error("Authentication failed clientId={}", attempt.clientId(), e);
                    output.failAuthentication(ConnackReasonCode.UNSPECIFIED_ERROR, "authentication failed");
                } finally {
                    async.resume();
                }
            });
        } catch (RejectedExecutionException e) {
            output.failAuthentication(ConnackReasonCode.SERVER_BUSY, "too many logins at once; retry");
            async.resume();
        }
    }

    private void decide(ConnectAttempt attempt, ConnectionInformation connection, SimpleAuthOutput output) {
        AuthOutcome outcome = devices.authenticate(attempt);
        if (!outcome.isAllowed()) {
            output.failAuthentication(reasonCode(outcome.refusal()), outcome.reason());
            return;
        }
        long number = connected.connected(outcome.identity());
        ConnectionIdentity.store(connection.getConnectionAttributeStore(), outcome.identity(), number);
        output.authenticateSuccessfully();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    private static X509Certificate certificate(ConnectionInformation connection) {
        return connection.getClientTlsInformation().flatMap(ClientTlsInformation::getClientCertificate)
                .orElse(null);
    }

    static ConnackReasonCode reasonCode(AuthOutcome.Refusal refusal) {
        switch (refusal) {
            case BAD_CREDENTIALS:
                return ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD;
            case CLIENT_ID_NOT_ALLOWED:
                return ConnackReasonCode.CLIENT_IDENTIFIER_NOT_VALID;
            case RATE_LIMITED:
                return ConnackReasonCode.CONNECTION_RATE_EXCEEDED;
            case NOT_AUTHORIZED:
            default:
                return ConnackReasonCode.NOT_AUTHORIZED;
        }
    }
}
