package io.ferry.standalone;

import java.net.BindException;

/** Recognises a startup that failed because a port free a moment ago was bound by someone else first. */
final class PortRace {
    private PortRace() {
    }

    /** The {@link BindException} under the wrappers (Javalin, Kafka and HiveMQ each add their own), or null. */
    static BindException bindFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BindException bind) {
                return bind;
            }
        }
        return null;
    }
}
