package io.ferry.config;

import java.time.Duration;

/** The short duration form the settings accept ({@code 500ms, 30s, 5m, 24h, 7d}), for the documentation. */
final class Durations {
    private Durations() {
    }

    static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis == 0) {
            return "0s";
        }
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
        String[] units = {"d", "h", "m", "s"};
        for (int i = 0; i < sizes.length; i++) {
            if (millis % sizes[i] == 0) {
                return millis / sizes[i] + units[i];
            }
        }
        return millis + "ms";
    }
}
