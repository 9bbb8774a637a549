package io.ferry.api;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's Kafka clients, configured alike: the operator's {@code ferry.kafka.*} settings, the bootstrap servers,
 * a default client id; consumers read only committed records and never commit offsets (they replay a compacted
 * topic from the start), producers write with acks=all and idempotence. One rule for waiting on a send.
 */
final class KafkaClients {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaClients.class);

    private KafkaClients() {
    }

    /** {@code clientId} applies unless the settings name one. */
    static Map<String, Object> consumer(String bootstrapServers, Map<String, String> settings, String clientId) {
        Map<String, Object> config = common(bootstrapServers, settings, clientId);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return config;
    }

    /** {@code clientId} applies unless the settings name one. */
    static Map<String, Object> producer(String bootstrapServers, Map<String, String> settings, String clientId) {
        Map<String, Object> config = common(bootstrapServers, settings, clientId);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return config;
    }

    private static Map<String, Object> common(String bootstrapServers, Map<String, String> settings,
                                              String clientId) {
        Map<String, Object> config = new HashMap<>(settings);
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.putIfAbsent(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        return config;
    }

    /**
     * Waits for Kafka to take a record ({@code what}, for the log). If it does not within {@code timeout}, logs why
     * and throws a 503 {@code code}: nothing was promised, the caller may retry.
     */
    static void await(Future<?> send, Duration timeout, String what, String code, String message) {
        try {
            send.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("cannot write {}: {}", what, e.toString());
            throw ApiException.unavailable(code, message);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable(code, "interrupted while writing " + what);
        }
    }
}
