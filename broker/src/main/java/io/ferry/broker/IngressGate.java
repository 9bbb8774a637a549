package io.ferry.broker;

import io.ferry.protocol.Mode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingress back-pressure: the rule "no command a device got a PUBACK for may ever be lost" (DESIGN.md).
 *
 * <p>HiveMQ PUBACKs a QoS 1 publish as soon as it is in the subscribers' queues, and silently discards what does not
 * fit. So a device's command passes (and is PUBACKed) only while
 * <ul>
 *   <li>a connected bridge holds the shared subscription for the command's prefix, and</li>
 *   <li>the backlog, commands admitted here and not yet PUBACKed by a bridge, is below {@code backlogMaxMessages}
 *       (and {@code backlogMaxBytes}), far below HiveMQ's queue limit.</li>
 * </ul>
 * Otherwise it is held, FIFO per prefix, and admitted when a bridge acknowledges or connects. A publish held longer
 * than {@code holdTimeout} fails visibly. Every method is thread-safe; {@link HeldPublish} callbacks run outside the
 * lock.
 */
final class IngressGate {
    private static final Logger LOG = LoggerFactory.getLogger(IngressGate.class);

    private record Waiter(String clientId, Mode mode, int bytes, Instant deadline, HeldPublish publish) {
    }

    private final ExtensionConfig limits;
    private final Clock clock;
    private final Object lock = new Object();
    private final ArrayDeque<Integer> backlog = new ArrayDeque<>();
    private final Map<Mode, ArrayDeque<Waiter>> waiting = new EnumMap<>(Mode.class);
    private long backlogBytes;
    private EnumSet<Mode> bridged = EnumSet.noneOf(Mode.class);
    private long admitted;
    private long failed;
    private long maxBacklog;
    private boolean closed;

    IngressGate(ExtensionConfig limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
        for (Mode mode : Mode.values()) {
            waiting.put(mode, new ArrayDeque<>());
        }
    }

    /**
     * Admits the command now (returns true), or takes the {@link HeldPublish} from {@code hold} and queues it
     * (returns false). A command never overtakes one queued before it, which keeps each device's order.
     */
    boolean admitOrHold(String clientId, Mode mode, int bytes, Supplier<HeldPublish> hold) {
        HeldPublish rejected;
        synchronized (lock) {
            if (!closed && waiting.get(mode).isEmpty() && canAdmit(mode, bytes)) {
                account(bytes);
                return true;
            }
            HeldPublish held = hold.get();
            if (!closed) {
                waiting.get(mode).addLast(new Waiter(clientId, mode, bytes,
                        clock.instant().plus(limits.holdTimeout()), held));
                LOG.debug("Holding command clientId={} mode={} backlog={} bridged={}", clientId, mode,
                        backlog.size(), bridged.contains(mode));
                return false;
            }
            rejected = held;
        }
        rejected.fail("Ferry broker is stopping");
        return false;
    }

    /** A bridge PUBACKed one command: the backlog shrinks and held commands may pass. */
    void onBridgeAck() {
        List<Waiter> ready;
        synchronized (lock) {
            Integer bytes = backlog.pollFirst();
            if (bytes != null) {
                backlogBytes -= bytes;
            }
            ready = drain();
        }
        ready.forEach(waiter -> waiter.publish().admit());
    }

    /**
     * The result of a presence check: which prefixes a connected bridge subscribes to, and whether any bridge
     * session (connected or not) still holds a subscription. With none left, HiveMQ dropped their queues, so
     * whatever the backlog still counts can never be acknowledged and is forgotten.
     */
    void onPresence(Set<Mode> connectedBridges, boolean anySubscription) {
        List<Waiter> ready;
        synchronized (lock) {
            EnumSet<Mode> before = bridged;
            bridged = EnumSet.noneOf(Mode.class);
            bridged.addAll(connectedBridges);
            if (!before.equals(bridged)) {
                LOG.info("Ferry bridges now subscribed for {} (was {}); backlog={}", bridged, before, backlog.size());
            }
            if (!anySubscription && !backlog.isEmpty()) {
                LOG.warn("No bridge subscription left: forgetting a backlog of {} commands HiveMQ discarded with "
                        + "the bridges' sessions", backlog.size());
                backlog.clear();
                backlogBytes = 0;
            }
            ready = drain();
        }
        ready.forEach(waiter -> waiter.publish().admit());
    }

    /** Fails every held command whose deadline has passed. Called by the scheduler. */
    void expire() {
        List<Waiter> expired = new ArrayList<>();
        Set<Mode> bridgedNow;
        synchronized (lock) {
            Instant now = clock.instant();
            for (ArrayDeque<Waiter> queue : waiting.values()) {
                for (Iterator<Waiter> it = queue.iterator(); it.hasNext(); ) {
                    Waiter waiter = it.next();
                    if (!waiter.deadline().isAfter(now)) {
                        it.remove();
                        expired.add(waiter);
                    }
                }
            }
            failed += expired.size();
            bridgedNow = EnumSet.copyOf(bridged);
        }
        for (Waiter waiter : expired) {
            String reason = bridgedNow.contains(waiter.mode())
                    ? "Ferry ingress backlog is full; retry later"
                    : "no Ferry bridge is connected; retry later";
            LOG.warn("Command held for {} failed clientId={}: {}", limits.holdTimeout(), waiter.clientId(), reason);
            waiter.publish().fail(reason);
        }
    }

    /** Fails every held command and admits nothing more. */
    void close() {
        List<Waiter> all = new ArrayList<>();
        synchronized (lock) {
            closed = true;
            waiting.values().forEach(all::addAll);
            waiting.values().forEach(ArrayDeque::clear);
        }
        all.forEach(waiter -> waiter.publish().fail("Ferry broker is stopping"));
    }

    IngressStatus status() {
        synchronized (lock) {
            int held = waiting.values().stream().mapToInt(ArrayDeque::size).sum();
            Set<String> prefixes = bridged.stream().map(Mode::prefix).collect(Collectors.toSet());
            return new IngressStatus(backlog.size(), backlogBytes, held, prefixes, admitted, failed, maxBacklog);
        }
    }

    private boolean canAdmit(Mode mode, int bytes) {
        if (!bridged.contains(mode) || backlog.size() >= limits.backlogMaxMessages()) {
            return false;
        }
        // One command larger than the byte limit must still pass, or it could never pass.
        return backlog.isEmpty() || backlogBytes + bytes <= limits.backlogMaxBytes();
    }

    private void account(int bytes) {
        backlog.addLast(bytes);
        backlogBytes += bytes;
        admitted++;
        maxBacklog = Math.max(maxBacklog, backlog.size());
    }

    /** Takes admissible waiters, round-robin over the prefixes so one cannot starve the other. */
    private List<Waiter> drain() {
        List<Waiter> ready = new ArrayList<>();
        boolean progress = true;
        while (progress && !closed) {
            progress = false;
            for (ArrayDeque<Waiter> queue : waiting.values()) {
                Waiter head = queue.peekFirst();
                if (head != null && canAdmit(head.mode(), head.bytes())) {
                    queue.pollFirst();
                    account(head.bytes());
                    ready.add(head);
                    progress = true;
                }
            }
        }
        return ready;
    }
}
