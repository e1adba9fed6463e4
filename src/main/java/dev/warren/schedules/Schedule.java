package dev.warren.schedules;

import java.time.Instant;
import java.util.List;

/** A stored schedule: its definition and where it stands (next due run, the last run and its outcome). */
public record Schedule(String name, ScheduleRequest definition, Instant nextRunAt, Instant lastRunAt,
                       List<String> lastJobIds, String lastError, long runs, Instant createdAt, Instant updatedAt) {

    public boolean paused() {
        return definition.isPaused();
    }
}
