package io.ferry.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.records.SegmentPointer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandLogReaderTest {
    private static final int SEGMENT = 64 * 1024;
    private static final long FETCH = 4L * 1024 * 1024;

    @Test
    void shouldFetchInBulkWhenTheFilesRecordsFollowEachOther() {
        List<SegmentPointer> pointers = pointers(128, 1);

        assertThat(CommandLogReader.worthABulkFetch(pointers, 0, FETCH)).isTrue();
        assertThat(CommandLogReader.worthABulkFetch(pointers(128, 2), 0, FETCH)).as("1:1 with another upload").isTrue();
    }

    @Test
    void shouldFetchSingleBatchesWhenTheFileIsInterleavedWithManyUploads() {
        assertThat(CommandLogReader.worthABulkFetch(pointers(128, 25), 0, FETCH)).isFalse();
    }

    @Test
    void shouldFetchSingleBatchesWhenTheRestIsLessThanHalfAFetch() {
        List<SegmentPointer> small = pointers(4, 1);

        assertThat(CommandLogReader.worthABulkFetch(small, 0, FETCH)).isFalse();
        assertThat(CommandLogReader.worthABulkFetch(pointers(128, 1), 127 - 31, FETCH)).isTrue();
        assertThat(CommandLogReader.worthABulkFetch(pointers(128, 1), 127 - 30, FETCH)).isFalse();
    }

    @Test
    void shouldStopADenseStretchAtARecordOutOfOrder() {
        List<SegmentPointer> pointers = new ArrayList<>(pointers(8, 1));
        pointers.add(new SegmentPointer(3, 8L * SEGMENT, SEGMENT));
        pointers.addAll(pointers(64, 1).subList(9, 64));

        assertThat(CommandLogReader.worthABulkFetch(pointers, 0, FETCH)).isFalse();
    }

    /** {@code count} segments in file order whose records lie {@code stride} offsets apart. */
    private static List<SegmentPointer> pointers(int count, int stride) {
        List<SegmentPointer> pointers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            pointers.add(new SegmentPointer(100L + (long) i * stride, (long) i * SEGMENT, SEGMENT));
        }
        return pointers;
    }
}
