package io.ferry.records;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.ferry.protocol.Checks;
import java.nio.ByteBuffer;

/**
 * A value of {@code ferry.usage} (compacted): what one client holds in one assembler task (= one ferry.commands
 * partition): live transfers and indexed bytes not yet exported. Absolute, not a delta, so a re-delivered record
 * changes nothing and compaction keeps exactly the current value; a tombstone when the client holds nothing there.
 * Every assembler task (and anyone else) sums a client's records over partitions to enforce per-client quotas.
 * {@code files} counts the files the client completed in the fixed window number {@code filesWindow} (start time
 * divided by the window length, so all tasks agree on windows). {@code maxBytes} is the assembler's bytes-in-flight
 * quota, so a broker node can refuse a client's segments before
 * writing them to Kafka without its own copy of the setting.
 */
public record ClientUsageRecord(String clientId, int partition, int transfers, long bytes, long maxBytes,
                                long filesWindow, int files) {
    public ClientUsageRecord {
        Checks.clientId(clientId);
        if (partition < 0 || transfers < 0 || bytes < 0 || maxBytes < 0 || files < 0) {
            throw new IllegalArgumentException("negative partition, transfers or bytes");
        }
    }

    /** {@code [clientId length: 4][clientId UTF-8][partition: 4]}: one client's keys share the prefix. */
    public static byte[] key(String clientId, int partition) {
        byte[] prefix = prefix(clientId);
        return ByteBuffer.allocate(prefix.length + 4).put(prefix).putInt(partition).array();
    }

    public static byte[] prefix(String clientId) {
        byte[] id = clientId.getBytes(UTF_8);
        return ByteBuffer.allocate(4 + id.length).putInt(id.length).put(id).array();
    }
}
