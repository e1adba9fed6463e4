package dev.warren.schedules;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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

    /** The runs after from up to and including to, as the scheduler steps through them. */
    private static List<Instant> runs(Cron cron, String from, String to) {
        List<Instant> runs = new ArrayList<>();
        for (Instant time = cron.nextAfter(Instant.parse(from)); !time.isAfter(Instant.parse(to)); time = cron.nextAfter(time)) {
            runs.add(time);
        }
        return runs;
    }

    private static List<Instant> instants(String... times) {
        return java.util.Arrays.stream(times).map(Instant::parse).toList();
    }

    private static void assertOneRunPerMinute(List<Instant> runs, int expected) {
        assertEquals(expected, runs.size());
        for (int i = 1; i < runs.size(); i++) {
            assertEquals(Duration.ofMinutes(1), Duration.between(runs.get(i - 1), runs.get(i)), "after " + runs.get(i - 1));
        }
    }

    // 2026-10-25 03:00 CEST becomes 02:00 CET (01:00Z): the wall clock reads 02:00-02:59 twice, 00:00Z-02:00Z
    @Test
    void everyMinuteInBerlinAcrossTheAutumnDstChangeKeepsOneRunPerMinute() {
        assertOneRunPerMinute(runs(Cron.of("0 * * * * ?", "Europe/Berlin"), "2026-10-24T23:30:00Z", "2026-10-25T01:30:00Z"),
                120);
    }

    @Test
    void everyFifteenMinutesAndHourlyInBerlinRunInBothPassesOfTheRepeatedHour() {
        assertEquals(instants("2026-10-25T00:45:00Z", "2026-10-25T01:00:00Z", "2026-10-25T01:15:00Z",
                        "2026-10-25T01:30:00Z", "2026-10-25T01:45:00Z", "2026-10-25T02:00:00Z"),
                runs(Cron.of("0 */15 * * * ?", "Europe/Berlin"), "2026-10-25T00:30:00Z", "2026-10-25T02:00:00Z"));
        assertEquals(instants("2026-10-25T00:00:00Z", "2026-10-25T01:00:00Z", "2026-10-25T02:00:00Z"),
                runs(Cron.of("0 0 * * * ?", "Europe/Berlin"), "2026-10-24T23:30:00Z", "2026-10-25T02:30:00Z"),
                "hourly: 02:00 summer time, 02:00 winter time, 03:00");
    }

    @Test
    void aDailyRunInBerlinsRepeatedHourRunsOnceInTheFirstPass() {
        Cron halfPastTwo = Cron.of("0 30 2 * * ?", "Europe/Berlin");
        assertEquals(instants("2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"),
                runs(halfPastTwo, "2026-10-24T12:00:00Z", "2026-10-26T12:00:00Z"));
        assertEquals(Instant.parse("2026-10-26T01:30:00Z"), halfPastTwo.nextAfter(Instant.parse("2026-10-25T01:10:00Z")),
                "from the second pass, the next day");
    }

    @Test
    void aCronThatNamesItsHoursRunsOnceInTheRepeatedHour() {
        assertEquals(instants("2026-10-25T00:00:00Z", "2026-10-25T02:00:00Z"),
                runs(Cron.of("0 0 1-3 * * ?", "Europe/Berlin"), "2026-10-24T23:30:00Z", "2026-10-25T12:00:00Z"));
    }

    // 2026-11-01 02:00 EDT becomes 01:00 EST (06:00Z): the wall clock reads 01:00-01:59 twice, 05:00Z-07:00Z
    @Test
    void everyMinuteInNewYorkAcrossTheAutumnDstChangeKeepsOneRunPerMinute() {
        assertOneRunPerMinute(runs(Cron.of("0 * * * * ?", "America/New_York"), "2026-11-01T05:30:00Z",
                "2026-11-01T06:30:00Z"), 60);
    }

    @Test
    void everyFifteenMinutesAndHourlyInNewYorkRunInBothPasses() {
        assertEquals(instants("2026-11-01T05:45:00Z", "2026-11-01T06:00:00Z", "2026-11-01T06:15:00Z",
                        "2026-11-01T06:30:00Z"),
                runs(Cron.of("0 */15 * * * ?", "America/New_York"), "2026-11-01T05:30:00Z", "2026-11-01T06:30:00Z"));
        assertEquals(instants("2026-11-01T05:00:00Z", "2026-11-01T06:00:00Z", "2026-11-01T07:00:00Z"),
                runs(Cron.of("0 0 * * * ?", "America/New_York"), "2026-11-01T04:30:00Z", "2026-11-01T07:30:00Z"));
    }

    @Test
    void aDailyRunInNewYorkRunsOnceOnTheDayOfTheAutumnChange() {
        assertEquals(instants("2026-11-01T07:30:00Z", "2026-11-02T07:30:00Z"),
                runs(Cron.of("0 30 2 * * ?", "America/New_York"), "2026-10-31T12:00:00Z", "2026-11-02T12:00:00Z"),
                "02:30 is after the repeated hour");
        assertEquals(instants("2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z"),
                runs(Cron.of("0 30 1 * * ?", "America/New_York"), "2026-10-31T12:00:00Z", "2026-11-02T12:00:00Z"),
                "01:30, in the repeated hour, in its first pass");
    }

    @Test
    void theSchedulerLosesNoRunWhenTheClocksGoBack() {
        Cron everyMinute = Cron.of("0 * * * * ?", "Europe/Berlin");
        DueRuns.Plan plan = plan(everyMinute, Instant.parse("2026-10-25T00:59:00Z"),
                Instant.parse("2026-10-25T01:00:00.300Z"), MissedRuns.SKIP);
        assertEquals(instants("2026-10-25T00:59:00Z", "2026-10-25T01:00:00Z"), plan.runs());
        assertEquals(Instant.parse("2026-10-25T01:01:00Z"), plan.next());
    }

    @Test
    void aDailyRunInTheHourTheSpringChangeSkipsRunsAnHourLater() {
        List<Instant> runs = runs(Cron.of("0 30 2 * * ?", "Europe/Berlin"), "2026-03-28T00:00:00Z", "2026-03-30T12:00:00Z");
        assertEquals(instants("2026-03-28T01:30:00Z", "2026-03-29T01:30:00Z", "2026-03-30T00:30:00Z"), runs,
                "02:30 CET, 03:30 CEST on the day of the change, 02:30 CEST");
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
