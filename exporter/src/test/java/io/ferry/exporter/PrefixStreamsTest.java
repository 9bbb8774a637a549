package io.ferry.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.exporter.sink.ExportFile;
import io.ferry.exporter.sink.Sink;
import io.ferry.exporter.sink.local.LocalSink;
import io.ferry.protocol.Abort;
import io.ferry.records.CommandRecord;
import io.ferry.protocol.FileMeta;
import io.ferry.protocol.Init;
import io.ferry.records.Manifest;
import io.ferry.protocol.ReplyTo;
import io.ferry.protocol.Segment;
import io.ferry.records.SegmentPointer;
import io.ferry.records.TransferId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When a stream opens, stays, and is discarded, with a real local sink. */
class PrefixStreamsTest {
    private static final TransferId A = new TransferId("dev", "a");
    private static final TransferId B = new TransferId("dev", "b");
    private final ShiftedClock clock = new ShiftedClock(Duration.ZERO);
    @TempDir
    Path root;
    private LocalSink sink;
    private PrefixStreams streams;

    @BeforeEach
    void setUp() {
        sink = new LocalSink("local", root, clock);
        streams = new PrefixStreams(List.<Sink>of(sink), new StreamConfig(true, 100, 2, Duration.ofMinutes(1), 64),
                clock);
    }

    @AfterEach
    void tearDown() {
        streams.close();
        sink.close();
    }

    @Test
    void shouldStreamOnlyUploadsThatDeclareAtLeastMinSize() throws IOException {
        streams.accept(0, 0, init(A, FileMeta.named("no-size.bin")));
        streams.accept(0, 1, init(B, meta(99)));
        assertThat(streams.open()).isZero();
        assertThat(temporaries()).isZero();
    }

    @Test
    void shouldOpenNoMoreThanMaxTransfers() throws IOException {
        streams.accept(0, 0, init(A, meta(100)));
        streams.accept(0, 1, init(B, meta(100)));
        streams.accept(0, 2, init(new TransferId("dev", "c"), meta(100)));
        assertThat(streams.open()).isEqualTo(2);
        assertThat(temporaries()).isEqualTo(2);
    }

    @Test
    void shouldEvictLongestIdleStreamWhenNewUploadNeedsSlot() throws IOException {
        TransferId c = new TransferId("dev", "c");
        streams.accept(0, 0, init(A, meta(100))); // an init never followed by a segment or manifest
        clock.advance(Duration.ofSeconds(10));
        streams.accept(0, 1, init(B, meta(100)));
        streams.accept(0, 2, init(c, meta(100)));
        assertThat(streams.streamedBytes(c)).as("no stream idle for evict.after (1 min) yet").isEqualTo(-1);
        assertThat(streams.stats().refusals(StreamStats.Refusal.FULL)).isEqualTo(1);

        clock.advance(Duration.ofSeconds(55)); // A idle 65 s, B 55 s
        streams.accept(0, 3, init(c, meta(100)));
        streams.accept(0, 4, segment(c, 0, 10));
        assertThat(streams.streamedBytes(c)).isEqualTo(10);
        assertThat(streams.streamedBytes(A)).as("the longest idle is evicted").isEqualTo(-1);
        assertThat(streams.streamedBytes(B)).isZero();
        assertThat(streams.stats().ends(StreamStats.End.EVICTED)).isEqualTo(1);
        assertThat(temporaries()).isEqualTo(2);
    }

    @Test
    void shouldKeepReservedBuffersWithinBudgetAndEvictIdleStreamsForIt() {
        StreamConfig config = new StreamConfig(true, 100, 8, Duration.ofMinutes(10), 64, Duration.ofMinutes(1), 100);
        try (PrefixStreams budgeted = new PrefixStreams(List.<Sink>of(sink), config, clock, file -> 60)) {
            budgeted.accept(0, 0, init(A, meta(100)));
            budgeted.accept(0, 1, init(B, meta(100)));
            assertThat(budgeted.open()).isEqualTo(1);
            assertThat(budgeted.reservedBufferBytes()).isEqualTo(60);
            assertThat(budgeted.stats().refusals(StreamStats.Refusal.FULL)).isEqualTo(1);

            clock.advance(Duration.ofMinutes(2));
            budgeted.accept(0, 2, init(B, meta(100)));
            assertThat(budgeted.streamedBytes(B)).isZero();
            assertThat(budgeted.streamedBytes(A)).isEqualTo(-1);
            assertThat(budgeted.reservedBufferBytes()).isEqualTo(60);

            Manifest manifest = manifest(B, List.of(new SegmentPointer(3, 0, 100)));
            budgeted.take(manifest, ExportFile.of(manifest)).orElseThrow().writes().values()
                    .forEach(write -> write.abort());
            assertThat(budgeted.reservedBufferBytes()).isZero();
            assertThat(budgeted.stats().ends(StreamStats.End.EVICTED)).isEqualTo(1);
        }
    }

