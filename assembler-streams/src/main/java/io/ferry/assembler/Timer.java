package io.ferry.assembler;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import io.ferry.records.TransferId;
import java.nio.ByteBuffer;
import org.apache.kafka.common.utils.Bytes;

/**
 * A due time in the timer store. The key is {@code [at: 8 bytes big-endian][kind: 1 byte][transfer id]}, so the
 * store iterates in time order and a punctuation reads only the timers that are due.
 */
record Timer(long at, Kind kind, TransferId transferId) {
    enum Kind {
        /** Waiting fins are answered incomplete. */
        GRACE,
        /** A rate-limited progress snapshot is published. */
        SNAPSHOT,
        /** The transfer's TTL (or exported retention) is checked; a lower bound of the real deadline. */
        EXPIRY
    }

    Timer {
        requireNonNull(kind, "kind");
        requireNonNull(transferId, "transferId");
        if (at < 0) {
            throw new IllegalArgumentException("at must be >= 0: " + at);
        }
    }

    Bytes key() {
        byte[] id = transferId.encodeBytes();
        return Bytes.wrap(ByteBuffer.allocate(9 + id.length).putLong(at).put((byte) kind.ordinal()).put(id).array());
    }

    static Timer fromKey(Bytes key) {
        ByteBuffer buffer = ByteBuffer.wrap(key.get());
        long at = buffer.getLong();
        Kind kind = Kind.values()[buffer.get()];
        byte[] id = new byte[buffer.remaining()];
        buffer.get(id);
        return new Timer(at, kind, TransferId.decode(new String(id, UTF_8)));
    }

    /** Time of a raw key, without decoding the rest. */
    static long at(Bytes key) {
        return ByteBuffer.wrap(key.get()).getLong();
    }
}
