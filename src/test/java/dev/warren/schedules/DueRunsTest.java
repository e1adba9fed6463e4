package dev.warren.schedules;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DueRunsTest {

    private static final Duration LATE = Duration.ofSeconds(10);
    private static final Cron EVERY_SECOND = Cron.of("* * * * * ?", "UTC");
    private static final Instant T = Instant.parse("2026-11-26T04:00:00Z");

    private static DueRuns.Plan plan(Cron cron, Instant due, Instant now, MissedRuns policy) {
        return DueRuns.plan(cron, due, now, policy, LATE, 5);
    }

    @Test
    void nothingIsDueBeforeItsTime() {
        DueRuns.Plan plan = plan(EVERY_SECOND, T, T.minusMillis(1), MissedRuns.SKIP);
        assertEquals(List.of(), plan.runs());
        assertEquals(T, plan.next());
    }

    @Test
    void everySecondRunsTheDueSecondAndMovesToTheNext() {
        DueRuns.Plan plan = plan(EVERY_SECOND, T, T.plusMillis(250), MissedRuns.SKIP);
        assertEquals(List.of(T), plan.runs());
        assertEquals(T.plusSeconds(1), plan.next());
    }

    @Test
    void aSlowTickLosesNoRunThatIsStillOnTime() {
        DueRuns.Plan plan = plan(EVERY_SECOND, T, T.plusMillis(2_500), MissedRuns.SKIP);
        assertEquals(List.of(T, T.plusSeconds(1), T.plusSeconds(2)), plan.runs());
        assertEquals(T.plusSeconds(3), plan.next());
    }

    @Test
    void missedRunsAreSkippedButOneRunsNow() {
        Cron everyMinute = Cron.of("0 * * * * ?", "UTC");
        Instant now = T.plus(Duration.ofHours(3)).plusSeconds(30);
        DueRuns.Plan plan = plan(everyMinute, T, now, MissedRuns.SKIP);
        assertEquals(List.of(T), plan.runs(), "one run stands for all the missed ones");
        assertEquals(T.plus(Duration.ofHours(3)).plusSeconds(60), plan.next());
    }

    @Test
    void missedRunsAllAreMadeUpForAtMostTheLimit() {
        Cron everyMinute = Cron.of("0 * * * * ?", "UTC");
        DueRuns.Plan some = plan(everyMinute, T, T.plusSeconds(3 * 60 + 30), MissedRuns.ALL);
        assertEquals(List.of(T, T.plusSeconds(60), T.plusSeconds(120), T.plusSeconds(180)), some.runs());
        DueRuns.Plan many = plan(everyMinute, T, T.plus(Duration.ofDays(1)).plusSeconds(30), MissedRuns.ALL);
        assertEquals(List.of(T, T.plusSeconds(60), T.plusSeconds(120), T.plusSeconds(180), T.plusSeconds(240)),
                many.runs(), "the earliest five, the limit");
        assertEquals(T.plus(Duration.ofDays(1)).plusSeconds(60), many.next());
    }

    @Test
    void missedAndOnTimeRunsBothRun() {
        DueRuns.Plan plan = plan(EVERY_SECOND, T, T.plusSeconds(60), MissedRuns.SKIP);
        assertEquals(T, plan.runs().get(0), "the missed ones, as one");
        assertEquals(1 + 11, plan.runs().size(), "and each of the last ten seconds and now");
        assertEquals(T.plusSeconds(50), plan.runs().get(1));
        assertEquals(T.plusSeconds(61), plan.next());
    }

    @Test
    void aPausedScheduleHasNoDueRun() {
        DueRuns.Plan plan = plan(EVERY_SECOND, null, T, MissedRuns.ALL);
        assertEquals(List.of(), plan.runs());
        assertNull(plan.next());
    }

    @Test
    void everyMinuteInBerlinAcrossTheSpringDstChangeKeepsOneRunPerMinute() {
        Cron everyMinute = Cron.of("0 * * * * ?", "Europe/Berlin");
        // 2026-03-29 02:00 CET becomes 03:00 CEST (01:00Z)
        Instant start = Instant.parse("2026-03-29T00:30:00Z");
        Instant time = start;
        int runs = 0;
        while (time.isBefore(Instant.parse("2026-03-29T01:30:00Z"))) {
            time = everyMinute.nextAfter(time);
            runs++;
        }
        assertEquals(60, runs);
    }

    @Test
    void aDailyRunFollowsTheZonesOffsetAcrossDst() {
        Cron nineInBerlin = Cron.of("0 0 9 * * ?", "Europe/Berlin");
        assertEquals(Instant.parse("2026-03-28T08:00:00Z"), nineInBerlin.nextAfter(Instant.parse("2026-03-28T00:00:00Z")));
        assertEquals(Instant.parse("2026-03-29T07:00:00Z"), nineInBerlin.nextAfter(Instant.parse("2026-03-29T00:00:00Z")));
        DueRuns.Plan plan = plan(nineInBerlin, Instant.parse("2026-03-29T07:00:00Z"),
                Instant.parse("2026-03-29T07:00:00.300Z"), MissedRuns.SKIP);
        assertEquals(List.of(Instant.parse("2026-03-29T07:00:00Z")), plan.runs());
        assertEquals(Instant.parse("2026-03-30T07:00:00Z"), plan.next());
    }

    @Test
    void aBadCronOrZoneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Cron.of("* * * * * *", "UTC"));
        assertThrows(IllegalArgumentException.class, () -> Cron.of("0 * * * * ?", "Mars/Olympus"));
        assertTrue(Cron.of("0 0 12 ? * MON-FRI", "America/New_York").nextAfter(T).isAfter(T));
    }
}
