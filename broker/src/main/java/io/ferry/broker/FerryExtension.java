package io.ferry.broker;

import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.subscription.TopicSubscription;
import io.ferry.protocol.Mode;
import io.ferry.protocol.config.ConfigException;
import io.ferry.protocol.config.Settings;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ferry's HiveMQ extension: bridge authentication, ACLs, clientId stamping and ingress back-pressure. Embedded by
 * {@link FerryBroker}, or loaded by a HiveMQ CE container from {@code extensions/ferry-broker/} (public no-argument
 * constructor; settings from {@value #CONFIG_FILE} in the extension folder, overlaid by {@code FERRY_*} variables).
 */
public final class FerryExtension implements ExtensionMain {
    public static final String CONFIG_FILE = "ferry-broker.properties";
    private static final Logger LOG = LoggerFactory.getLogger(FerryExtension.class);

    private final ExtensionConfig preset;
    private final AtomicBoolean polling = new AtomicBoolean();
    private volatile IngressGate gate;
    private volatile BridgePresence presence;
    private volatile ScheduledFuture<?> ticker;
    private volatile boolean started;

    /** For a HiveMQ container: reads its settings from the extension folder and the environment. */
    public FerryExtension() {
        this(null);
    }

    public FerryExtension(ExtensionConfig config) {
        this.preset = config;
    }

    @Override
    public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
        if (!DollarTopics.allowed()) {
            output.preventExtensionStartup("HiveMQ disconnects clients publishing to '$file/...': start HiveMQ with "
                    + "-javaagent:ferry-broker-agent.jar (see the broker module's documentation)");
            return;
        }
        ExtensionConfig config;
        try {
            config = preset != null ? preset : load(input.getExtensionInformation().getExtensionHomeFolder().toPath());
        } catch (ConfigException e) {
            output.preventExtensionStartup(e.getMessage());
            return;
        }
        IngressGate newGate = new IngressGate(config, Clock.systemUTC());
        gate = newGate;
        presence = new BridgePresence(Services.subscriptionStore(), Services.clientService());
        DeviceCommandInterceptor commands = new DeviceCommandInterceptor(newGate, new ResponsePublisher(),
                config.holdTimeout());
        FerryAuthenticator authenticator = new FerryAuthenticator(config, FerryExtension::sessionFilters);
        FerryAuthorizer authorizer = new FerryAuthorizer();
        Services.securityRegistry().setAuthenticatorProvider(providerInput -> authenticator);
        Services.securityRegistry().setAuthorizerProvider(providerInput -> authorizer);
        Services.initializerRegistry().setClientInitializer(new FerryClientInitializer(commands, newGate));
        long pollMillis = config.pollInterval().toMillis();
        ticker = Services.extensionExecutorService().scheduleWithFixedDelay(this::tick, pollMillis, pollMillis,
                TimeUnit.MILLISECONDS);
        started = true;
        LOG.info("Ferry broker extension started: {}", config);
    }

    /** Whether {@link #extensionStart} completed; a broker without the extension must not serve devices. */
    public boolean started() {
        return started;
    }

    @Override
    public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
        ScheduledFuture<?> currentTicker = ticker;
        if (currentTicker != null) {
            currentTicker.cancel(false);
        }
        IngressGate currentGate = gate;
        if (currentGate != null) {
            currentGate.close();
        }
    }

    /** The back-pressure state, or an empty status before the extension started. */
    public IngressStatus status() {
        IngressGate current = gate;
        return current == null ? new IngressStatus(0, 0, 0, Set.of(), 0, 0, 0) : current.status();
    }

    static ExtensionConfig load(Path home) {
        return ExtensionConfig.fromSettings(Settings.load(home.resolve(CONFIG_FILE), System.getenv()));
    }

    private static CompletableFuture<Set<String>> sessionFilters(String clientId) {
        return Services.subscriptionStore().getSubscriptions(clientId)
                .thenApply(subscriptions -> subscriptions.stream()
                        .map(TopicSubscription::getTopicFilter)
                        .collect(Collectors.toSet()));
    }

    private void tick() {
        // An exception would cancel the schedule and freeze every held publish until HiveMQ's fallback.
        try {
            gate.expire();
            if (polling.compareAndSet(false, true)) {
                presence.check().whenComplete((result, error) -> {
                    polling.set(false);
                    if (error != null) {
                        LOG.warn("Bridge presence check failed; holding commands: {}", error.toString());
                        gate.onPresence(EnumSet.noneOf(Mode.class), true);
                    } else {
                        gate.onPresence(result.connected(), result.anySubscription());
                    }
                });
            }
        } catch (RuntimeException e) {
            polling.set(false);
            LOG.error("Ferry ingress tick failed", e);
        }
    }
}
