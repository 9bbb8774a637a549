package io.ferry.broker.auth;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small file (credentials, ACL, JWKS) parsed once and parsed again when its bytes change, checked at most once per
 * interval when it is used. Comparing bytes rather than timestamps also catches Kubernetes' Secret updates (a
 * symlink swap) and edits within the same second. A file that stops parsing keeps the last good version in force.
 */
final class ReloadingFile<T> {
    private static final Logger LOG = LoggerFactory.getLogger(ReloadingFile.class);

    private final Path file;
    private final Function<String, T> parser;
    private final Clock clock;
    private final Duration interval;
    private byte[] bytes;
    private T value;
    private long checkedAt;

    /** Reads and parses the file now: a missing or bad file fails here, at startup. */
    ReloadingFile(Path file, Function<String, T> parser, Clock clock, Duration interval) {
        this.file = requireNonNull(file, "file");
        this.parser = requireNonNull(parser, "parser");
        this.clock = requireNonNull(clock, "clock");
        this.interval = requireNonNull(interval, "interval");
        this.bytes = read(file);
        this.value = parser.apply(text(bytes));
        this.checkedAt = clock.millis();
    }

    synchronized T current() {
        long now = clock.millis();
        if (now - checkedAt < interval.toMillis()) {
            return value;
        }
        checkedAt = now;
        byte[] latest;
        try {
            latest = read(file);
        } catch (UncheckedIOException e) {
            LOG.error("Cannot read {}; keeping the version loaded before: {}", file, e.getCause().toString());
            return value;
        }
        if (!Arrays.equals(latest, bytes)) {
            try {
                value = parser.apply(text(latest));
                LOG.info("Reloaded {}", file);
            } catch (IllegalArgumentException e) {
                LOG.error("Ignoring the changed {}; keeping the version loaded before: {}", file, e.getMessage());
            }
            bytes = latest;
        }
        return value;
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static String text(byte[] bytes) {
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }
}
