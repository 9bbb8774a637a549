package io.ferry.broker.agent;

import com.hivemq.configuration.service.InternalConfigurations;

/**
 * {@code -javaagent} for a HiveMQ CE container running Ferry's extension: sets HiveMQ's internal "allow '$' topics"
 * flag before HiveMQ starts, which an extension cannot do (HiveMQ reads it before extensions load). Packaged alone
 * as {@code ferry-broker-<version>-agent.jar}.
 */
public final class AllowDollarTopicsAgent {
    private AllowDollarTopicsAgent() {
    }

    public static void premain(String arguments) {
        InternalConfigurations.MQTT_ALLOW_DOLLAR_TOPICS.set(true);
    }
}
