package io.ferry.bridge;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ferry.protocol.CommandRecord;
import io.ferry.protocol.FerrySerdes;
import io.ferry.protocol.ResponseRecord;
import io.ferry.protocol.Topics;
import io.ferry.protocol.TransferId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CommandIngestTest {
    private static final Topics TOPICS = Topics.withPrefix("t.");
    private final MockProducer<byte[], byte[]> producer = new MockProducer<>(false, null, new ByteArraySerializer(),
            new ByteArraySerializer());
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor();
    private final CommandIngest ingest = new CommandIngest(new CommandMapper(1000, 100),
            new KafkaOut(producer, TOPICS), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), retries);
    private final AtomicInteger acks = new AtomicInteger();

    @AfterEach
    void stop() {
        retries.shutdownNow();
    }

    @Test
    void shouldAcknowledgeOnlyAfterKafkaAcceptedEveryPartWhenSegmentIsSplit() {
        ingest.handle(incoming("$file/f/0", new byte[250]), acks::incrementAndGet);

        assertThat(producer.history()).hasSize(3);
        producer.completeNext();
        producer.completeNext();
        assertThat(acks).hasValue(0);
        producer.completeNext();

        assertThat(acks).hasValue(1);
        assertThat(producer.history()).allSatisfy(record -> {
            assertThat(record.topic()).isEqualTo("t.commands");
            assertThat(TransferId.decode(record.key())).isEqualTo(new TransferId("dev", "f"));
        });
        CommandRecord last = FerrySerdes.commands().deserializer().deserialize("t.commands",
                producer.history().get(2).value());
        assertThat(last.isLastPart()).isTrue();
    }

    @Test
    void shouldRetryAndNotAcknowledgeWhenKafkaWriteFails() {
        ingest.handle(incoming("$file/f/abort", new byte[0]), acks::incrementAndGet);

        producer.errorNext(new TimeoutException("broker down"));
        await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == 2);
        assertThat(acks).hasValue(0);
        producer.completeNext();

        assertThat(acks).hasValue(1);
    }

    @Test
    void shouldWriteResponseKeyedByClientIdThenAcknowledgeWhenCommandIsRejected() {
        ingest.handle(incoming("$file/f/bogus/x/y", new byte[0]), acks::incrementAndGet);

        assertThat(producer.history()).singleElement().satisfies(record -> {
            assertThat(record.topic()).isEqualTo("t.responses");
            assertThat(new String(record.key(), UTF_8)).isEqualTo("dev");
            ResponseRecord response = FerrySerdes.responses().deserializer().deserialize("t.responses",
                    record.value());
            assertThat(response.response().reasonDescription()).isEqualTo("invalid_file_command");
        });
        assertThat(acks).hasValue(0);
        producer.completeNext();
        assertThat(acks).hasValue(1);
    }

    @Test
    void shouldAcknowledgeWithoutWritingWhenClientIdIsMissing() {
        ingest.handle(new Incoming("$file/f/abort", new byte[0], null, "1", "1", null, null), acks::incrementAndGet);

        assertThat(producer.history()).isEmpty();
        assertThat(acks).hasValue(1);
    }

    @Test
    void shouldNeverAcknowledgeWhenClosedBeforeKafkaAnswers() {
        ingest.handle(incoming("$file/f/abort", new byte[0]), acks::incrementAndGet);

        ingest.close();
        producer.completeNext();

        assertThat(acks).hasValue(0);
        assertThat(ingest.awaitIdle(Duration.ZERO)).isTrue();
    }

    private static Incoming incoming(String topic, byte[] payload) {
        return new Incoming(topic, payload, "dev", "1", "5", null, null);
    }
}
