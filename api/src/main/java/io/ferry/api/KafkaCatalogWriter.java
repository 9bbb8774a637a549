package io.ferry.api;

import io.ferry.records.CatalogEntry;
import io.ferry.records.FerrySerdes;
import io.ferry.records.TransferId;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Idempotent, acks=all producer of catalog tombstones. */
final class KafkaCatalogWriter implements CatalogWriter {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaCatalogWriter.class);
    private static final long SEND_TIMEOUT_SECONDS = 30;
    private final KafkaProducer<TransferId, CatalogEntry> producer;
    private final String topic;

    KafkaCatalogWriter(String bootstrapServers, Map<String, String> settings, String topic) {
        Map<String, Object> config = new HashMap<>(settings);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "ferry-api-catalog-writer");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producer = new KafkaProducer<>(config, FerrySerdes.transferIds().serializer(),
                FerrySerdes.catalog().serializer());
        this.topic = topic;
    }

    @Override
    public void tombstone(TransferId id) {
        try {
            producer.send(new ProducerRecord<>(topic, id, null)).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            LOG.info("catalog tombstone written {}", id);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("cannot write catalog tombstone {}: {}", id, e.toString());
            throw ApiException.unavailable("CATALOG_UNAVAILABLE", "cannot write to the catalog, try again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("CATALOG_UNAVAILABLE", "interrupted");
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
