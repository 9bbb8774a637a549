package io.ferry.assembler;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.protocol.ByteRange;
import io.ferry.records.TransferId;
import io.ferry.records.TransferSnapshot;
import io.ferry.protocol.TransferState;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotThrottleTest {
    private static final TransferId ID = new TransferId("dev/1", "file:1");
    private static final long T0 = 1_000_000;
    private final TaskStores task = new TaskStores();
    private final SnapshotThrottle throttle = new SnapshotThrottle(task.store, task.out, Duration.ofSeconds(1));

    @Test
    void shouldPublishANewTransferAtOnce() {
        Transfer published = throttle.onSave(ID, null, Transfer.start(7, 0, T0), T0);

        assertThat(published.timing().lastSnapshotAt()).isEqualTo(T0);
        assertThat(published.timing().snapshotTimer()).isNull();
        assertThat(task.forwarded(Outputs.TRANSFERS)).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo(ID);
            assertThat(((TransferSnapshot) record.value()).status().state()).isEqualTo(TransferState.RECEIVING);
        });
        assertThat(task.timers()).isEmpty();
    }

    @Test
    void shouldFileOneTimerForProgressWithinTheInterval() {
        Transfer first = throttle.onSave(ID, null, Transfer.start(7, 0, T0), T0);
        Transfer more = received(first, 4);

        Transfer waiting = throttle.onSave(ID, first, more, T0 + 100);
        Transfer stillWaiting = throttle.onSave(ID, waiting, received(waiting, 8), T0 + 200);

        assertThat(task.forwarded(Outputs.TRANSFERS)).hasSize(1);
        assertThat(waiting.timing().snapshotTimer()).isEqualTo(T0 + 1_000);
        assertThat(stillWaiting.timing().snapshotTimer()).isEqualTo(T0 + 1_000);
        assertThat(task.timers()).containsExactly(new Timer(T0 + 1_000, Timer.Kind.SNAPSHOT, ID));
    }

    @Test
    void shouldPublishOnAStateChangeAndDropThePendingTimer() {
        Transfer first = throttle.onSave(ID, null, Transfer.start(7, 0, T0), T0);
        Transfer waiting = throttle.onSave(ID, first, received(first, 4), T0 + 100);

        Transfer exporting = throttle.onSave(ID, waiting, waiting.withState(TransferState.EXPORTING), T0 + 200);

        assertThat(task.forwarded(Outputs.TRANSFERS)).hasSize(2);
        assertThat(exporting.timing().snapshotTimer()).isNull();
        assertThat(exporting.timing().lastSnapshotAt()).isEqualTo(T0 + 200);
        assertThat(task.timers()).isEmpty();
    }

    @Test
    void shouldPublishWhatADueTimerWaitedFor() {
        Transfer first = throttle.onSave(ID, null, Transfer.start(7, 0, T0), T0);
        Transfer waiting = throttle.onSave(ID, first, received(first, 4), T0 + 100);

        throttle.publishDue(ID, waiting, T0 + 1_000);

        TransferSnapshot last = (TransferSnapshot) task.forwarded(Outputs.TRANSFERS).get(1).value();
        assertThat(last.status().received()).containsExactly(new ByteRange(0, 4));
        assertThat(task.store.get(ID).timing()).isEqualTo(new Transfer.Timing(T0, T0 + 1_000, null, null));
    }

    private static Transfer received(Transfer t, long bytes) {
        return t.with(new Transfer.Progress(List.of(new ByteRange(0, bytes)), bytes, 1, null, List.of()));
    }
}
