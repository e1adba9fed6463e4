package dev.warren.schedules;

import org.quartz.CronExpression;

import java.text.ParseException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.Date;
import java.util.Optional;
import java.util.TimeZone;
import java.util.regex.Pattern;

/** A Quartz cron expression (seconds first, `?` in day-of-month or day-of-week) read in an IANA time zone. */
public final class Cron {

    private final String text;
    /** Read in UTC, which has no gaps or repeats: it gives wall-clock times, which {@link #nextAfter} places in the zone. */
    private final CronExpression expression;
    private final ZoneId zone;

    private Cron(String text, CronExpression expression, ZoneId zone) {
        this.text = text;
        this.expression = expression;
        this.zone = zone;
    }

    /** A value of a field: a number, or a month or day name. */
    private static final String VALUE = "(?:[0-9]{1,4}|JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC"
            + "|SUN|MON|TUE|WED|THU|FRI|SAT)";
    /** One item of a field: *, ?, a value or range with an optional step, or Quartz's L, W and # forms. */
    private static final String ITEM = "(?:\\*(?:/[0-9]{1,4})?|\\?|L(?:-[0-9]{1,2})?|LW|" + VALUE + "(?:L|W|#[1-5])"
            + "|" + VALUE + "(?:-" + VALUE + ")?(?:/[0-9]{1,4})?)";
    /** A whole field: items separated by commas. */
    private static final Pattern FIELD = Pattern.compile(ITEM + "(?:," + ITEM + ")*");
    private static final Pattern BLANKS = Pattern.compile("[ \t]+");

    /**
     * Why this is not a cron expression as a client may give one, or empty. Quartz's parser reads a field up to what it
     * understands and ignores the rest (it takes {@code 2099&x=1} as the year 2099, {@code MONFRI} as Monday), so each
     * field is checked first: 6 or 7 fields, each items separated by commas, an item being *, ?, a number or a month or
     * day name, a range (MON-FRI), a step (0/5, *&#47;15), or L, LW, L-3, 15W, 6L, 6#3 (in any case, as Quartz reads them).
     */
    public static Optional<String> syntaxError(String cron) {
        String[] fields = BLANKS.split(cron.trim());
        if (fields.length < 6 || fields.length > 7) {
            return Optional.of("must have 6 or 7 fields (seconds minutes hours day-of-month month day-of-week [year]), "
                    + "e.g. '0 */5 * * * ?'; it has " + fields.length);
        }
        for (int i = 0; i < fields.length; i++) {
            if (!FIELD.matcher(fields[i].toUpperCase(java.util.Locale.ROOT)).matches()) {
                return Optional.of("field " + (i + 1) + " must be items separated by commas, each *, ?, a number, a month or"
                        + " day name (JAN, MON), a range (MON-FRI), a step (0/5, */15) or one of Quartz's L, W and # forms");
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
        expression.setTimeZone(TimeZone.getTimeZone(ZoneOffset.UTC));
        return new Cron(cron, expression, zone);
    }

    /** @throws IllegalArgumentException when it is not a time zone Java knows */
    public static ZoneId zone(String timeZone) {
        try {
            return ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'" + timeZone + "' is not an IANA time zone such as Europe/Berlin or UTC");
        }
    }

    /**
     * The first time it fires strictly after the given one, or null when it never fires again. It fires at its wall-clock
     * times in the zone. A time the spring change skips fires as much later as the clocks moved on (02:30 at 03:30). In
     * the hour the autumn change repeats, a time fires in the first pass, and in the second pass too when the hour field
     * takes every hour ({@code *}: every minute, every 15 minutes, hourly); a daily 02:30 fires once, in the first pass.
     */
    public Instant nextAfter(Instant time) {
        ZonedDateTime now = time.atZone(zone);
        LocalDateTime wall = now.toLocalDateTime();
        ZoneOffsetTransition change = zone.getRules().getTransition(wall);
        if (change == null || !change.isOverlap()) {
            return firstPass(wallTimeAfter(wall));
        }
        // the wall clock reads [repeatFrom, repeatTo) twice: first at the offset before the change, then at the one after
        LocalDateTime repeatFrom = change.getDateTimeAfter();
        LocalDateTime repeatTo = change.getDateTimeBefore();
        boolean inFirstPass = now.getOffset().equals(change.getOffsetBefore());
        Instant next = firstPass(wallTimeAfter(inFirstPass ? wall : repeatTo.minusNanos(1)));
        LocalDateTime repeated = wallTimeAfter(inFirstPass ? repeatFrom.minusNanos(1) : wall);
        // Quartz's hour field does not depend on minute, second or day: what holds at one repeated time holds at all
        if (repeated == null || !repeated.isBefore(repeatTo) || !firesEveryHourAt(repeated)) {
            return next;
        }
        Instant secondPass = repeated.atOffset(change.getOffsetAfter()).toInstant();
        return next == null || secondPass.isBefore(next) ? secondPass : next;
    }

    /** The next wall-clock time strictly after this one at which the expression fires, or null. */
    private LocalDateTime wallTimeAfter(LocalDateTime wall) {
        Date next = expression.getNextValidTimeAfter(Date.from(wall.toInstant(ZoneOffset.UTC)));
        return next == null ? null : LocalDateTime.ofInstant(next.toInstant(), ZoneOffset.UTC);
    }

    /** When the zone's clock first reads this time; a time in a gap is moved on by the gap, as java.time does. */
    private Instant firstPass(LocalDateTime wall) {
        return wall == null ? null : ZonedDateTime.of(wall, zone).toInstant();
    }

    private boolean firesEveryHourAt(LocalDateTime wall) {
        for (int hour = 0; hour < 24; hour++) {
            if (!expression.isSatisfiedBy(Date.from(wall.withHour(hour).toInstant(ZoneOffset.UTC)))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return text;
    }
}
