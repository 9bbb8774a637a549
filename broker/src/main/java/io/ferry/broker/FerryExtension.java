package io.ferry.broker;

import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import io.ferry.broker.auth.ConnectedDevices;
import io.ferry.broker.auth.DeviceAcl;
import io.ferry.broker.auth.DeviceAuthenticator;
import io.ferry.config.ConfigException;
import io.ferry.config.Settings;
import io.netty.channel.Channel;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ferry's HiveMQ extension: each broker node is Ferry's ingress. It validates device commands and writes them to
 * Kafka before their PUBACK ({@link CommandIngress}), delivers the responses topic to its connected devices
 * ({@link ResponseDelivery}), and enforces Ferry's ACLs. Embedded by {@link FerryBroker}, or loaded by a HiveMQ
 * installation from {@code extensions/ferry-broker/} (public no-argument constructor; settings from
 * {@value #CONFIG_FILE} in the extension folder, overlaid by {@code FERRY_*} variables).
 */
public final class FerryExtension implements ExtensionMain {
    public static final String CONFIG_FILE = "ferry-broker.properties";
    private static final Logger LOG = LoggerFactory.getLogger(FerryExtension.class);

    private final ExtensionConfig preset;
    private final Function<String, Optional<Channel>> channels;
    private volatile CommandProducer producer;
    private volatile CommandIngress ingress;
    private volatile ResponseDelivery responses;
    private volatile ClientUsageView usage;
    private volatile LocalClients clients;
    private volatile IngressBudget budget;
    private volatile FerryAuthenticator authenticator;
    private volatile boolean started;
    private volatile IngressObserver observer = IngressObserver.NONE;

    /** For a HiveMQ installation: reads its settings from the extension folder and the environment. */
    public FerryExtension() {
        this(null, clientId -> Optional.empty());
    }

    /** @param channels how to find a client's Netty channel for TCP back-pressure (embedded HiveMQ only) */
    FerryExtension(ExtensionConfig config, Function<String, Optional<Channel>> channels) {
        this.preset = config;
        this.channels = channels;
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
        Clock clock = Clock.systemUTC();
        DeviceAuthenticator deviceAuth;
        DeviceAcl acl;
        try {
            deviceAuth = new DeviceAuthenticator(config.auth(), clock);
            acl = new DeviceAcl(config.auth().aclFile(), clock, config.auth().reloadInterval());
        } catch (IllegalArgumentException | UncheckedIOException e) {
            output.preventExtensionStartup("ferry.auth.*: " + e.getMessage());
            return;
        }
        producer = new CommandProducer(config);
        CommandProducer warming = producer;
        // In the background: a node may start before Kafka answers; devices are refused visibly until it does.
        CompletableFuture.runAsync(warming::warmUp).whenComplete((ignored, error) -> {
            if (error != null) {
                LOG.warn("Kafka is not reachable yet ({}): commands wait for it", error.toString());
            }
        });
        ConnectedDevices devices = new ConnectedDevices();
        ResponsePublisher publisher = new ResponsePublisher(
                (clientId, topic) -> acl.mayPublish(devices.identity(clientId), topic));
        usage = new ClientUsageView(config);
        observer.producerStarted(producer.kafka());
        ingress = new CommandIngress(config.ingress(), producer, publisher, clock, usage::bytesExhausted, observer);
        budget = new IngressBudget(config.ingress().nodeMaxPendingBytes());
        ResponseDelivery delivery = new ResponseDelivery(config, null, publisher, producer, clock);
        clients = new LocalClients(delivery::wake);
        delivery.attach(clients);
        responses = delivery;
        FerryAuthenticator authenticator = new FerryAuthenticator(deviceAuth, devices);
        this.authenticator = authenticator;
        FerryAuthorizer authorizer = new FerryAuthorizer(delivery::wake, acl);
        Services.securityRegistry().setAuthenticatorProvider(providerInput -> authenticator);
        Services.securityRegistry().setAuthorizerProvider(providerInput -> authorizer);
        ClientLifecycle lifecycle = new ClientLifecycle(clients, devices);
        Services.eventRegistry().setClientLifecycleEventListener(providerInput -> lifecycle);
        Services.initializerRegistry().setClientInitializer(new FerryClientInitializer(ingress, channels,
                config.ingress(), budget));
        delivery.start();
        usage.start();
        started = true;
        LOG.info("Ferry broker extension started: {}", config);
        LOG.info(config.auth().describe());
    }

    /** Set before the broker starts: where the ingress reports its verdicts (metrics). */
    void observe(IngressObserver ingressObserver) {
        this.observer = java.util.Objects.requireNonNull(ingressObserver, "ingressObserver");
    }

    /** Whether {@link #extensionStart} completed; a broker without the extension must not serve devices. */
    public boolean started() {
        return started;
    }

    @Override
    public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
        if (authenticator != null) {
            authenticator.close();
        }
        if (ingress != null) {
            ingress.close();
        }
        if (responses != null) {
            responses.close();
        }
        if (usage != null) {
            usage.close();
        }
        if (producer != null) {
            producer.close();
        }
    }

    /** True while ingress and response delivery work; false once a part died and only a restart helps. */
    public boolean healthy() {
        return started && responses.isRunning();
    }

    /** The node's ingress and delivery state, or zeros before the extension started. */
    public IngressStatus status() {
        if (!started) {
            return IngressStatus.NONE;
        }
        CommandIngress.IngressCounters counters = ingress.counters();
        return new IngressStatus(counters.accepted.get(), counters.refused.get(), counters.failed.get(),
                counters.bytes.get(), ingress.inFlight(), budget.pendingBytes(), budget.peakBytes(), budget.pauses(),
                budget.throttledConnections(),
                clients.count(), responses.pendingCount(), responses.delivered());
    }

    static ExtensionConfig load(Path home) {
        return ExtensionConfig.fromSettings(Settings.load(home.resolve(CONFIG_FILE), System.getenv()));
    }
}
