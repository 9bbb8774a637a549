package io.ferry.protocol;

import java.util.Set;

/**
 * Ferry's MQTT namespace, defined once: the command roots ({@link Mode}), the response root, and which topics only
 * the broker may originate or route. Used by the broker's ACL, the reply-topic rule ({@link ReplyTo}) and the SDK.
 */
public final class FerryMqtt {
    public static final String RESPONSE_ROOT = "$file-response";
    /** Where a device's responses go unless it set a Response-Topic it may use: {@code $file-response/{clientId}}. */
    public static final String RESPONSE_PREFIX = RESPONSE_ROOT + "/";
    /** {@code $file} and {@code $file-async}: the first level of every command topic. */
    public static final Set<String> COMMAND_ROOTS = Set.of(root(Mode.SYNC), root(Mode.ASYNC));

    private FerryMqtt() {
    }

    /** The device's own response topic. */
    public static String responseTopic(String clientId) {
        return RESPONSE_PREFIX + clientId;
    }

    /** Exactly {@code $file} or {@code $file-async}: not a command by the grammar, answered and never routed. */
    public static boolean isBareCommandRoot(String topic) {
        return COMMAND_ROOTS.contains(topic);
    }

    /** A command root or the response root is the first level (also of a filter such as {@code $file/#}). */
    public static boolean isFerryTopic(String topicOrFilter) {
        String root = firstLevel(topicOrFilter);
        return COMMAND_ROOTS.contains(root) || root.equals(RESPONSE_ROOT);
    }

    /** A topic or filter inside the response namespace ({@code $file-response} or below it). */
    public static boolean isResponseTopic(String topicOrFilter) {
        return firstLevel(topicOrFilter).equals(RESPONSE_ROOT);
    }

    /** A filter whose first level is a command root, e.g. {@code $file/#} or {@code $file-async/+/init}. */
    public static boolean isCommandFilter(String filter) {
        return COMMAND_ROOTS.contains(firstLevel(filter));
    }

    public static String firstLevel(String topicOrFilter) {
        int slash = topicOrFilter.indexOf('/');
        return slash < 0 ? topicOrFilter : topicOrFilter.substring(0, slash);
    }

    private static String root(Mode mode) {
        return mode.prefix().substring(0, mode.prefix().length() - 1);
    }
}
