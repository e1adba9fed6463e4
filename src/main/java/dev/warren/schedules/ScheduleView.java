package dev.warren.schedules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.tasks.TaskRequest;

import java.time.Instant;
import java.util.List;

/** A schedule as the API shows it: its definition, its state (active or paused), the next run and the last one. */
public record ScheduleView(String name, String cron, String timeZone, String queue, JsonNode payload,
                           List<TaskRequest> tasks, String missedRuns, String state, Instant nextRunAt,
                           Instant lastRunAt, List<String> lastJobIds, String lastError, long runs,
                           Instant createdAt, Instant updatedAt) {

    public static ScheduleView of(Schedule schedule) {
        ScheduleRequest d = schedule.definition();
        return new ScheduleView(schedule.name(), d.cron(), d.timeZone(), d.queue(), d.payload(), d.tasks(),
                d.missedRuns(), d.isPaused() ? "paused" : "active", schedule.nextRunAt(), schedule.lastRunAt(),
                schedule.lastJobIds(), schedule.lastError(), schedule.runs(), schedule.createdAt(), schedule.updatedAt());
    }
}
