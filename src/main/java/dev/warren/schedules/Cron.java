package dev.warren.schedules;

import org.quartz.CronExpression;

import java.text.ParseException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.TimeZone;

/** A Quartz cron expression (seconds first, `?` in day-of-month or day-of-week) read in an IANA time zone. */
public final class Cron {

    private final String text;
    private final CronExpression expression;

    private Cron(String text, CronExpression expression) {
        this.text = text;
        this.expression = expression;
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
