package io.ferry.api;

import io.ferry.protocol.Abort;
import io.ferry.records.CommandRecord;
import io.ferry.records.CommandRecordCodec;
import io.ferry.protocol.CommandTopic;
import io.ferry.protocol.Mode;
import io.ferry.protocol.ReplyTo;
import io.ferry.records.TransferId;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * An operator's abort of an upload in flight: the same {@code abort} command a device sends, written to
 * ferry.commands with the transfer's key (so it lands in the transfer's partition, after its earlier commands), and
 * handled by the assembler exactly like the device's own: the transfer ends as aborted (ferry.events), its segments
 * are dropped, and the device gets the abort's response on {@code $file-response/{clientId}}.
 */
final class TransferAborter implements AutoCloseable {
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(15);
    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final Clock clock;

    TransferAborter(String bootstrapServers, Map<String, String> settings, String commandsTopic, Clock clock) {
        Map<String, Object> config = new HashMap<>(settings);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "ferry-api-abort");
        this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = commandsTopic;
        this.clock = clock;
    }

    /** Returns once Kafka has the abort; throws a 503 ApiException if it does not take it in time. */
    void abort(TransferId id) {
        ReplyTo replyTo = new ReplyTo(id.clientId(),
                CommandTopic.of(Mode.SYNC, id.fileId()).abort().topic(), 0, null, null);
        CommandRecord record = CommandRecord.of(replyTo, clock.millis(), new Abort(id.fileId()));
        try {
            producer.send(new ProducerRecord<>(topic, id.encodeBytes(), CommandRecordCodec.encode(record)))
                    .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw ApiException.unavailable("KAFKA_UNAVAILABLE", "Kafka did not take the abort, try again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("KAFKA_UNAVAILABLE", "interrupted while aborting");
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
