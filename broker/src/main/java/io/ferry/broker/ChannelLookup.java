package io.ferry.broker;

import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.persistence.connection.ConnectionPersistence;
import io.netty.channel.Channel;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the Netty channel of a connected client in an embedded HiveMQ, so {@link ReadThrottle} can be installed in
 * its pipeline. HiveMQ's extension SDK has no such thing: this reaches its Guice injector through the embedded
 * instance (internal API, version pinned in the parent POM).
 */
final class ChannelLookup {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelLookup.class);

    private final EmbeddedHiveMQ hivemq;
    private volatile ConnectionPersistence connections;
    private volatile boolean failed;

    ChannelLookup(EmbeddedHiveMQ hivemq) {
        this.hivemq = hivemq;
    }

    Optional<Channel> channel(String clientId) {
        ConnectionPersistence persistence = connections();
        if (persistence == null) {
            return Optional.empty();
        }
        var connection = persistence.get(clientId);
        return connection == null ? Optional.empty() : Optional.of(connection.getChannel());
    }

    private ConnectionPersistence connections() {
        ConnectionPersistence current = connections;
        if (current != null || failed) {
            return current;
        }
        try {
            Method getInjector = hivemq.getClass().getDeclaredMethod("getInjector");
            getInjector.setAccessible(true);
            Object injector = getInjector.invoke(hivemq);
            Method getInstance = injector.getClass().getMethod("getInstance", Class.class);
            getInstance.setAccessible(true);
            current = (ConnectionPersistence) getInstance.invoke(injector, ConnectionPersistence.class);
            connections = current;
            return current;
        } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException | RuntimeException e) {
            failed = true;
            LOG.error("Cannot reach HiveMQ's connections: ingress read back-pressure is OFF (memory is then bounded "
                    + "only by HiveMQ's receive maximum); was HiveMQ upgraded?", e);
            return null;
        }
    }
}
