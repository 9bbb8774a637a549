package io.ferry.client.cli;

import io.ferry.client.UploadPhase;
import io.ferry.client.UploadProgress;
import java.time.Duration;
import java.util.Locale;

/** Text for progress bars: sizes in binary units, rates, ETAs. Pure functions, unit-tested. */
final class ProgressFormat {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

    private ProgressFormat() {
    }

    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, value >= 100 ? "%.0f %s" : "%.1f %s", value, UNITS[unit]);
    }

    static String rate(double bytesPerSecond) {
        return bytesPerSecond <= 0 ? "-- B/s" : bytes((long) bytesPerSecond) + "/s";
    }

    /** {@code 42s}, {@code 3m05s}, {@code 2h07m}; {@code --} when unknown. */
    static String eta(Duration eta) {
        if (eta == null) {
            return "--";
        }
        long seconds = Math.max(0, (eta.toMillis() + 999) / 1000);
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
    }

    static String bar(double fraction, int width) {
        int filled = (int) Math.floor(Math.max(0, Math.min(1, fraction)) * width);
        StringBuilder bar = new StringBuilder(width + 2).append('[');
        for (int i = 0; i < width; i++) {
            bar.append(i < filled ? '#' : i == filled ? '>' : ' ');
        }
        if (filled == width) {
            bar.setCharAt(width, '#');
        }
        return bar.append(']').toString();
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%3d%%", (int) Math.floor(Math.max(0, Math.min(1, fraction)) * 100));
    }

    /** One line per file: {@code name [#####>    ]  45%  12.3 MiB/27.0 MiB  4.5 MiB/s  ETA 3s  sending}. */
    static String line(UploadProgress p, int nameWidth, int barWidth) {
        String phase = p.phase() == UploadPhase.SENDING ? "" : "  " + p.phase().name().toLowerCase(Locale.ROOT);
        String eta = p.phase() == UploadPhase.DONE ? "done" : "ETA " + eta(p.eta());
        return fit(p.name(), nameWidth) + " " + bar(p.fraction(), barWidth) + " " + percent(p.fraction()) + "  "
                + bytes(p.bytesConfirmed()) + "/" + bytes(p.size()) + "  " + rate(p.bytesPerSecond()) + "  " + eta
                + phase;
    }

    /** Pads or shortens (with an ellipsis in the middle) to exactly {@code width} characters. */
    static String fit(String text, int width) {
        if (text.length() <= width) {
            return text + " ".repeat(width - text.length());
        }
        if (width <= 3) {
            return text.substring(0, width);
        }
        int head = (width - 1) / 2;
        int tail = width - 1 - head;
        return text.substring(0, head) + "…" + text.substring(text.length() - tail);
    }
}
