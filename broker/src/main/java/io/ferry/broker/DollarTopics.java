package io.ferry.broker;

import com.hivemq.configuration.service.InternalConfigurations;

/**
 * HiveMQ CE disconnects any client that publishes to a topic starting with '$' unless this internal flag is set
 * before the broker is built (HiveMQ copies it once). Internal API: the HiveMQ version is pinned in the parent POM
 * and {@code DollarTopicsIT} fails if an upgrade breaks it.
 */
final class DollarTopics {
    private DollarTopics() {
    }

    static void allow() {
        InternalConfigurations.MQTT_ALLOW_DOLLAR_TOPICS.set(true);
    }

    static boolean allowed() {
        return InternalConfigurations.MQTT_ALLOW_DOLLAR_TOPICS.get();
    }
}
