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
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
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
        this.producer = new KafkaProducer<>(KafkaClients.producer(bootstrapServers, settings, "ferry-api-abort"),
                new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = commandsTopic;
        this.clock = clock;
    }

    /** Returns once Kafka has the abort; throws a 503 ApiException if it does not take it in time. */
    void abort(TransferId id) {
        ReplyTo replyTo = new ReplyTo(id.clientId(),
                CommandTopic.of(Mode.SYNC, id.fileId()).abort().topic(), 0, null, null);
        CommandRecord record = CommandRecord.of(replyTo, clock.millis(), new Abort(id.fileId()));
        KafkaClients.await(producer.send(new ProducerRecord<>(topic, id.encodeBytes(),
                CommandRecordCodec.encode(record))), SEND_TIMEOUT, "abort of " + id, "KAFKA_UNAVAILABLE",
                "Kafka did not take the abort, try again");
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
