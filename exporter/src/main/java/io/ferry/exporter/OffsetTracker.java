package io.ferry.exporter;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which ferry.ready offsets may be committed while manifests finish out of order: per partition, everything below the
 * oldest unfinished manifest. A manifest still retrying therefore holds back its partition's committed offset, so a
 * crash re-delivers it (and the ones after it, which export idempotently).
 */
final class OffsetTracker {
    private final Map<TopicPartition, PartitionState> partitions = new HashMap<>();

    private static final class PartitionState {
        private final TreeSet<Long> pending = new TreeSet<>();
        private long next = -1;
        private long committed = -1;

        long watermark() {
            return pending.isEmpty() ? next : pending.first();
        }
    }

    void started(TopicPartition partition, long offset) {
        PartitionState state = partitions.computeIfAbsent(partition, p -> new PartitionState());
        state.pending.add(offset);
        state.next = Math.max(state.next, offset + 1);
    }

    void finished(TopicPartition partition, long offset) {
        PartitionState state = partitions.get(partition);
        if (state != null) {
            state.pending.remove(offset);
        }
    }

    Map<TopicPartition, OffsetAndMetadata> committable() {
        Map<TopicPartition, OffsetAndMetadata> result = new HashMap<>();
        partitions.forEach((partition, state) -> {
            long watermark = state.watermark();
            if (watermark > state.committed) {
                result.put(partition, new OffsetAndMetadata(watermark));
            }
        });
        return result;
    }

    void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((partition, offset) -> {
            PartitionState state = partitions.get(partition);
            if (state != null) {
                state.committed = Math.max(state.committed, offset.offset());
            }
        });
    }

    void remove(Collection<TopicPartition> revoked) {
        revoked.forEach(partitions::remove);
    }

    boolean owns(TopicPartition partition) {
        return partitions.containsKey(partition);
    }
}
