package dev.warren.schedules;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.broker.Names;
import dev.warren.common.Problem.FieldError;
import dev.warren.common.ProblemException;
import dev.warren.tasks.BatchRequest;
import dev.warren.tasks.TaskMessages;
import dev.warren.tasks.TaskRequest;

import java.util.ArrayList;
import java.util.List;

/**
 * A schedule as a client puts it: a Quartz cron expression read in a time zone (UTC unless given), the queue, and
 * either one task's payload or a batch of tasks; paused, and the missed-run policy ("skip" unless given).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScheduleRequest(String cron, String timeZone, String queue, JsonNode payload, List<TaskRequest> tasks,
                              Boolean paused, String missedRuns) {

    public static final String DEFAULT_TIME_ZONE = "UTC";

    /** This request with its defaults filled in (call after {@link #errors} found none). */
    public ScheduleRequest withDefaults() {
        return new ScheduleRequest(cron.trim(), timeZone == null ? DEFAULT_TIME_ZONE : timeZone, queue, payload, tasks,
                paused != null && paused, missedRuns == null ? MissedRuns.SKIP.json() : missedRuns);
    }

    public boolean isPaused() {
        return paused != null && paused;
    }

    public MissedRuns missedRunsPolicy() {
        return missedRuns == null ? MissedRuns.SKIP : MissedRuns.of(missedRuns);
    }

    /** The cron in its zone (call after {@link #errors} found none). */
    public Cron schedule() {
        return Cron.of(cron, timeZone == null ? DEFAULT_TIME_ZONE : timeZone);
    }

    /** Every invalid field of the request for a schedule of this name, or none. */
    public List<FieldError> errors(String name) {
        List<FieldError> errors = new ArrayList<>();
        Names.violation(name).ifPresent(rule -> errors.add(new FieldError("name", "'" + name + "' " + rule)));
        if (queue == null || queue.isBlank()) {
            errors.add(new FieldError("queue", "is required"));
        } else {
            Names.violation(queue).ifPresent(rule -> errors.add(new FieldError("queue", "'" + queue + "' " + rule)));
        }
        boolean zoneValid = true;
        if (timeZone != null) {
            try {
                Cron.zone(timeZone);
            } catch (IllegalArgumentException e) {
                zoneValid = false;
                errors.add(new FieldError("timeZone", e.getMessage()));
            }
        }
        java.util.Optional<String> cronSyntax = cron == null || cron.isBlank() ? java.util.Optional.empty()
                : Cron.syntaxError(cron);
        if (cron == null || cron.isBlank()) {
            errors.add(new FieldError("cron", "is required, e.g. '0 */5 * * * ?' (Quartz syntax, seconds first)"));
        } else if (cronSyntax.isPresent()) {
            errors.add(new FieldError("cron", cronSyntax.get()));
        } else if (zoneValid) {
            try {
                Cron schedule = schedule();
                if (schedule.nextAfter(java.time.Instant.now()) == null) {
                    errors.add(new FieldError("cron", "never fires again"));
                }
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("cron", e.getMessage()));
            }
        }
        if (missedRuns != null && MissedRuns.of(missedRuns) == null) {
            errors.add(new FieldError("missedRuns", "must be 'skip' or 'all'"));
        }
        errors.addAll(taskErrors());
        return errors;
    }

    /** The tasks of one run, before they get their ids. */
    public List<TaskRequest> runTasks() {
        return tasks != null ? tasks : List.of(new TaskRequest(payload, null, null, null));
    }

    private List<FieldError> taskErrors() {
        if (payload == null && tasks == null) {
            return List.of(new FieldError("payload", "is required: give payload (one task a run) or tasks (a batch a run)"));
        }
        if (payload != null && tasks != null) {
            return List.of(new FieldError("tasks", "give either payload (one task a run) or tasks (a batch a run), not both"));
        }
        List<FieldError> errors = new ArrayList<>();
        if (tasks != null) {
            for (int i = 0; i < tasks.size(); i++) {
                if (tasks.get(i) != null && tasks.get(i).id() != null) {
                    errors.add(new FieldError("tasks[" + i + "].id", "is not allowed: each run's tasks get ids "
                            + "made from the schedule's name and the run's time"));
                }
            }
        }
        try {
            // the same rules as a publish through the API, checked now rather than at the first run
            if (tasks != null) {
                TaskMessages.batch("schedule", new BatchRequest(tasks));
            } else {
                TaskMessages.single("schedule", new TaskRequest(payload, null, null, null));
            }
        } catch (ProblemException e) {
            List<FieldError> found = e.problem().errors();
            errors.addAll(found == null ? List.of(new FieldError(tasks == null ? "payload" : "tasks",
                    e.problem().detail())) : found);
        }
        return errors;
    }
}
