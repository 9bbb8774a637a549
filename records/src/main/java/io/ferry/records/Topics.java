package io.ferry.records;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Kafka topic names (topic table in docs/architecture.md "Shape"); every service takes them from the same prefix. {@code usage} holds
 * each assembler task's per-client quota counters, so quotas hold across partitions and instances.
 */
public record Topics(String commands, String ready, String responses, String files, String transfers,
                     String events, String exported, String usage) {
    public static final String DEFAULT_PREFIX = "ferry.";

    public Topics {
        requireNonNull(commands, "commands");
        requireNonNull(ready, "ready");
        requireNonNull(responses, "responses");
        requireNonNull(files, "files");
        requireNonNull(transfers, "transfers");
        requireNonNull(events, "events");
        requireNonNull(exported, "exported");
        requireNonNull(usage, "usage");
    }

    public static Topics withPrefix(String prefix) {
        return new Topics(prefix + "commands", prefix + "ready", prefix + "responses", prefix + "files",
                prefix + "transfers", prefix + "events", prefix + "exported", prefix + "usage");
    }

    public static Topics defaults() {
        return withPrefix(DEFAULT_PREFIX);
    }

    public List<String> all() {
        return List.of(commands, ready, responses, files, transfers, events, exported, usage);
    }
}
