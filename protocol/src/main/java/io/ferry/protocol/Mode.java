package io.ferry.protocol;

/** The two command prefixes. Ferry treats both alike: a PUBACK means "accepted", the result is the response. */
public enum Mode {
    SYNC("$file/"),
    ASYNC("$file-async/");

    private final String prefix;

    Mode(String prefix) {
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }

    /** The mode of a topic, or null when the topic is not a file-transfer command. */
    public static Mode of(String topic) {
        if (topic.startsWith(SYNC.prefix)) {
            return SYNC;
        }
        if (topic.startsWith(ASYNC.prefix)) {
            return ASYNC;
        }
        return null;
    }

    public static boolean isCommandTopic(String topic) {
        return of(topic) != null;
    }
}