    @Test
    void shouldExtendPrefixOnlyWithSegmentStartingAtItsEnd() {
        streams.accept(0, 0, init(A, meta(100)));
        streams.accept(0, 1, segment(A, 10, 10));
        streams.accept(0, 2, segment(A, 0, 10));
        streams.accept(0, 3, segment(A, 5, 20));
        streams.accept(0, 4, segment(A, 10, 10));
        assertThat(streams.streamedBytes(A)).isEqualTo(20);
    }

    @Test
    void shouldKeepStreamWhenSameInitIsResentAndRestartWhenInitDiffers() {
        streams.accept(0, 0, init(A, meta(100)));
        streams.accept(0, 1, segment(A, 0, 10));
        streams.accept(0, 2, init(A, meta(100)));
        assertThat(streams.streamedBytes(A)).isEqualTo(10);
        streams.accept(0, 3, init(A, meta(200)));
        assertThat(streams.streamedBytes(A)).isZero();
        assertThat(streams.discarded()).isEqualTo(1);
    }

    @Test
    void shouldDeleteTemporaryFileWhenAbortedIdleOrPartitionLost() throws IOException {
        streams.accept(0, 0, init(A, meta(100)));
        streams.accept(1, 0, init(B, meta(100)));
        streams.accept(1, 1, init(new TransferId("dev", "c"), meta(100)));
        assertThat(temporaries()).isEqualTo(2);

        streams.retainPartitions(Set.of(0));
        assertThat(streams.streamedBytes(B)).isEqualTo(-1);
        assertThat(temporaries()).isEqualTo(1);

        streams.accept(0, 1, segment(A, 0, 10));
        clock.advance(Duration.ofSeconds(59));
        streams.expireIdle();
        assertThat(streams.open()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(2));
        streams.expireIdle();
        assertThat(streams.open()).isZero();
        assertThat(temporaries()).isZero();

        streams.accept(0, 2, init(A, meta(100)));
        streams.accept(0, 3, new CommandRecord(reply(A), 1, new Abort(A.fileId()), 0, 1));
        assertThat(temporaries()).isZero();
        assertThat(streams.discarded()).isEqualTo(3);
    }

    @Test
    void shouldHandOverOnlyWhenManifestStartsWithStreamedRecords() {
        streams.accept(0, 0, init(A, meta(100)));
        streams.accept(0, 1, segment(A, 0, 50));
        Manifest other = manifest(A, List.of(new SegmentPointer(7, 0, 50), new SegmentPointer(8, 50, 50)));
        assertThat(streams.take(other, ExportFile.of(other))).isEmpty();

        streams.accept(0, 2, init(A, meta(100)));
        streams.accept(0, 3, segment(A, 0, 50));
        Manifest same = manifest(A, List.of(new SegmentPointer(3, 0, 50), new SegmentPointer(8, 50, 50)));
        StreamedPrefix prefix = streams.take(same, ExportFile.of(same)).orElseThrow();
        assertThat(prefix.count()).isEqualTo(1);
        assertThat(prefix.bytes()).isEqualTo(50);
        prefix.writes().values().forEach(write -> write.abort());
        assertThat(streams.take(same, ExportFile.of(same))).isEmpty();
    }

    private long temporaries() throws IOException {
        try (Stream<Path> files = Files.list(root.resolve(LocalSink.TEMP_DIR))) {
            return files.count();
        }
    }

    private static Manifest manifest(TransferId id, List<SegmentPointer> chain) {
        return new Manifest(id, 0, meta(100), 100, null, 0, chain, List.of(), 1);
    }

    private static FileMeta meta(long size) {
        return new FileMeta("f.bin", size, null, null, null, null);
    }

    private static CommandRecord init(TransferId id, FileMeta meta) {
        return CommandRecord.of(reply(id), 1, new Init(id.fileId(), meta));
    }

    private static CommandRecord segment(TransferId id, long offset, int length) {
        return CommandRecord.of(reply(id), 1, Segment.of(id.fileId(), offset, null, new byte[length]));
    }

    private static ReplyTo reply(TransferId id) {
        return new ReplyTo(id.clientId(), "$file/" + id.fileId(), 1, null, null);
    }
}
