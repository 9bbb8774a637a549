package io.ferry.config;

import java.util.List;

/** Invalid configuration; the message names every bad key. Only a {@code main} turns this into an exit. */
public class ConfigException extends RuntimeException {
    private final List<String> errors;

    public ConfigException(List<String> errors) {
        super("invalid configuration: " + String.join("; ", errors));
        this.errors = List.copyOf(errors);
    }

    public List<String> errors() {
        return errors;
    }
}
