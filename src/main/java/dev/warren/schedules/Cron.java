package dev.warren.schedules;

import org.quartz.CronExpression;

import java.text.ParseException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.Optional;
import java.util.TimeZone;
import java.util.regex.Pattern;

/** A Quartz cron expression (seconds first, `?` in day-of-month or day-of-week) read in an IANA time zone. */
public final class Cron {

    private final String text;
    private final CronExpression expression;

    private Cron(String text, CronExpression expression) {
        this.text = text;
        this.expression = expression;
    }

    /** A field once month and day names are taken out: numbers and Quartz's special characters, nothing else. */
    private static final Pattern FIELD = Pattern.compile("[0-9*?/,#LW-]{1,100}");
    private static final Pattern NAMES = Pattern.compile("(?i)JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC"
            + "|SUN|MON|TUE|WED|THU|FRI|SAT");
    private static final Pattern BLANKS = Pattern.compile("[ \t]+");

    /**
     * Why this is not a cron expression as a client may give one, or empty. Quartz's parser reads a field up to what it
     * understands and ignores the rest (it takes {@code 2099&x=1} as the year 2099), so each field is checked first: 6 or 7
     * fields of numbers, month and day names and the characters * ? / , - # L W.
     */
    public static Optional<String> syntaxError(String cron) {
        String[] fields = BLANKS.split(cron.trim());
        if (fields.length < 6 || fields.length > 7) {
            return Optional.of("must have 6 or 7 fields (seconds minutes hours day-of-month month day-of-week [year]), "
                    + "e.g. '0 */5 * * * ?'; it has " + fields.length);
        }
        for (int i = 0; i < fields.length; i++) {
            if (!FIELD.matcher(NAMES.matcher(fields[i]).replaceAll("0")).matches()) {
                return Optional.of("field " + (i + 1) + " must hold only numbers, month or day names (JAN, MON) and"
                        + " * ? / , - # L W");
            }
        }
        return Optional.empty();
    }

    /** @throws IllegalArgumentException with a message fit for the caller when either is not valid */
    public static Cron of(String cron, String timeZone) {
        ZoneId zone = zone(timeZone);
        CronExpression expression;
        try {
            expression = new CronExpression(cron);
        } catch (ParseException | RuntimeException e) {
            throw new IllegalArgumentException("is not a Quartz cron expression (seconds minutes hours day-of-month "
                    + "month day-of-week [year], e.g. '0 */5 * * * ?'): " + e.getMessage());
        }
        expression.setTimeZone(TimeZone.getTimeZone(zone));
        return new Cron(cron, expression);
    }

    /** @throws IllegalArgumentException when it is not a time zone Java knows */
    public static ZoneId zone(String timeZone) {
        try {
            return ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'" + timeZone + "' is not an IANA time zone such as Europe/Berlin or UTC");
        }
    }

    /** The first time it fires strictly after the given one, or null when it never fires again. */
    public Instant nextAfter(Instant time) {
        Date next = expression.getNextValidTimeAfter(Date.from(time));
        return next == null ? null : next.toInstant();
    }

    @Override
    public String toString() {
        return text;
    }
}
