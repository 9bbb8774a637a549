package io.ferry.standalone;

import java.net.BindException;

/** Recognises a startup that failed because a port free a moment ago was bound by someone else first. */
final class PortRace {
    private PortRace() {
    }

    static boolean lostBy(Throwable failure) {
        return bindFailure(failure) != null;
    }

    static String describe(Throwable failure) {
        Throwable bind = bindFailure(failure);
        return bind == null ? String.valueOf(failure) : bind.getMessage();
    }

    /** The {@link BindException} under the wrappers (Javalin, Kafka and HiveMQ each add their own), or null. */
    private static Throwable bindFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BindException) {
                return t;
            }
        }
        return null;
    }
}
