package io.ferry.assembler;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.protocol.Reason;
import io.ferry.records.TransferEvent;
import io.ferry.records.TransferId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

class LifecycleEventsTest {
    private static final TransferId ID = new TransferId("dev/1", "file:1");

    @Test
    void shouldLeaveExportOutcomesToTheExporterByDefault() {
        TaskStores task = new TaskStores();
        LifecycleEvents events = new LifecycleEvents(task.out, false);

        events.started(ID, 1);
        events.completed(ID, 10, 2);
        events.failed(ID, Reason.CHECKSUM_MISMATCH, 10, "bad", 3);
        events.ended(ID, TransferEvent.Type.EXPIRED, null, 10L, 4);

        assertThat(task.forwarded(Outputs.EVENTS)).map(LifecycleEventsTest::type)
                .containsExactly(TransferEvent.Type.STARTED, TransferEvent.Type.EXPIRED);
    }

    @Test
    void shouldPublishExportOutcomesWhenAsked() {
        TaskStores task = new TaskStores();
        LifecycleEvents events = new LifecycleEvents(task.out, true);

        events.completed(ID, 10, 2);
        events.failed(ID, Reason.CHECKSUM_MISMATCH, 10, "bad", 3);

        assertThat(task.forwarded(Outputs.EVENTS)).map(record -> (TransferEvent) record.value())
                .extracting(TransferEvent::type, TransferEvent::size, TransferEvent::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(TransferEvent.Type.COMPLETED, 10L, null),
                        org.assertj.core.groups.Tuple.tuple(TransferEvent.Type.FAILED, 10L, "bad"));
    }

    private static TransferEvent.Type type(Record<?, ?> record) {
        return ((TransferEvent) record.value()).type();
    }
}
