package dev.warren.ops;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/** Reads the UTC timestamps warren writes ({@link Instant#toString}) without a formatter: one per delivered task. */
final class UtcInstants {

    private UtcInstants() {
    }

    /**
     * The instant of text such as {@code 2026-11-26T12:30:46.123Z} (no fraction, or up to 9 digits of it); text of any
     * other form goes to {@link Instant#parse}, and text it cannot read either gives empty.
     */
    static Optional<Instant> parse(String text) {
        Instant quick = quick(text);
        if (quick != null) {
            return Optional.of(quick);
        }
        try {
            return Optional.of(Instant.parse(text));
        } catch (java.time.DateTimeException e) {
            return Optional.empty();
        }
    }

    /** The instant of yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z, or null when the text is not of that form or not a valid date. */
    private static Instant quick(String text) {
        int length = text.length();
        if (length < 20 || length == 21 || length > 30 || text.charAt(4) != '-' || text.charAt(7) != '-'
                || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':'
                || text.charAt(length - 1) != 'Z' || length > 20 && text.charAt(19) != '.') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        int fraction = length > 20 ? digits(text, 20, length - 1) : 0;
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0
                || second > 59 || fraction < 0) {
            return null;
        }
        int nanos = fraction;
        for (int digits = length > 20 ? length - 21 : 9; digits < 9; digits++) {
            nanos *= 10;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (java.time.DateTimeException e) {
            return null;
        }
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** The number the ASCII digits from start to end (exclusive) make, or -1 when one of them is not a digit. */
    private static int digits(String text, int start, int end) {
        int value = 0;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
