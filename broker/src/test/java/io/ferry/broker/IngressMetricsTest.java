package io.ferry.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class IngressMetricsTest {
    @Test
    void shouldNameTheCommandKindWhenGivenATopic() {
        assertThat(IngressObserver.kindOf("$file/f1/init")).isEqualTo("init");
        assertThat(IngressObserver.kindOf("$file-async/f1/0")).isEqualTo("segment");
        assertThat(IngressObserver.kindOf("$file/f1/1024/abcd")).isEqualTo("segment");
        assertThat(IngressObserver.kindOf("$file/f1/fin/10/abcd")).isEqualTo("fin");
        assertThat(IngressObserver.kindOf("$file/f1/abort")).isEqualTo("abort");
        assertThat(IngressObserver.kindOf("$file/f1/status")).isEqualTo("status");
        assertThat(IngressObserver.kindOf("$file/f1/ten")).isEqualTo("invalid");
        assertThat(IngressObserver.kindOf("$file")).isEqualTo("invalid");
    }

    @Test
    void shouldCountVerdictsAndLatencyByKindAndReadTheNodeStateAtEachScrape() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AtomicReference<IngressStatus> status = new AtomicReference<>(IngressStatus.NONE);
        try (IngressMetrics metrics = new IngressMetrics(registry)) {
            metrics.bindStatus(status::get);
            metrics.answered("$file/f/0", "success", TimeUnit.MILLISECONDS.toNanos(20));
            metrics.answered("$file/f/0", "success", TimeUnit.MILLISECONDS.toNanos(40));
            metrics.answered("$file/f/fin/3/bad", "checksum_mismatch", 1);
            status.set(new IngressStatus(2, 1, 0, 2048, 3, 512, 900, 7, 1, 4, 5, 6));

            assertThat(registry.get("ferry.ingress.commands").tags("kind", "segment", "reason", "success").counter()
                    .count()).isEqualTo(2.0);
            assertThat(registry.get("ferry.ingress.commands").tags("kind", "fin", "reason", "checksum_mismatch")
                    .counter().count()).isEqualTo(1.0);
            assertThat(registry.get("ferry.ingress.puback").tags("kind", "segment").timer()
                    .totalTime(TimeUnit.MILLISECONDS)).isEqualTo(60.0);
            assertThat(registry.get("ferry.ingress.bytes").functionCounter().count()).isEqualTo(2048.0);
            assertThat(registry.get("ferry.ingress.read.pauses").functionCounter().count()).isEqualTo(7.0);
            assertThat(registry.get("ferry.ingress.publishes.refused").functionCounter().count()).isEqualTo(1.0);
            assertThat(registry.get("ferry.ingress.pending").gauge().value()).isEqualTo(512.0);
            assertThat(registry.get("ferry.ingress.connected.devices").gauge().value()).isEqualTo(4.0);
        }
        assertThat(registry.getMeters()).as("removed on close, so a restarted broker registers fresh ones").isEmpty();
    }
}
