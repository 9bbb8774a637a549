package io.ferry.broker;

import java.util.Set;

/**
 * A snapshot of the ingress back-pressure, for metrics and tests.
 *
 * @param backlogMessages commands admitted and not yet acknowledged by a bridge
 * @param backlogBytes    an estimate of their payload bytes (exact when acknowledgements come in order)
 * @param held            device publishes currently waiting for their PUBACK
 * @param bridgedFilters  command prefixes ({@code $file/}, {@code $file-async/}) a connected bridge subscribes to
 * @param admitted        commands admitted since start
 * @param failed          held publishes that timed out and failed since start
 * @param maxBacklog      the highest backlog seen since start
 */
public record IngressStatus(long backlogMessages, long backlogBytes, int held, Set<String> bridgedFilters,
                            long admitted, long failed, long maxBacklog) {
    public IngressStatus {
        bridgedFilters = Set.copyOf(bridgedFilters);
    }
}
