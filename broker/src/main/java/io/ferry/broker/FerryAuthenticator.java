package io.ferry.broker;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.packets.connect.ConnectPacket;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge username requires the bridge password and makes the connection a {@link Role#BRIDGE}; everyone else
 * is a device (anonymous allowed). A device may not take over a session that holds a bridge subscription: Ferry's
 * commands queued for it would then go to a client that must not read them.
 */
final class FerryAuthenticator implements SimpleAuthenticator {
    private static final Logger LOG = LoggerFactory.getLogger(FerryAuthenticator.class);
    private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(10);

    private final String bridgeUsername;
    private final byte[] bridgePassword;
    private final Function<String, CompletableFuture<Set<String>>> sessionFilters;

    /**
     * @param sessionFilters the topic filters the session of a clientId holds (HiveMQ's subscription store)
     */
    FerryAuthenticator(ExtensionConfig config, Function<String, CompletableFuture<Set<String>>> sessionFilters) {
        this.bridgeUsername = config.bridgeUsername();
        this.bridgePassword = config.bridgePassword().getBytes(UTF_8);
        this.sessionFilters = sessionFilters;
    }

    @Override
    public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
        ConnectPacket connect = input.getConnectPacket();
        String clientId = connect.getClientId();
        if (connect.getWillPublish().filter(will -> AccessRules.isFerryTopic(will.getTopic())).isPresent()) {
            // A Will bypasses publish interceptors: it would reach the bridges unstamped, or with a forged identity.
            LOG.warn("Rejected a Will on a Ferry topic clientId={}", clientId);
            output.failAuthentication(ConnackReasonCode.NOT_AUTHORIZED, "no Will on $file topics");
            return;
        }
        if (connect.getUserName().filter(bridgeUsername::equals).isPresent()) {
            if (passwordMatches(connect.getPassword())) {
                Role.BRIDGE.assignTo(input.getConnectionInformation());
                output.authenticateSuccessfully();
                LOG.info("Ferry bridge connected clientId={}", clientId);
            } else {
                LOG.warn("Rejected bridge login with a wrong password clientId={}", clientId);
                output.failAuthentication(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "bad bridge credentials");
            }
            return;
        }
        Async<SimpleAuthOutput> async = output.async(LOOKUP_TIMEOUT, TimeoutFallback.FAILURE,
                ConnackReasonCode.SERVER_UNAVAILABLE, "session lookup timed out");
        sessionFilters.apply(clientId).whenComplete((filters, error) -> {
            if (error != null) {
                LOG.warn("Cannot look up the session of clientId={}: {}", clientId, error.toString());
                output.failAuthentication(ConnackReasonCode.SERVER_UNAVAILABLE, "session lookup failed");
            } else if (filters.stream().anyMatch(filter -> !AccessRules.deviceMaySubscribe(clientId, filter))) {
                LOG.warn("Rejected device login into a bridge session clientId={}", clientId);
                output.failAuthentication(ConnackReasonCode.NOT_AUTHORIZED, "clientId is in use by a Ferry bridge");
            } else {
                Role.DEVICE.assignTo(input.getConnectionInformation());
                output.authenticateSuccessfully();
            }
            async.resume();
        });
    }

    private boolean passwordMatches(Optional<ByteBuffer> password) {
        if (password.isEmpty()) {
            return false;
        }
        ByteBuffer buffer = password.get().duplicate();
        byte[] given = new byte[buffer.remaining()];
        buffer.get(given);
        return MessageDigest.isEqual(given, bridgePassword);
    }
}
