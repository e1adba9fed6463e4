package dev.warren.schedules;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Which runs of a schedule are due now and when it is due next. Runs up to `late` old are on time and each one runs
 * (a slow tick loses none); older ones were missed and follow the schedule's {@link MissedRuns} policy.
 */
public final class DueRuns {

    /** The due times to run now, oldest first, and the next due time (null: it never fires again). */
    public record Plan(List<Instant> runs, Instant next) {
    }

    private DueRuns() {
    }

    /**
     * @param due       the stored next due time; null when paused or when it never fires again
     * @param maxMissed how many missed runs the policy ALL makes at most
     */
    public static Plan plan(Cron cron, Instant due, Instant now, MissedRuns policy, Duration late, int maxMissed) {
        if (due == null || due.isAfter(now)) {
            return new Plan(List.of(), due);
        }
        List<Instant> runs = new ArrayList<>();
        Instant cutoff = now.minus(late);
        Instant time = due;
        if (time.isBefore(cutoff)) {
            if (policy == MissedRuns.SKIP) {
                runs.add(time);
            } else {
                for (int i = 0; i < maxMissed && time != null && time.isBefore(cutoff); i++) {
                    runs.add(time);
                    time = cron.nextAfter(time);
                }
            }
            // whatever else was missed is left out: the on-time runs start at the cutoff
            time = cron.nextAfter(cutoff.minusMillis(1));
        }
        while (time != null && !time.isAfter(now)) {
            runs.add(time);
            time = cron.nextAfter(time);
        }
        return new Plan(List.copyOf(runs), time);
    }
}
