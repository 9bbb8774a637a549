package io.ferry.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {
    private static final TopicPartition P0 = new TopicPartition("ready", 0);
    private static final TopicPartition P1 = new TopicPartition("ready", 1);

    @Test
    void shouldHoldBackCommitBehindUnfinishedManifest() {
        OffsetTracker tracker = new OffsetTracker();
        tracker.started(P0, 5);
        tracker.started(P0, 6);
        tracker.started(P0, 7);
        tracker.finished(P0, 6);
        tracker.finished(P0, 7);

        assertThat(tracker.committable()).containsExactly(Map.entry(P0, new OffsetAndMetadata(5)));
        tracker.committed(tracker.committable());
        assertThat(tracker.committable()).isEmpty();

        tracker.finished(P0, 5);
        assertThat(tracker.committable()).containsExactly(Map.entry(P0, new OffsetAndMetadata(8)));
    }

    @Test
    void shouldForgetRevokedPartitions() {
        OffsetTracker tracker = new OffsetTracker();
        tracker.started(P0, 1);
        tracker.started(P1, 1);
        tracker.finished(P1, 1);
        tracker.remove(List.of(P1));

        assertThat(tracker.owns(P1)).isFalse();
        assertThat(tracker.committable()).containsExactly(Map.entry(P0, new OffsetAndMetadata(1)));
    }
}
