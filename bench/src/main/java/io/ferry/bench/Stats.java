package io.ferry.bench;

import java.util.Arrays;
import java.util.List;

/** Order statistics of measured durations or values. */
final class Stats {
    private Stats() {
    }

    /** The nearest-rank percentile ({@code p} in [0, 100]) of the values; NaN when there are none. */
    static double percentile(List<? extends Number> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Number::doubleValue).sorted().toArray();
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static double median(List<? extends Number> values) {
        return percentile(values, 50);
    }

    static double max(double... values) {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }
}
