package io.ferry.exporter;

import io.ferry.records.SegmentPointer;
import io.ferry.records.TransferId;
import java.nio.ByteBuffer;
import java.util.List;

/** Where {@link FileExport} gets a manifest's bytes from: {@link CommandLogReader} (ferry.commands), or a test log. */
interface SegmentReader {
    /** The file bytes {@code pointers.get(index)} designates. */
    ByteBuffer read(TransferId transferId, int partition, List<SegmentPointer> pointers, int index);

    /** What was read so far. */
    ReadStats stats();
}
