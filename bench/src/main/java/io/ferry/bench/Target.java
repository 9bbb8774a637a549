package io.ferry.bench;

import java.util.Locale;

/**
 * What the issue asks of one measurement. {@link Kind#RATIO_AT_LEAST} / {@link Kind#RATIO_AT_MOST} compare Ferry ÷
 * baseline, {@link Kind#AT_MOST} Ferry's own value, {@link Kind#ALL} a success count ("all of them");
 * {@link Kind#NONE} only reports.
 */
record Target(Kind kind, double bound) {
    enum Kind { RATIO_AT_LEAST, RATIO_AT_MOST, AT_MOST, ALL, NONE }

    static final Target NONE = new Target(Kind.NONE, 0);
    static final Target ALL = new Target(Kind.ALL, 0);

    static Target ratioAtLeast(double bound) {
        return new Target(Kind.RATIO_AT_LEAST, bound);
    }

    static Target ratioAtMost(double bound) {
        return new Target(Kind.RATIO_AT_MOST, bound);
    }

    static Target atMost(double bound) {
        return new Target(Kind.AT_MOST, bound);
    }

    /** "ok", "MISS", or "" when there is nothing to judge (no target, or a value missing). */
    String verdict(double ferry, double ratio, boolean allSucceeded) {
        return switch (kind) {
            case NONE -> "";
            case ALL -> allSucceeded ? "ok" : "MISS";
            case RATIO_AT_LEAST -> Double.isNaN(ratio) ? "" : ratio >= bound ? "ok" : "MISS";
            case RATIO_AT_MOST -> Double.isNaN(ratio) ? "" : ratio <= bound ? "ok" : "MISS";
            case AT_MOST -> Double.isNaN(ferry) ? "" : ferry <= bound ? "ok" : "MISS";
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
            case NONE -> "-";
            case ALL -> "100%";
            case RATIO_AT_LEAST -> String.format(Locale.ROOT, "ratio >= %.2f", bound);
            case RATIO_AT_MOST -> String.format(Locale.ROOT, "ratio <= %.2f", bound);
            case AT_MOST -> String.format(Locale.ROOT, "<= %s", Row.number(bound));
        };
    }
}
