package io.ferry.exporter;

import static java.util.Objects.requireNonNull;

import io.ferry.records.TransferId;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps retention from deleting a file while, or just after, an export of the same transfer writes the same
 * (deterministic) location. An export holds the claim while it runs; its result then waits for the Kafka commit
 * that publishes its catalog entry. The retention sweep claims a transfer only while no export holds it, and skips
 * transfers whose export is not yet committed or was committed after the sweep's catalog snapshot began (the
 * snapshot may show the entry the export replaced). Any thread.
 */
final class TransferClaims {
    private final Clock clock;
    private final Set<TransferId> claimed = ConcurrentHashMap.newKeySet();
    private final Set<TransferId> awaitingCommit = ConcurrentHashMap.newKeySet();
    private final Map<TransferId, Instant> lastCommit = new ConcurrentHashMap<>();

    TransferClaims(Clock clock) {
        this.clock = requireNonNull(clock, "clock");
    }

    boolean tryClaim(TransferId id) {
        return claimed.add(id);
    }

    void release(TransferId id) {
        claimed.remove(id);
    }

    /** An export produced a result that is not committed yet. */
    void exportFinished(TransferId id) {
        awaitingCommit.add(id);
    }

    /** The result was committed (or abandoned to another owner): the catalog shows it from now on. */
    void committed(TransferId id) {
        lastCommit.put(id, clock.instant());
        awaitingCommit.remove(id);
    }

    /** Whether a catalog snapshot begun at {@code snapshotAt} may show an entry an export has replaced. */
    boolean changedSince(TransferId id, Instant snapshotAt) {
        Instant commit = lastCommit.get(id);
        return awaitingCommit.contains(id) || (commit != null && !commit.isBefore(snapshotAt));
    }

    /** Commits before a snapshot began matter to no later sweep: keeps the map to recent exports. */
    void forgetCommitsBefore(Instant snapshotAt) {
        lastCommit.values().removeIf(commit -> commit.isBefore(snapshotAt));
    }
}
