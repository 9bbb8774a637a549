package io.ferry.broker;

import io.ferry.protocol.FerryMqtt;
import io.ferry.protocol.Mode;

/**
 * Ferry's ACL as pure functions of topic, filter and clientId: commands are consumed by the broker's ingress and
 * reach no subscriber, {@code $file-response/X} reaches only client X. The namespace itself is protocol's
 * {@link FerryMqtt}.
 */
final class AccessRules {
    static final String SHARE_PREFIX = "$share/";

    private AccessRules() {
    }

    static boolean deviceMaySubscribe(String clientId, String filter) {
        String inner = unshared(filter);
        if (FerryMqtt.isCommandFilter(inner)) {
            return false;
        }
        if (FerryMqtt.isResponseTopic(inner)) {
            return inner.equals(FerryMqtt.responseTopic(clientId));
        }
        // '#' and '+' do not match '$' topics by the spec; HiveMQ delivers them anyway, so the outbound filter
        // (deviceMayReceive) is what keeps commands and other clients' responses away.
        return true;
    }

    static boolean deviceMayReceive(String clientId, String topic) {
        if (Mode.isCommandTopic(topic)) {
            return false;
        }
        if (FerryMqtt.isResponseTopic(topic)) {
            return topic.equals(FerryMqtt.responseTopic(clientId));
        }
        return true;
    }

    /** Devices may not forge responses. */
    static boolean deviceMayPublish(String topic) {
        return !FerryMqtt.isResponseTopic(topic);
    }

    /** The filter without a {@code $share/<group>/} prefix. */
    static String unshared(String filter) {
        if (!filter.startsWith(SHARE_PREFIX)) {
            return filter;
        }
        int slash = filter.indexOf('/', SHARE_PREFIX.length());
        return slash < 0 ? "" : filter.substring(slash + 1);
    }
}
