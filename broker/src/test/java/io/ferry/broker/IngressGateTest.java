package io.ferry.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.protocol.Mode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IngressGateTest {
    private static final Duration HOLD = Duration.ofSeconds(10);
    private final MutableClock clock = new MutableClock();
    private final IngressGate gate = new IngressGate(ExtensionConfig.withPassword("x").withBacklog(2, 100)
            .withHoldTimeout(HOLD), clock);
    private final List<String> events = new ArrayList<>();

    @Test
    void shouldHoldEverythingWhenNoBridgeIsSubscribed() {
        assertThat(submit("a", Mode.SYNC, 1)).isFalse();
        assertThat(gate.status().held()).isEqualTo(1);
        assertThat(events).isEmpty();
    }

    @Test
    void shouldAdmitUpToBacklogLimitThenHoldUntilBridgeAcks() {
        gate.onPresence(EnumSet.of(Mode.SYNC), true);

        assertThat(submit("a", Mode.SYNC, 1)).isTrue();
        assertThat(submit("b", Mode.SYNC, 1)).isTrue();
        assertThat(submit("c", Mode.SYNC, 1)).isFalse();
        assertThat(submit("d", Mode.SYNC, 1)).isFalse();
        gate.onBridgeAck();

        assertThat(events).containsExactly("admit c");
        assertThat(gate.status().backlogMessages()).isEqualTo(2);
        assertThat(gate.status().held()).isEqualTo(1);
    }

    @Test
    void shouldNotLetSmallCommandOvertakeHeldLargeOneWhenItWouldFitByBytes() {
        gate.onPresence(EnumSet.of(Mode.SYNC), true);
        submit("a", Mode.SYNC, 60);
        assertThat(submit("b", Mode.SYNC, 60)).isFalse();

        assertThat(submit("c", Mode.SYNC, 10)).isFalse();
        gate.onBridgeAck();

        assertThat(events).containsExactly("admit b", "admit c");
    }

    @Test
    void shouldHoldOnlyThePrefixWithoutBridgeWhenOneIsSubscribed() {
        gate.onPresence(EnumSet.of(Mode.ASYNC), true);

        assertThat(submit("sync", Mode.SYNC, 1)).isFalse();
        assertThat(submit("async", Mode.ASYNC, 1)).isTrue();
    }

    @Test
    void shouldAdmitHeldCommandsWhenBridgeSubscribes() {
        submit("a", Mode.SYNC, 1);
        submit("b", Mode.ASYNC, 1);

        gate.onPresence(EnumSet.allOf(Mode.class), true);

        assertThat(events).containsExactlyInAnyOrder("admit a", "admit b");
    }

    @Test
    void shouldHoldByBytesButAdmitOversizedCommandWhenBacklogIsEmpty() {
        gate.onPresence(EnumSet.of(Mode.SYNC), true);

        assertThat(submit("huge", Mode.SYNC, 500)).isTrue();
        assertThat(submit("small", Mode.SYNC, 1)).isFalse();
        gate.onBridgeAck();

        assertThat(events).containsExactly("admit small");
    }

    @Test
    void shouldFailHeldCommandWhenHoldTimeoutPasses() {
        submit("a", Mode.SYNC, 1);
        clock.advance(HOLD.minusMillis(1));
        gate.expire();
        assertThat(events).isEmpty();

        clock.advance(Duration.ofMillis(1));
        gate.expire();

        assertThat(events).containsExactly("fail a: no Ferry bridge is connected; retry later");
        assertThat(gate.status().failed()).isEqualTo(1);
        assertThat(gate.status().held()).isZero();
    }

    @Test
    void shouldForgetBacklogWhenNoBridgeSubscriptionIsLeft() {
        gate.onPresence(EnumSet.of(Mode.SYNC), true);
        submit("a", Mode.SYNC, 1);
        submit("b", Mode.SYNC, 1);

        gate.onPresence(Set.of(), true);
        assertThat(gate.status().backlogMessages()).isEqualTo(2);
        gate.onPresence(Set.of(), false);

        assertThat(gate.status().backlogMessages()).isZero();
    }

    @Test
    void shouldFailHeldAndNewCommandsWhenClosed() {
        submit("a", Mode.SYNC, 1);
        gate.close();
        gate.onPresence(EnumSet.of(Mode.SYNC), true);

        assertThat(submit("b", Mode.SYNC, 1)).isFalse();
        assertThat(events).containsExactly("fail a: Ferry broker is stopping", "fail b: Ferry broker is stopping");
    }

    @Test
    void shouldNeverCountBelowZeroWhenAcksOutnumberAdmissions() {
        gate.onPresence(EnumSet.of(Mode.SYNC), true);
        gate.onBridgeAck();

        assertThat(gate.status().backlogMessages()).isZero();
        assertThat(submit("a", Mode.SYNC, 1)).isTrue();
    }

    private boolean submit(String name, Mode mode, int bytes) {
        return gate.admitOrHold(name, mode, bytes, () -> new HeldPublish() {
            @Override
            public void admit() {
                events.add("admit " + name);
            }

            @Override
            public void fail(String reason) {
                events.add("fail " + name + ": " + reason);
            }
        });
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2025-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
