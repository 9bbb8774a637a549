package io.ferry.assembler;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start: {@code ferry.assembler.segments.max.age} must stay below the retention of ferry.commands, else the index
 * could point at records Kafka already deleted (issue 15 item 2). Refuses to start when it does not; when the
 * topic's configuration cannot be read (no DescribeConfigs permission), says so and goes on.
 */
final class RetentionCheck {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionCheck.class);
    private static final long TIMEOUT_SECONDS = 30;

    private RetentionCheck() {
    }

    static void verify(Admin admin, String commandsTopic, Duration maxSegmentAge) {
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, commandsTopic);
        Long retention;
        try {
            Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(topic)).all()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            ConfigEntry entry = configs.get(topic).get(TopicConfig.RETENTION_MS_CONFIG);
            retention = entry == null || entry.value() == null ? null : Long.valueOf(entry.value());
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.warn("cannot read {} retention.ms to check ferry.assembler.segments.max.age ({}): {}", commandsTopic,
                    maxSegmentAge, e.toString());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + commandsTopic + " configuration", e);
        }
        check(commandsTopic, retention, maxSegmentAge);
    }

    /** {@code retention} in ms, null or negative for "kept forever". */
    static void check(String commandsTopic, Long retention, Duration maxSegmentAge) {
        if (retention != null && retention >= 0 && maxSegmentAge.toMillis() >= retention) {
            throw new IllegalStateException("ferry.assembler.segments.max.age (" + maxSegmentAge + ") must be below "
                    + commandsTopic + " retention.ms (" + Duration.ofMillis(retention) + "): lower the setting or raise "
                    + "the retention, else uploads would point at deleted records");
        }
    }
}
