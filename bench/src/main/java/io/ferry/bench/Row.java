package io.ferry.bench;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * One line of the result table: a scenario ({@code a}…{@code f}), what was measured, Ferry's value, the baseline's,
 * Ferry ÷ baseline, the target, whether it is met, and a note (what limits the number, or why it is missing).
 * Values are kept as numbers (NaN = not measured) next to their unit, so tests can check them.
 */
record Row(String scenario, String metric, double ferry, double baseline, String unit, Target target,
           String baselineName, String note) {
    Row {
        requireNonNull(scenario, "scenario");
        requireNonNull(metric, "metric");
        requireNonNull(unit, "unit");
        requireNonNull(target, "target");
        requireNonNull(baselineName, "baselineName");
        requireNonNull(note, "note");
    }

    static Row measured(String scenario, String metric, double ferry, double baseline, String unit, Target target,
                        String baselineName, String note) {
        return new Row(scenario, metric, ferry, baseline, unit, target, baselineName, note);
    }

    /** A success count: Ferry = succeeded, baseline = attempted; the target is that all succeeded. */
    static Row successes(String scenario, String metric, long succeeded, long attempted, String note) {
        return new Row(scenario, metric, succeeded, attempted, "count", Target.ALL, "attempted", note);
    }

    static Row failed(String scenario, String metric, Target target, String why) {
        return new Row(scenario, metric, Double.NaN, Double.NaN, "", target, "", "FAILED: " + why);
    }

    double ratio() {
        if (unit.equals("count") || Double.isNaN(ferry) || Double.isNaN(baseline) || baseline == 0) {
            return Double.NaN;
        }
        return ferry / baseline;
    }

    boolean allSucceeded() {
        return unit.equals("count") && ferry == baseline;
    }

    String verdict() {
        if (note.startsWith("FAILED")) {
            return target.kind() == Target.Kind.NONE ? "FAILED" : "MISS";
        }
        return target.verdict(ferry, ratio(), allSucceeded());
    }

    String ferryText() {
        if (unit.equals("count")) {
            return (long) ferry + "/" + (long) baseline;
        }
        return withUnit(ferry);
    }

    String baselineText() {
        if (unit.equals("count")) {
            return "";
        }
        return Double.isNaN(baseline) ? "-" : withUnit(baseline) + (baselineName.isEmpty() ? "" : " (" + baselineName
                + ")");
    }

    String ratioText() {
        double ratio = ratio();
        return Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.2f", ratio);
    }

    private String withUnit(double value) {
        return Double.isNaN(value) ? "-" : number(value) + (unit.isEmpty() ? "" : " " + unit);
    }

    static String number(double value) {
        double abs = Math.abs(value);
        if (abs >= 100 || value == Math.rint(value)) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        if (abs >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
