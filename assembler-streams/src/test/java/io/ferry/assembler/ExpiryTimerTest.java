package io.ferry.assembler;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.protocol.ByteRange;
import io.ferry.protocol.FileMeta;
import io.ferry.records.TransferId;
import io.ferry.protocol.TransferState;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpiryTimerTest {
    private static final TransferId ID = new TransferId("dev/1", "file:1");
    private static final long T0 = 1_000_000;
    private static final AssemblerOptions OPTIONS = AssemblerOptions.defaults();
    private static final long MIN_TTL = OPTIONS.minSegmentsTtl().toMillis();
    private static final long MAX_AGE = OPTIONS.limits().maxSegmentAge().toMillis();
    private final TaskStores task = new TaskStores();
    private final ExpiryTimer expiry = new ExpiryTimer(task.store, OPTIONS);

    @Test
    void shouldCountTheTtlFromTheLastActivity() {
        Transfer receiving = Transfer.start(7, 0, T0).withMeta(meta(1L)).touched(T0 + 50);
        Transfer exported = receiving.withState(TransferState.EXPORTED);

        // segments_ttl 1 s is clamped up to the minimum; an exported transfer is kept for the exported retention.
        assertThat(expiry.deadline(receiving)).isEqualTo(T0 + 50 + MIN_TTL);
        assertThat(expiry.deadline(exported)).isEqualTo(T0 + 50 + OPTIONS.exportedRetention().toMillis());
    }

    @Test
    void shouldExpireNoLaterThanTheOldestSegmentMustBeForgotten() {
        Transfer t = Transfer.start(7, 0, T0).withMeta(meta(null)).with(indexed(T0 + 10));

        assertThat(expiry.deadline(t)).isEqualTo(Math.min(T0 + OPTIONS.maxSegmentsTtl().toMillis(),
                T0 + 10 + MAX_AGE));
        assertThat(expiry.pruneDue(t, T0 + 10 + MAX_AGE - 1)).isFalse();
        assertThat(expiry.pruneDue(t, T0 + 10 + MAX_AGE)).isTrue();
        assertThat(expiry.pruneDue(t.withState(TransferState.EXPORTING), T0 + 10 + MAX_AGE)).isFalse();
    }

    @Test
    void shouldKeepAnEarlierTimerAndRefileWhenTheDeadlineMovesEarlier() {
        Transfer filed = expiry.filed(ID, Transfer.start(7, 0, T0));
        long late = T0 + OPTIONS.maxSegmentsTtl().toMillis();
        assertThat(filed.timing().expiryTimer()).isEqualTo(late);

        // Activity pushes the deadline later: the timer stays (a lower bound, refiled when it fires).
        assertThat(expiry.filed(ID, filed.touched(T0 + 100))).isEqualTo(filed.touched(T0 + 100));
        // An init with a short segments_ttl moves it earlier: refiled at once.
        Transfer shorter = expiry.filed(ID, filed.withMeta(meta(1L)));

        assertThat(shorter.timing().expiryTimer()).isEqualTo(T0 + MIN_TTL);
        assertThat(task.timers()).containsExactly(new Timer(T0 + MIN_TTL, Timer.Kind.EXPIRY, ID));
    }

    private static FileMeta meta(Long segmentsTtl) {
        return new FileMeta("a.bin", 10L, null, null, segmentsTtl, null);
    }

    private static Transfer.Progress indexed(long at) {
        return Transfer.Progress.NONE.indexed(new ByteRange(0, 4), 4, at);
    }
}
