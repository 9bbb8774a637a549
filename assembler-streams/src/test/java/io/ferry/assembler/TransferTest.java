package io.ferry.assembler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.protocol.ByteRange;
import io.ferry.protocol.ReplyTo;
import io.ferry.protocol.Sha256;
import io.ferry.records.TransferId;
import io.ferry.protocol.TransferState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Transfer's groups: each copy changes only what it names. */
class TransferTest {
    private static final ReplyTo FIN = new ReplyTo("dev/1", "$file/f/fin/10", 1, null, null);
    private static final ReplyTo ABORT = new ReplyTo("dev/1", "$file/f/abort", 2, null, null);

    @Test
    void shouldMergeIndexedSegmentsAndKeepTheOldestTime() {
        Transfer.Progress progress = Transfer.Progress.NONE.indexed(new ByteRange(4, 10), 6, 200)
                .indexed(new ByteRange(0, 4), 4, 100).indexed(new ByteRange(2, 6), 4, 300);

        assertThat(progress).isEqualTo(new Transfer.Progress(List.of(new ByteRange(0, 10)), 14, 3, 100L, List.of()));
    }

    @Test
    void shouldCountWhatAPruneLeft() {
        Transfer.Progress progress = new Transfer.Progress(List.of(new ByteRange(0, 10)), 10, 2, 100L, List.of());

        Transfer.Progress pruned = progress.pruned(List.of(new ByteRange(4, 10)),
                new TransferStore.Pruned(1, 4, List.of(new IndexedSegment(4, 6, 9)), 300L));

        assertThat(pruned).isEqualTo(new Transfer.Progress(List.of(new ByteRange(4, 10)), 6, 1, 300L, List.of()));
    }

    @Test
    void shouldKeepTheFinWhenItsWaitersAreAnswered() {
        FinRequest request = new FinRequest(10, Sha256.parse("ab".repeat(32)));

        Transfer.Finish waiting = Transfer.Finish.NONE.waiting(request, FIN).withGraceUntil(500L);

        assertThat(waiting).isEqualTo(new Transfer.Finish(request, List.of(FIN), 500L));
        assertThat(waiting.answered()).isEqualTo(new Transfer.Finish(request, List.of(), null));
    }

    @Test
    void shouldOweAnswersToWaitingFinsAndAborts() {
        Transfer t = Transfer.start(1, 0, 0).with(Transfer.Finish.NONE.waiting(FIN))
                .with(Transfer.Export.NONE.plusAbort(ABORT));

        assertThat(t.owed()).containsExactly(FIN, ABORT);
        assertThat(t.with(Transfer.Export.exported(null)).owed()).containsExactly(FIN);
    }

    @Test
    void shouldReadAbortsWrittenBeforeTheyExistedAsNone() {
        assertThat(new Transfer.Export(null, null, null).aborts()).isEmpty();
    }

    @Test
    void shouldRefuseNegativeCounters() {
        assertThatThrownBy(() -> new Transfer.Progress(List.of(), -1, 0, null, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Transfer.Upload(1, -1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldFileOneGraceTimerPerTransfer() {
        TaskStores task = new TaskStores();
        GraceTimer grace = new GraceTimer(task.store);
        TransferId id = new TransferId("dev/1", "f");

        Transfer first = grace.start(id, Transfer.start(1, 0, 0), 100);
        Transfer second = grace.start(id, first, 200);

        assertThat(second.finish().graceUntil()).isEqualTo(200L);
        assertThat(task.timers()).containsExactly(new Timer(200, Timer.Kind.GRACE, id));
        grace.cancel(id, second);
        assertThat(task.timers()).isEmpty();
        assertThat(second.state()).isEqualTo(TransferState.RECEIVING);
    }
}
