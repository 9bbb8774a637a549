package io.ferry.assembler;

import static io.ferry.assembler.AssemblerHarness.CLIENT;
import static io.ferry.assembler.TestData.assertAll;
import static io.ferry.assembler.TestData.assertReason;
import static io.ferry.assembler.TestData.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.records.CommandRecord;
import io.ferry.protocol.FileMeta;
import io.ferry.protocol.Reason;
import io.ferry.protocol.ReplyTo;
import io.ferry.protocol.Response;
import io.ferry.protocol.Segment;
import io.ferry.records.SegmentPointer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Segments the bridge split into several records (CommandRecord parts): one PUBLISH, one response. */
class AssemblerSplitSegmentTest {
    @TempDir
    Path stateDir;
    AssemblerHarness h;

    @BeforeEach
    void start() {
        h = new AssemblerHarness(stateDir, AssemblerOptions.defaults());
        h.init("f1", FileMeta.named("a"));
        h.responses();
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private long part(ReplyTo replyTo, long offset, int length, int part, int parts) {
        return h.pipe(new CommandRecord(replyTo, h.now(), Segment.of("f1", offset, null, bytes(length)), part, parts));
    }

    @Test
    void shouldAnswerOnlyLastPartWhenSegmentIsSplit() {
        ReplyTo replyTo = h.replyTo(CLIENT, "$file/f1/0");
        long p0 = part(replyTo, 0, 10, 0, 3);
        long p1 = part(replyTo, 10, 10, 1, 3);
        assertThat(h.responses()).isEmpty();
        long p2 = part(replyTo, 20, 5, 2, 3);

        Response response = h.response();
        assertThat(response.topic()).isEqualTo("$file/f1/0");
        assertReason(response, Reason.SUCCESS);
        h.fin("f1", 25);
        assertThat(h.manifest().segments()).containsExactly(
                new SegmentPointer(p0, 0, 10), new SegmentPointer(p1, 10, 10), new SegmentPointer(p2, 20, 5));
    }

    @Test
    void shouldAnswerEachPublishWhenPartsOfTwoPublishesInterleave() {
        // Two PUBLISHes of one device taken by two bridges: their parts interleave in the partition.
        ReplyTo a = h.replyTo(CLIENT, "$file/f1/0");
        ReplyTo b = h.replyTo(CLIENT, "$file/f1/20");
        part(a, 0, 10, 0, 2);
        part(b, 20, 10, 0, 2);
        part(a, 10, 10, 1, 2);
        part(b, 30, 10, 1, 2);

        List<Response> responses = h.responses();
        assertThat(responses).extracting(Response::topic).containsExactly("$file/f1/0", "$file/f1/20");
        assertAll(responses, Reason.SUCCESS);
        h.fin("f1", 40);
        assertThat(h.manifest().segments()).hasSize(4);
    }

    @Test
    void shouldRefuseSplitPublishWhoseFirstPartWasNeverSeen() {
        part(h.replyTo(CLIENT, "$file/f1/0"), 10, 10, 1, 2);
        assertReason(h.response(), Reason.INTERNAL_ERROR);
        h.status("f1");
        assertThat(h.response().transfer().bytes()).isZero();
    }

    @Test
    void shouldIgnoreResentSplitPublishAsDuplicates() {
        ReplyTo first = h.replyTo(CLIENT, "$file/f1/0");
        long p0 = part(first, 0, 10, 0, 2);
        long p1 = part(first, 10, 10, 1, 2);
        ReplyTo again = h.replyTo(CLIENT, "$file/f1/0");
        part(again, 0, 10, 0, 2);
        part(again, 10, 10, 1, 2);
        assertAll(h.responses(), Reason.SUCCESS);
        h.fin("f1", 20);
        assertThat(h.manifest().segments())
                .containsExactly(new SegmentPointer(p0, 0, 10), new SegmentPointer(p1, 10, 10));
    }
}
