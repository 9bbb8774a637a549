package io.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.records.Topics;
import io.ferry.records.TransferEvent;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventLogTest {
    @Test
    void shouldKeepOnlyTheLatestBadEndingsNewestFirstWhenMoreArrive() {
        try (EventLog log = new EventLog("127.0.0.1:1", Map.of(), Topics.defaults())) {
            log.add(new TransferEvent("c", "started", TransferEvent.Type.STARTED, 1, null, null, null));
            log.add(new TransferEvent("c", "done", TransferEvent.Type.COMPLETED, 2, "success", 10L, null));
            for (int i = 0; i < EventLog.MAX_EVENTS + 10; i++) {
                TransferEvent.Type type = i % 2 == 0 ? TransferEvent.Type.FAILED : TransferEvent.Type.ABORTED;
                log.add(new TransferEvent("c", "f" + i, type, 100 + i, "export_failed", null, null));
            }
            log.add(new TransferEvent("c", "late", TransferEvent.Type.EXPIRED, 9999, null, null, null));

            assertThat(log.latest(null)).hasSize(EventLog.MAX_EVENTS);
            assertThat(log.latest(null).get(0).fileId()).isEqualTo("late");
            assertThat(log.latest(null)).noneMatch(e -> e.fileId().equals("f0") || e.fileId().equals("started")
                    || e.fileId().equals("done"));
            assertThat(log.latest(TransferEvent.Type.EXPIRED)).extracting(TransferEvent::fileId).containsExactly("late");
            assertThat(log.latest(TransferEvent.Type.ABORTED)).allMatch(e -> e.type() == TransferEvent.Type.ABORTED);
        }
    }
}
