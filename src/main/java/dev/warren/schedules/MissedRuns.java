package dev.warren.schedules;

import java.util.Locale;

/** What a schedule does with runs whose time passed while no warren was running (or too long ago to count as on time). */
public enum MissedRuns {
    /** One run for all of them, now; then the cron again. */
    SKIP,
    /** Each of them, the earliest first, up to warren.schedules.max-missed-runs; then the cron again. */
    ALL;

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return null when the text names no policy */
    public static MissedRuns of(String text) {
        for (MissedRuns policy : values()) {
            if (policy.json().equals(text)) {
                return policy;
            }
        }
        return null;
    }
}
