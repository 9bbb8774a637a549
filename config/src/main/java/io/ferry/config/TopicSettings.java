package io.ferry.config;

import io.ferry.records.Topics;

/** Names and creation of Ferry's Kafka topics: defined once, read by every service. */
public final class TopicSettings {
    public static final int DEFAULT_PARTITIONS = 6;
    public static final Setting<String> PREFIX = Setting.string("ferry.topics.prefix", Topics.DEFAULT_PREFIX,
            "Prefix of all Ferry topic names (`ferry.commands`, `ferry.files`, ...). The same in every service.");
    public static final Setting<Boolean> CREATE = Setting.bool("ferry.topics.create", true,
            "Whether the assembler creates missing topics at start (false when topics are managed, e.g. by"
            + " Strimzi KafkaTopic resources).");
    public static final Setting<Integer> PARTITIONS = Setting.integer("ferry.topics.partitions", DEFAULT_PARTITIONS,
            1, 100_000, "Partitions of topics the assembler creates (`./ferry run`: 4, at most 1024).");
    public static final Setting<Integer> REPLICATION = Setting.integer("ferry.topics.replication", -1, -1,
            Short.MAX_VALUE, "Replication factor of topics the assembler creates; -1 = the Kafka broker's default.")
            .validatedBy(new Replication());
    public static final SettingGroup GROUP = SettingGroup.of("Topics",
            "Ferry's Kafka topics. The prefix is read by every service, creation settings by the assembler.",
            PREFIX, CREATE, PARTITIONS, REPLICATION);

    private TopicSettings() {
    }

    /** The topic names under the configured prefix. */
    public static Topics topics(Settings settings) {
        return Topics.withPrefix(settings.get(PREFIX));
    }

    /** -1 (the broker's default) or 1 to 32767: 0 replicas is no topic. */
    record Replication() implements Validator<Integer> {
        @Override
        public String check(Integer value) {
            if (value == 0) {
                return "must be -1 (broker default) or >= 1";
            }
            return value < -1 || value > Short.MAX_VALUE ? value + " is outside [-1, " + Short.MAX_VALUE + "]" : null;
        }

        @Override
        public String describe() {
            return "-1 or 1 to " + Short.MAX_VALUE;
        }
    }
}
