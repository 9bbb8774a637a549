package io.ferry.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.records.Topics;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class CommandProducerConfigTest {
    private static final ExtensionConfig CONFIG = ExtensionConfig.of("localhost:9092", Topics.defaults());

    @Test
    void shouldBatchSegmentsOfSeveralDevicesByDefault() {
        Map<String, Object> properties = CommandProducer.producerConfig(CONFIG);

        // Larger than a 64 KiB segment record, so such records share batches instead of one batch each.
        assertThat(properties.get(ProducerConfig.BATCH_SIZE_CONFIG)).isEqualTo("262144");
        assertThat(properties.get(ProducerConfig.LINGER_MS_CONFIG)).isEqualTo("1");
    }

    @Test
    void shouldLetOperatorsTuneBatchingButNeverTheAcknowledgementRule() {
        ExtensionConfig tuned = CONFIG.withKafka(new KafkaConfig("localhost:9092", Map.of(
                ProducerConfig.BATCH_SIZE_CONFIG, "1048576", ProducerConfig.LINGER_MS_CONFIG, "5",
                ProducerConfig.ACKS_CONFIG, "1", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false"), Map.of()));

        Map<String, Object> properties = CommandProducer.producerConfig(tuned);

        assertThat(properties.get(ProducerConfig.BATCH_SIZE_CONFIG)).isEqualTo("1048576");
        assertThat(properties.get(ProducerConfig.LINGER_MS_CONFIG)).isEqualTo("5");
        assertThat(properties.get(ProducerConfig.ACKS_CONFIG)).isEqualTo("all");
        assertThat(properties.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG)).isEqualTo("true");
    }
}
