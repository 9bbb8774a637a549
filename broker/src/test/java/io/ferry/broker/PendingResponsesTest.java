package io.ferry.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.protocol.Reason;
import io.ferry.protocol.ReplyTo;
import io.ferry.records.ResponseRecord;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PendingResponsesTest {
    private static final long NOW = 1_700_000_000_000L;

    @Test
    void shouldKeepOnlyTheNewestPerClientWhenOverThePerClientLimit() {
        PendingResponses pending = new PendingResponses(new ResponseLimits(Duration.ofMinutes(10), 1_000_000, 3));
        for (int offset = 0; offset < 5; offset++) {
            pending.add(item("dev", 0, offset, NOW));
        }

        assertThat(pending.takeForSending("dev", NOW)).extracting(item -> item.offset).containsExactly(2L, 3L, 4L);
        assertThat(pending.evicted()).isEqualTo(2);
    }

    @Test
    void shouldDropTheOldestOfAnyClientWhenOverTheByteLimit() {
        PendingResponses pending = new PendingResponses(new ResponseLimits(Duration.ofMinutes(10), 250, 100));
        pending.add(item("a", 0, 0, NOW));
        pending.add(item("b", 0, 1, NOW));
        pending.add(item("a", 0, 2, NOW));

        assertThat(pending.bytes()).isLessThanOrEqualTo(250);
        assertThat(pending.takeForSending("a", NOW)).extracting(item -> item.offset).containsExactly(2L);
        assertThat(pending.takeForSending("b", NOW)).extracting(item -> item.offset).containsExactly(1L);
    }

    @Test
    void shouldDropCoveredResponsesOfThatClientAndPartitionWhenAnotherNodeDeliveredThem() {
        PendingResponses pending = new PendingResponses(ResponseLimits.defaults());
        pending.add(item("dev", 0, 5, NOW));
        pending.add(item("dev", 1, 6, NOW));
        pending.add(item("dev", 0, 9, NOW));
        pending.add(item("other", 0, 4, NOW));

        pending.acknowledge("dev", 0, 6);

        assertThat(pending.takeForSending("dev", NOW)).extracting(item -> item.partition + "@" + item.offset)
                .containsExactly("1@6", "0@9");
        assertThat(pending.takeForSending("other", NOW)).hasSize(1);
    }

    @Test
    void shouldOfferAgainWithBackoffUnlessTheDeviceReconnectsOrSubscribes() {
        PendingResponses pending = new PendingResponses(ResponseLimits.defaults());
        pending.add(item("dev", 0, 1, NOW));
        PendingResponses.Item first = pending.takeForSending("dev", NOW).get(0);

        assertThat(pending.takeForSending("dev", NOW)).as("being sent").isEmpty();
        pending.attempted(first, false, NOW);
        assertThat(pending.takeForSending("dev", NOW + PendingResponses.FIRST_RETRY_MILLIS - 1)).isEmpty();
        PendingResponses.Item second = pending.takeForSending("dev", NOW + PendingResponses.FIRST_RETRY_MILLIS)
                .get(0);
        pending.attempted(second, false, NOW + PendingResponses.FIRST_RETRY_MILLIS);
        assertThat(pending.takeForSending("dev", NOW + 2 * PendingResponses.FIRST_RETRY_MILLIS)).as("backed off")
                .isEmpty();
        pending.retryNow("dev");
        PendingResponses.Item again = pending.takeForSending("dev", NOW + 100).get(0);
        pending.attempted(again, true, NOW + 600);

        assertThat(pending.size()).isZero();
        assertThat(pending.clients()).isEmpty();
    }

    @Test
    void shouldForgetResponsesOlderThanTheWindow() {
        PendingResponses pending = new PendingResponses(ResponseLimits.defaults());
        pending.add(item("dev", 0, 1, NOW - 1000));
        pending.add(item("dev", 0, 2, NOW));

        pending.expire(NOW - 500);

        assertThat(pending.takeForSending("dev", NOW)).extracting(item -> item.offset).containsExactly(2L);
    }

    @Test
    void shouldNotGrowWithDeliveredResponsesBehindOneThatIsNeverDelivered() {
        PendingResponses pending = new PendingResponses(ResponseLimits.defaults());
        pending.add(item("never-subscribed", 0, 0, NOW));
        for (int offset = 1; offset < 50_000; offset++) {
            pending.add(item("busy", 0, offset, NOW));
            PendingResponses.Item sent = pending.takeForSending("busy", NOW).get(0);
            pending.attempted(sent, true, NOW);
        }

        assertThat(pending.size()).isEqualTo(1);
        assertThat(pending.bytes()).isEqualTo(100);
    }

    private static PendingResponses.Item item(String clientId, int partition, long offset, long timestamp) {
        ResponseRecord response = ResponseRecord.of(new ReplyTo(clientId, "$file/f/" + offset, 1, null, null),
                Reason.SUCCESS);
        return new PendingResponses.Item(response, partition, offset, timestamp, 100);
    }
}
