package io.ferry.exporter;

import io.ferry.protocol.CommandKind;
import io.ferry.records.CommandRecord;
import io.ferry.protocol.Segment;
import io.ferry.records.SegmentPointer;
import io.ferry.records.TransferId;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** A ferry.commands partition in memory for tests without Kafka: records by offset, read like CommandLogReader. */
final class MemoryLog implements SegmentReader {
    private final List<CommandRecord> records = new ArrayList<>();
    private long readBytes;
    private long reads;

    long append(CommandRecord record) {
        records.add(record);
        return records.size() - 1;
    }

    List<CommandRecord> records() {
        return records;
    }

    /** Feeds records {@code [0, upTo)} to {@code streams} in log order, as {@link PrefixStreamer} does. */
    void feed(PrefixStreams streams, int upTo) {
        for (int i = 0; i < upTo; i++) {
            streams.accept(0, i, records.get(i));
        }
    }

    @Override
    public ByteBuffer read(TransferId transferId, int partition, List<SegmentPointer> pointers, int index) {
        SegmentPointer pointer = pointers.get(index);
        CommandRecord record = records.get(Math.toIntExact(pointer.kafkaOffset()));
        if (record.command().kind() != CommandKind.SEGMENT || !record.transferId().equals(transferId)) {
            throw new ExportException("not a segment of " + transferId + " at " + pointer.kafkaOffset(), false);
        }
        Segment segment = (Segment) record.command();
        int start = Math.toIntExact(pointer.fileOffset() - segment.offset());
        ByteBuffer slice = segment.payload().duplicate();
        slice.position(slice.position() + start).limit(slice.position() + pointer.length());
        reads++;
        readBytes += pointer.length();
        return slice.slice();
    }

    @Override
    public ReadStats stats() {
        return new ReadStats(readBytes, readBytes, reads, 0);
    }
}
