package io.ferry.config;

import static java.util.Objects.requireNonNull;

/**
 * A network listener's settings, named the same way for every listener: {@code <prefix>.host} (the interface to
 * bind) and {@code <prefix>.port}.
 *
 * @param prefix      e.g. {@code ferry.http}
 * @param what        what listens there, for the documentation
 * @param host        the bind address setting
 * @param port        the port setting (0 = any free port; -1 = disabled where allowed)
 */
public record Listener(String prefix, String what, Setting<String> host, Setting<Integer> port) {
    public static final String ALL_INTERFACES = "0.0.0.0";

    public Listener {
        requireNonNull(prefix, "prefix");
        requireNonNull(what, "what");
        requireNonNull(host, "host");
        requireNonNull(port, "port");
    }

    /** {@code <prefix>.host} (default all interfaces) and {@code <prefix>.port}. */
    public static Listener of(String prefix, String what, int defaultPort, boolean disableable) {
        Setting<String> host = Setting.string(prefix + ".host", ALL_INTERFACES,
                "Interface the " + what + " binds to (0.0.0.0 = all).");
        Setting<Integer> port = Setting.integer(prefix + ".port", defaultPort, disableable ? -1 : 0, 65535,
                "Port of the " + what + "; 0 picks a free port" + (disableable ? ", -1 disables it." : "."))
                .validatedBy(Validators.port(disableable));
        return new Listener(prefix, what, host, port);
    }

    public Listener withHost(Setting<String> newHost) {
        return new Listener(prefix, what, newHost, port);
    }
}
