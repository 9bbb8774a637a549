package io.ferry.api;

/**
 * The single-range subset of HTTP {@code Range} (RFC 9110 §14). Anything else (other units, several ranges, bad
 * syntax) is ignored and the whole file is served, as the RFC allows; a well-formed range that starts at or past
 * the end is unsatisfiable.
 */
final class ByteRanges {
    private ByteRanges() {
    }

    enum Kind { WHOLE, PARTIAL, UNSATISFIABLE }

    /** Inclusive span [first, last] of a file (empty for an empty file). */
    record Span(Kind kind, long first, long last) {
        long length() {
            return last - first + 1;
        }
    }

    private static final Span UNSATISFIABLE = new Span(Kind.UNSATISFIABLE, 0, -1);

    static Span select(String header, long size) {
        Span whole = new Span(Kind.WHOLE, 0, size - 1);
        if (header == null) {
            return whole;
        }
        String value = header.trim();
        if (!value.regionMatches(true, 0, "bytes=", 0, 6)) {
            return whole;
        }
        String spec = value.substring(6).trim();
        int dash = spec.indexOf('-');
        if (spec.contains(",") || dash < 0) {
            return whole;
        }
        String first = spec.substring(0, dash).trim();
        String last = spec.substring(dash + 1).trim();
        boolean validFirst = first.isEmpty() || digits(first);
        boolean validLast = last.isEmpty() || digits(last);
        if (!validFirst || !validLast || first.isEmpty() && last.isEmpty()) {
            return whole;
        }
        if (first.isEmpty()) {
            long suffix = parse(last);
            if (suffix == 0 || size == 0) {
                return UNSATISFIABLE;
            }
            return new Span(Kind.PARTIAL, Math.max(0, size - suffix), size - 1);
        }
        long start = parse(first);
        long end = last.isEmpty() ? Long.MAX_VALUE : parse(last);
        if (end < start) {
            return whole;
        }
        if (start >= size) {
            return UNSATISFIABLE;
        }
        return new Span(Kind.PARTIAL, start, Math.min(end, size - 1));
    }

    private static boolean digits(String text) {
        return !text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** Numbers too large for a long are clamped: they are past the end of any file anyway. */
    private static long parse(String digits) {
        return digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits);
    }
}
