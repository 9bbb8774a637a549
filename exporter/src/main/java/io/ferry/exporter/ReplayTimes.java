package io.ferry.exporter;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The TIME of {@code --since}/{@code --until}: an instant ({@code 2026-12-03T10:00:00Z}, or with an offset), a UTC
 * date-time ({@code 2026-12-03T10:00}), a UTC date ({@code 2026-12-03}, its midnight), or an age before now
 * ({@code 90s}, {@code 30m}, {@code 2h}, {@code 7d}).
 */
final class ReplayTimes {
    private static final Pattern AGE = Pattern.compile("(\\d+)\\s*(s|m|h|d)");

    private ReplayTimes() {
    }

    static Instant parse(String text, Clock clock) {
        String value = text.trim();
        Matcher age = AGE.matcher(value.toLowerCase(Locale.ROOT));
        if (age.matches()) {
            long amount = Long.parseLong(age.group(1));
            Duration duration = switch (age.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
            return clock.instant().minus(duration);
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeException e) {
            // not with a zone; try the UTC forms
        }
        try {
            return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            // not a date-time; try a date
        }
        try {
            return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'" + text + "' is not a time: use 2026-12-03T10:00:00Z, "
                    + "2026-12-03T10:00 (UTC), 2026-12-03 (UTC) or an age such as 30m, 2h, 7d");
        }
    }
}
