package io.ferry.broker;

import io.ferry.protocol.FerryMqtt;
import io.ferry.protocol.Mode;
import io.ferry.protocol.ReplyTo;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Ferry's ACL as pure functions of topic, filter and clientId: commands are consumed by the broker's ingress and
 * reach no subscriber, {@code $file-response/X} reaches only client X.
 */
final class AccessRules {
    static final String SHARE_PREFIX = "$share/";
    private static final String RESPONSE_ROOT = "$file-response";
    private static final Set<String> COMMAND_ROOTS = Set.of("$file", "$file-async");

    private AccessRules() {
    }

    static boolean deviceMaySubscribe(String clientId, String filter) {
        String inner = unshared(filter);
        String root = firstLevel(inner);
        if (COMMAND_ROOTS.contains(root)) {
            return false;
        }
        if (root.equals(RESPONSE_ROOT)) {
            return inner.equals(FerryMqtt.RESPONSE_PREFIX + clientId);
        }
        // '#' and '+' do not match '$' topics by the spec; HiveMQ delivers them anyway, so the outbound filter
        // (deviceMayReceive) is what keeps commands and other clients' responses away.
        return true;
    }

    static boolean deviceMayReceive(String clientId, String topic) {
        if (Mode.isCommandTopic(topic)) {
            return false;
        }
        if (topic.startsWith(FerryMqtt.RESPONSE_PREFIX) || topic.equals(RESPONSE_ROOT)) {
            return topic.equals(FerryMqtt.RESPONSE_PREFIX + clientId);
        }
        return true;
    }

    /** Devices may not forge responses. */
    static boolean deviceMayPublish(String topic) {
        return !firstLevel(topic).equals(RESPONSE_ROOT);
    }

    /** Exactly {@code $file} or {@code $file-async}: not a command by the grammar, answered and never routed. */
    static boolean isBareCommandRoot(String topic) {
        return COMMAND_ROOTS.contains(topic);
    }

    /** Commands and responses: topics only the broker integration may originate or route. */
    static boolean isFerryTopic(String topic) {
        String root = firstLevel(topic);
        return COMMAND_ROOTS.contains(root) || root.equals(RESPONSE_ROOT);
    }

    /** {@link #deliverableReplyTopic(ReplyTo, Predicate)} for a device that may publish to any non-Ferry topic. */
    static String deliverableReplyTopic(ReplyTo replyTo) {
        return deliverableReplyTopic(replyTo, topic -> true);
    }

    /**
     * The one rule for where a response goes: the device's Response-Topic only if it is a topic the device itself
     * may publish to (not a command topic, not another client's {@code $file-response/}, and allowed by the
     * operator's ACL); otherwise the device's default {@code $file-response/{clientId}}. So a Response-Topic never
     * makes Ferry publish where the device could not.
     *
     * @param deviceMayPublish the ACL's verdict for this device on a non-Ferry topic
     */
    static String deliverableReplyTopic(ReplyTo replyTo, Predicate<String> deviceMayPublish) {
        String own = FerryMqtt.RESPONSE_PREFIX + replyTo.clientId();
        String topic = replyTo.replyTopic();
        if (topic.equals(own)) {
            return own;
        }
        return isFerryTopic(topic) || !deviceMayPublish.test(topic) ? own : topic;
    }

    /** The filter without a {@code $share/<group>/} prefix. */
    static String unshared(String filter) {
        if (!filter.startsWith(SHARE_PREFIX)) {
            return filter;
        }
        int slash = filter.indexOf('/', SHARE_PREFIX.length());
        return slash < 0 ? "" : filter.substring(slash + 1);
    }

    private static String firstLevel(String topicOrFilter) {
        int slash = topicOrFilter.indexOf('/');
        return slash < 0 ? topicOrFilter : topicOrFilter.substring(0, slash);
    }
}
