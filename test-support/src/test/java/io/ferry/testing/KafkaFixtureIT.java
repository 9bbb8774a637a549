package io.ferry.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.records.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class KafkaFixtureIT {
    @RegisterExtension
    static final KafkaFixture KAFKA = new KafkaFixture();

    @Test
    void shouldCreateEveryFerryTopicWhenAskedForNewTopics() throws Exception {
        Topics topics = KAFKA.newTopics(2);

        assertThat(KAFKA.admin().listTopics().names().get()).containsAll(topics.all());
        assertThat(KAFKA.admin().describeTopics(topics.all()).allTopicNames().get().get(topics.commands())
                .partitions()).hasSize(2);
    }
}
