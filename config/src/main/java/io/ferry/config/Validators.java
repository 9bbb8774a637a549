package io.ferry.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** The validators settings share, each a small class with its own message and documentation text. */
public final class Validators {
    private static final Validator<Object> NONE = new Validator<>() {
        @Override
        public String check(Object value) {
            return null;
        }

        @Override
        public String describe() {
            return "";
        }
    };

    private Validators() {
    }

    @SuppressWarnings("unchecked")
    public static <T> Validator<T> none() {
        return (Validator<T>) NONE;
    }

    /** An integer in [min, max]. */
    public record Range<N extends Number>(long min, long max) implements Validator<N> {
        public Range {
            if (min > max) {
                throw new IllegalArgumentException("empty range [" + min + ", " + max + "]");
            }
        }

        @Override
        public String check(N value) {
            long v = value.longValue();
            return v < min || v > max ? v + " is outside [" + min + ", " + max + "]" : null;
        }

        @Override
        public String describe() {
            return min + " to " + (max == Long.MAX_VALUE || max == Integer.MAX_VALUE ? "∞" : Long.toString(max));
        }
    }

    /** A TCP port, or also -1 for "disabled" when {@code disableable}. */
    public static Range<Integer> port(boolean disableable) {
        return new Range<>(disableable ? -1 : 0, 65535);
    }

    /** One of a few words, compared case-insensitively. */
    public record OneOf(List<String> choices) implements Validator<String> {
        public OneOf {
            choices = List.copyOf(choices);
        }

        public static OneOf of(String... choices) {
            return new OneOf(List.of(choices));
        }

        @Override
        public String check(String value) {
            return value == null || choices.contains(value.toLowerCase(Locale.ROOT)) ? null
                    : "'" + value + "' is not " + String.join(", ", choices.subList(0, choices.size() - 1))
                      + " or " + choices.get(choices.size() - 1);
        }

        @Override
        public String describe() {
            return "one of " + String.join(", ", choices);
        }
    }

    /** A duration above zero (or at least zero when {@code zeroAllowed}), and at least {@code min}. */
    public record PositiveDuration(boolean zeroAllowed, Duration min) implements Validator<Duration> {
        public static final PositiveDuration POSITIVE = new PositiveDuration(false, Duration.ZERO);
        public static final PositiveDuration NOT_NEGATIVE = new PositiveDuration(true, Duration.ZERO);

        public static PositiveDuration atLeast(Duration min) {
            return new PositiveDuration(false, min);
        }

        @Override
        public String check(Duration value) {
            if (value == null) {
                return null;
            }
            if (value.isNegative() || (!zeroAllowed && value.isZero())) {
                return zeroAllowed ? "must be >= 0" : "must be positive";
            }
            return value.compareTo(min) < 0 ? "must be at least " + Durations.format(min) : null;
        }

        @Override
        public String describe() {
            return min.isZero() ? (zeroAllowed ? ">= 0" : "> 0") : ">= " + Durations.format(min);
        }
    }

    /** A URI such as {@code http://minio:9000}. */
    public record Uri() implements Validator<String> {
        @Override
        public String check(String value) {
            if (value == null) {
                return null;
            }
            try {
                new URI(value);
                return null;
            } catch (URISyntaxException e) {
                return "'" + value + "' is not a URI";
            }
        }

        @Override
        public String describe() {
            return "URI";
        }
    }
}
