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
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ferry_exporter_stream_* meters follow what the streams did, with a real local sink. */
class StreamMetricsTest {
    private static final TransferId A = new TransferId("dev", "a");
    private static final TransferId B = new TransferId("dev", "b");
    private static final TransferId C = new TransferId("dev", "c");
    private final ShiftedClock clock = new ShiftedClock(Duration.ZERO);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    @TempDir
    Path root;

    @Test
    void shouldCountStreamsBytesAndHowStreamsEnded() {
        try (LocalSink sink = new LocalSink("local", root, clock);
             PrefixStreams streams = new PrefixStreams(List.<Sink>of(sink),
                     new StreamConfig(true, 100, 2, Duration.ofMinutes(1), 64), clock);
             StreamMetrics metrics = new StreamMetrics(registry, streams)) {
            streams.accept(0, 0, init(A));
            streams.accept(0, 1, segment(A, 0, 60));
            streams.accept(0, 2, init(B));
            streams.accept(0, 3, init(C));
            assertThat(gauge("ferry.exporter.stream.active")).isEqualTo(2);
            assertThat(counter("ferry.exporter.stream.refused", "full")).isEqualTo(1);

            Manifest manifest = new Manifest(A, 0, meta(), 100, null, 0,
                    List.of(new SegmentPointer(1, 0, 60), new SegmentPointer(9, 60, 40)), List.of(), 1);
            streams.take(manifest, ExportFile.of(manifest)).orElseThrow().writes().values()
                    .forEach(write -> write.abort());
            streams.accept(0, 4, new CommandRecord(reply(B), 1, new Abort(B.fileId()), 0, 1));

            assertThat(gauge("ferry.exporter.stream.active")).isZero();
            assertThat(registry.get("ferry.exporter.stream.opened").functionCounter().count()).isEqualTo(2);
            assertThat(registry.get("ferry.exporter.stream.streamed").functionCounter().count()).isEqualTo(60);
            assertThat(registry.get("ferry.exporter.stream.taken.over").functionCounter().count()).isEqualTo(60);
            assertThat(counter("ferry.exporter.stream.ended", "taken_over")).isEqualTo(1);
            assertThat(counter("ferry.exporter.stream.ended", "aborted")).isEqualTo(1);
            assertThat(counter("ferry.exporter.stream.ended", "restarted")).isZero();
        }
        assertThat(registry.getMeters()).as("removed on close").isEmpty();
    }

    private double gauge(String name) {
        return registry.get(name).gauge().value();
    }

    private double counter(String name, String reason) {
        return registry.get(name).tag("reason", reason).functionCounter().count();
    }

    private static FileMeta meta() {
        return new FileMeta("f.bin", 100L, null, null, null, null);
    }

    private static CommandRecord init(TransferId id) {
        return CommandRecord.of(reply(id), 1, new Init(id.fileId(), meta()));
    }

    private static CommandRecord segment(TransferId id, long offset, int length) {
        return CommandRecord.of(reply(id), 1, Segment.of(id.fileId(), offset, null, new byte[length]));
    }

    private static ReplyTo reply(TransferId id) {
        return new ReplyTo(id.clientId(), "$file/" + id.fileId(), 1, null, null);
    }
}
