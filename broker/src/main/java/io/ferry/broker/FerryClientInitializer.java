package io.ferry.broker;

import com.hivemq.extension.sdk.api.client.ClientContext;
import com.hivemq.extension.sdk.api.client.parameter.InitializerInput;
import com.hivemq.extension.sdk.api.interceptor.puback.PubackInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishOutboundInterceptor;
import com.hivemq.extension.sdk.api.services.intializer.ClientInitializer;

/**
 * Gives each connection the interceptors of its {@link Role}: a bridge's PUBACKs shrink the ingress backlog; a
 * device's commands are stamped and gated, and it never receives commands or other clients' responses.
 */
final class FerryClientInitializer implements ClientInitializer {
    private final DeviceCommandInterceptor commands;
    private final PubackInboundInterceptor bridgeAcks;
    private final PublishOutboundInterceptor deviceOutbound;

    FerryClientInitializer(DeviceCommandInterceptor commands, IngressGate gate) {
        this.commands = commands;
        this.bridgeAcks = (input, output) -> gate.onBridgeAck();
        this.deviceOutbound = (input, output) -> {
            String clientId = input.getClientInformation().getClientId();
            if (!AccessRules.deviceMayReceive(clientId, input.getPublishPacket().getTopic())) {
                output.preventPublishDelivery();
            }
        };
    }

    @Override
    public void initialize(InitializerInput input, ClientContext context) {
        switch (Role.of(input.getConnectionInformation())) {
            case BRIDGE -> context.addPubackInboundInterceptor(bridgeAcks);
            case DEVICE -> {
                context.addPublishInboundInterceptor(commands);
                context.addPublishOutboundInterceptor(deviceOutbound);
            }
        }
    }
}
