package io.ferry.broker;

import com.hivemq.extension.sdk.api.client.ClientContext;
import com.hivemq.extension.sdk.api.client.parameter.InitializerInput;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishOutboundInterceptor;
import com.hivemq.extension.sdk.api.services.intializer.ClientInitializer;
import io.netty.channel.Channel;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives each device connection Ferry's ingress, an outbound filter (it never receives commands or other clients'
 * responses) and, where the broker is embedded, TCP back-pressure in its Netty pipeline ({@link ReadThrottle}).
 */
final class FerryClientInitializer implements ClientInitializer {
    private static final Logger LOG = LoggerFactory.getLogger(FerryClientInitializer.class);

    private final CommandIngress commands;
    private final PublishOutboundInterceptor deviceOutbound;
    private final Function<String, Optional<Channel>> channels;
    private final IngressLimits limits;
    private final IngressBudget budget;

    /** @param channels the Netty channel of a clientId, or empty where HiveMQ does not expose it */
    FerryClientInitializer(CommandIngress commands, Function<String, Optional<Channel>> channels,
                           IngressLimits limits, IngressBudget budget) {
        this.commands = commands;
        this.channels = channels;
        this.limits = limits;
        this.budget = budget;
        this.deviceOutbound = (input, output) -> {
            String clientId = input.getClientInformation().getClientId();
            if (!AccessRules.deviceMayReceive(clientId, input.getPublishPacket().getTopic())) {
                output.preventPublishDelivery();
            }
        };
    }

    @Override
    public void initialize(InitializerInput input, ClientContext context) {
        context.addPublishInboundInterceptor(commands);
        context.addPublishOutboundInterceptor(deviceOutbound);
        String clientId = input.getClientInformation().getClientId();
        channels.apply(clientId).ifPresent(channel -> channel.eventLoop().execute(() -> {
            if (channel.pipeline().get(ReadThrottle.NAME) == null && channel.pipeline().get(ReadThrottle.BEFORE) != null) {
                channel.pipeline().addBefore(ReadThrottle.BEFORE, ReadThrottle.NAME,
                        new ReadThrottle(limits.clientMaxPendingBytes(), budget));
            } else {
                LOG.debug("No read throttle for clientId={}: pipeline {}", clientId, channel.pipeline().names());
            }
        }));
    }
}
