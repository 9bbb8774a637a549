package io.ferry.records;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates Ferry's topics with the policies of docs/architecture.md "Shape"; existing topics are left as they are. */
public final class TopicAdmin {
    /** Largest record Ferry writes: a segment record plus header, or a manifest of a very large file. */
    public static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
    private static final long SEVEN_DAYS_MS = 7L * 24 * 60 * 60 * 1000;
    private static final long ONE_DAY_MS = 24L * 60 * 60 * 1000;

    private TopicAdmin() {
    }

    public static void ensureTopics(Admin admin, Topics topics, int partitions, short replication) {
        String maxBytes = Integer.toString(MAX_MESSAGE_BYTES);
        Map<String, Map<String, String>> configs = Map.of(
                topics.commands(), Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(SEVEN_DAYS_MS),
                        TopicConfig.MAX_MESSAGE_BYTES_CONFIG, maxBytes),
                topics.ready(), Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(SEVEN_DAYS_MS),
                        TopicConfig.MAX_MESSAGE_BYTES_CONFIG, maxBytes),
                topics.responses(), Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(ONE_DAY_MS)),
                topics.files(), Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT),
                topics.transfers(), Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT),
                topics.events(), Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(SEVEN_DAYS_MS)),
                topics.exported(), Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(SEVEN_DAYS_MS)),
                topics.usage(), Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        try {
            Set<String> existing = new HashSet<>(admin.listTopics().names().get());
            List<NewTopic> missing = new ArrayList<>();
            for (String topic : topics.all()) {
                if (!existing.contains(topic)) {
                    missing.add(new NewTopic(topic, partitions, replication).configs(configs.get(topic)));
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create Ferry topics: " + e.getCause().getMessage(), e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }
}
