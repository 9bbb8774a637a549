package io.ferry.assembler;

import static io.ferry.assembler.TestData.assertReason;
import static io.ferry.assembler.TestData.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.records.ClientUsageRecord;
import io.ferry.protocol.FileMeta;
import io.ferry.protocol.Reason;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 item 10: quotas count what a client holds in every partition task. The driver has one task (partition
 * 0); another task's counters arrive on ferry.usage as they would from another instance.
 */
class AssemblerClientQuotaTest extends AssemblerTestBase {
    private static final Quotas QUOTAS = new Quotas(2, 1_000, 150);

    @BeforeEach
    void withQuotas() {
        h.close();
        h = new AssemblerHarness(stateDir.resolve("quota"), AssemblerOptions.defaults().withQuotas(QUOTAS));
    }

    private void elsewhere(int transfers, long bytes) {
        byte[] key = ClientUsageRecord.key(AssemblerHarness.CLIENT, 5);
        h.usageIn.pipeInput(key, transfers == 0 && bytes == 0 ? null
                : new ClientUsageRecord(AssemblerHarness.CLIENT, 5, transfers, bytes, 150, 0, 0));
    }

    @Test
    void shouldRefuseANewTransferWhenOtherPartitionsHoldTheClientsLimit() {
        h.init("a", FileMeta.named("a.bin"));
        elsewhere(1, 0);
        h.init("b", FileMeta.named("b.bin"));
        assertThat(h.responses()).extracting(r -> r.reasonDescription()).containsExactly("success", "quota_exceeded");
        elsewhere(0, 0);
        h.init("b", FileMeta.named("b.bin"));
        assertReason(h.response(), Reason.SUCCESS);
    }

    @Test
    void shouldRefuseBytesBeyondTheClientsLimitCountingOtherPartitions() {
        elsewhere(1, 100);
        h.segment("a", 0, bytes(40));
        assertReason(h.response(), Reason.SUCCESS);
        h.segment("a", 40, bytes(20));
        assertReason(h.response(), Reason.QUOTA_EXCEEDED);
    }

    @Test
    void shouldPublishThisTasksAbsoluteCountersAndATombstoneWhenTheyAreZero() {
        h.segment("a", 0, bytes(40));
        h.abort("a");
        List<TestRecord<byte[], ClientUsageRecord>> records = h.usage.readRecordsToList();
        assertThat(records).extracting(TestRecord::key).allSatisfy(key -> assertThat(key)
                .isEqualTo(ClientUsageRecord.key(AssemblerHarness.CLIENT, 0)));
        assertThat(records.get(records.size() - 2).value())
                .isEqualTo(new ClientUsageRecord(AssemblerHarness.CLIENT, 0, 1, 40, 150, 0, 0));
        assertThat(records.get(records.size() - 1).value()).isNull();
    }
}
