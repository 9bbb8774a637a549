package io.ferry.broker.auth;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The verified identity of each device connected to this node, for decisions made outside the device's own
 * packets (where Ferry may publish its responses). Bounded by the connected devices: an entry goes with the
 * connection that made it, and a takeover's late disconnect of the old connection leaves the new entry alone.
 */
public final class ConnectedDevices {
    private record Entry(Identity identity, long connection) {
    }

    private final Map<String, Entry> byClientId = new ConcurrentHashMap<>();
    private final AtomicLong connections = new AtomicLong();

    /** Returns the connection number to pass to {@link #disconnected}. */
    public long connected(Identity identity) {
        long connection = connections.incrementAndGet();
        byClientId.put(identity.clientId(), new Entry(identity, connection));
        return connection;
    }

    public void disconnected(String clientId, long connection) {
        byClientId.computeIfPresent(clientId, (id, entry) -> entry.connection() == connection ? null : entry);
    }

    /** The identity of the connected device, or an anonymous one if it is not (or no longer) connected here. */
    public Identity identity(String clientId) {
        Entry entry = byClientId.get(clientId);
        return entry == null ? Identity.anonymous(clientId) : entry.identity();
    }

    public int size() {
        return byClientId.size();
    }
}
