package io.ferry.api;

import io.ferry.records.TransferSnapshot;
import io.ferry.protocol.TransferState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;

/**
 * Transfers in flight as the catalog (ferry.transfers) shows them: {@code ferry_transfers{state}} and
 * {@code ferry_transfers_stalled} (no segment for {@code ferry.api.stalled.after}), the basis of the stalled-uploads
 * alert. Every api replica reports the same numbers (each reads the whole topic): aggregate with max, not sum.
 */
final class TransferMetrics {
    private TransferMetrics() {
    }

    static void bind(MeterRegistry registry, CatalogIndex catalog, Clock clock, Duration stalledAfter) {
        for (TransferState state : TransferState.values()) {
            if (state == TransferState.UNKNOWN) {
                continue;
            }
            Gauge.builder("ferry.transfers", catalog, c -> c.transfers().stream()
                            .filter(t -> t.status().state() == state).count())
                    .description("Transfers in flight by state (from ferry.transfers)")
                    .tag("state", state.wireName()).register(registry);
        }
        Gauge.builder("ferry.transfers.stalled", catalog, c -> c.transfers().stream()
                        .filter(t -> stalled(t, clock, stalledAfter)).count())
                .description("Transfers in flight without activity for ferry.api.stalled.after").register(registry);
    }

    private static boolean stalled(TransferSnapshot transfer, Clock clock, Duration stalledAfter) {
        return Views.transfer(transfer, clock, stalledAfter).stalled();
    }
}
