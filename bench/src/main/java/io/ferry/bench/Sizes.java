package io.ferry.bench;

import java.util.Locale;

/** Byte sizes as people write them ({@code 4k}, {@code 64KiB}, {@code 2g}) and rates in MB/s (10^6 bytes). */
final class Sizes {
    static final long KIB = 1024;
    static final long MIB = 1024 * KIB;
    static final long GIB = 1024 * MIB;

    private Sizes() {
    }

    static long parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT).replace("ib", "").replace("b", "");
        long unit = 1;
        char last = t.isEmpty() ? ' ' : t.charAt(t.length() - 1);
        switch (last) {
            case 'k' -> unit = KIB;
            case 'm' -> unit = MIB;
            case 'g' -> unit = GIB;
            default -> {
                return Long.parseLong(t);
            }
        }
        double value = Double.parseDouble(t.substring(0, t.length() - 1));
        return Math.round(value * unit);
    }

    static String bytes(long n) {
        if (n >= GIB && n % (GIB / 4) == 0) {
            return trim(n / (double) GIB) + " GiB";
        }
        if (n >= MIB) {
            return trim(n / (double) MIB) + " MiB";
        }
        if (n >= KIB) {
            return trim(n / (double) KIB) + " KiB";
        }
        return n + " B";
    }

    static double mbPerSecond(long bytes, long nanos) {
        return nanos <= 0 ? 0 : bytes / 1e6 / (nanos / 1e9);
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
