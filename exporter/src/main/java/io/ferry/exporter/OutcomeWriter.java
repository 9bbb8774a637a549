package io.ferry.exporter;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.ferry.records.CatalogEntry;
import io.ferry.records.ExportOutcome;
import io.ferry.records.FerrySerdes;
import io.ferry.records.Manifest;
import io.ferry.protocol.ReplyTo;
import io.ferry.records.ResponseRecord;
import io.ferry.records.Topics;
import io.ferry.records.TransferEvent;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes export results in one Kafka transaction together with the consumed ferry.ready offsets: catalog entry,
 * event, a response per waiting fin, and the outcome for the assembler. Either all of it becomes visible to
 * read_committed consumers, or none of it and the manifests are delivered again.
 */
final class OutcomeWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutcomeWriter.class);
    private final Supplier<Producer<byte[], byte[]>> factory;
    private final Topics topics;
    private final Clock clock;
    private Producer<byte[], byte[]> producer;

    OutcomeWriter(Supplier<Producer<byte[], byte[]>> factory, Topics topics, Clock clock) {
        this.factory = factory;
        this.topics = topics;
        this.clock = clock;
        this.producer = newProducer();
    }

    static Supplier<Producer<byte[], byte[]>> kafka(Map<String, Object> settings, String transactionalId) {
        return () -> {
            Map<String, Object> config = new HashMap<>(settings);
            config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        };
    }

    private Producer<byte[], byte[]> newProducer() {
        Producer<byte[], byte[]> created = factory.get();
        created.initTransactions();
        return created;
    }

    /** True if committed; false if aborted (the caller keeps the results and tries again). */
    boolean commit(List<ExportResult> results, Map<TopicPartition, OffsetAndMetadata> offsets,
                   ConsumerGroupMetadata group) {
        try {
            producer.beginTransaction();
            long now = clock.millis();
            for (ExportResult result : results) {
                for (ProducerRecord<byte[], byte[]> record : records(result, topics, now)) {
                    producer.send(record);
                }
            }
            if (!offsets.isEmpty()) {
                producer.sendOffsetsToTransaction(offsets, group);
            }
            producer.commitTransaction();
            return true;
        } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException e) {
            LOG.warn("transactional producer unusable, recreating it: {}", e.toString());
            recreate();
            return false;
        } catch (KafkaException e) {
            LOG.warn("transaction of {} results failed, aborting: {}", results.size(), e.toString());
            try {
                producer.abortTransaction();
            } catch (KafkaException abortFailure) {
                recreate();
            }
            return false;
        }
    }

    private void recreate() {
        try {
            producer.close(java.time.Duration.ZERO);
        } catch (KafkaException e) {
            LOG.debug("closing the old producer: {}", e.toString());
        }
        producer = newProducer();
    }

    /** The records one result publishes; keys follow the topic table in docs/architecture.md "Shape". */
    static List<ProducerRecord<byte[], byte[]>> records(ExportResult result, Topics topics, long now) {
        Manifest manifest = result.manifest();
        byte[] transferKey = manifest.transferId().encodeBytes();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        String clientId = manifest.transferId().clientId();
        String fileId = manifest.transferId().fileId();
        if (result.isSuccess()) {
            CatalogEntry entry = new CatalogEntry(clientId, fileId, manifest.meta().name(), manifest.size(),
                    result.sha256(), manifest.meta(), now, result.locations());
            records.add(new ProducerRecord<>(topics.files(), transferKey,
                    FerrySerdes.catalog().serializer().serialize(topics.files(), entry)));
        }
        TransferEvent event = result.isSuccess()
                ? new TransferEvent(clientId, fileId, TransferEvent.Type.COMPLETED, now, null, manifest.size(), null)
                : new TransferEvent(clientId, fileId, TransferEvent.Type.FAILED, now,
                        result.reason().description(), manifest.size(), result.message());
        records.add(new ProducerRecord<>(topics.events(), transferKey,
                FerrySerdes.events().serializer().serialize(topics.events(), event)));
        for (ReplyTo waiter : manifest.waiters()) {
            ResponseRecord response = ResponseRecord.of(waiter, result.reason());
            records.add(new ProducerRecord<>(topics.responses(), waiter.clientId().getBytes(UTF_8),
                    FerrySerdes.responses().serializer().serialize(topics.responses(), response)));
        }
        ExportOutcome outcome = new ExportOutcome(manifest.transferId(), manifest.generation(), result.reason(),
                result.sha256(), result.message(), now);
        // No explicit partition: the default partitioner hashes the same key bytes as ferry.commands does.
        records.add(new ProducerRecord<>(topics.exported(), transferKey,
                FerrySerdes.outcomes().serializer().serialize(topics.exported(), outcome)));
        return records;
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
