package io.ferry.api;

import io.ferry.records.CatalogEntry;
import io.ferry.records.FerrySerdes;
import io.ferry.records.TransferId;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Idempotent, acks=all producer of catalog tombstones. */
final class KafkaCatalogWriter implements CatalogWriter {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaCatalogWriter.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);
    private final KafkaProducer<TransferId, CatalogEntry> producer;
    private final String topic;

    KafkaCatalogWriter(String bootstrapServers, Map<String, String> settings, String topic) {
        this.producer = new KafkaProducer<>(
                KafkaClients.producer(bootstrapServers, settings, "ferry-api-catalog-writer"), FerrySerdes.transferIds().serializer(),
                FerrySerdes.catalog().serializer());
        this.topic = topic;
    }

    @Override
    public void tombstone(TransferId id) {
        KafkaClients.await(producer.send(new ProducerRecord<>(topic, id, null)), SEND_TIMEOUT,
                "catalog tombstone " + id, "CATALOG_UNAVAILABLE", "cannot write to the catalog, try again");
        LOG.info("catalog tombstone written {}", id);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
