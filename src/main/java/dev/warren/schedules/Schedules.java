package dev.warren.schedules;

import dev.warren.broker.QueueAdmin;
import dev.warren.common.ProblemException;
import dev.warren.ops.WarrenMetrics;
import dev.warren.publishing.TaskPublishing;
import dev.warren.tasks.BatchRequest;
import dev.warren.tasks.TaskRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Recurring schedules: defining, pausing, resuming and deleting them, and the tick that publishes their due runs
 * through {@link TaskPublishing}, as the API publishes, so that each run is a confirmed, tracked job.
 */
public final class Schedules {

    /** A schedule after a put, and whether it was new. */
    public record Put(Schedule schedule, boolean created) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(Schedules.class);
    private static final int DUE_PER_TICK = 100;

    private final ScheduleStore store;
    private final TaskPublishing publishing;
    private final QueueAdmin queues;
    private final WarrenMetrics metrics;
    private final Duration late;
    private final int maxMissed;

    /**
     * @param late      how late a run may be and still count as on time; older runs were missed
     * @param maxMissed how many missed runs the policy "all" makes at most
     */
    public Schedules(ScheduleStore store, TaskPublishing publishing, QueueAdmin queues, WarrenMetrics metrics,
                     Duration late, int maxMissed) {
        this.store = store;
        this.publishing = publishing;
        this.queues = queues;
        this.metrics = metrics;
        this.late = late;
        this.maxMissed = maxMissed;
    }

    /** Defines or redefines a schedule; its next run is the cron's first time from now. A 400 or 404 otherwise. */
    public Put put(String name, ScheduleRequest request) {
        var errors = request.errors(name);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        ScheduleRequest definition = keptPaused(name, request).withDefaults();
        if (!queues.exists(definition.queue())) {
            throw ProblemException.notFound("Queue " + definition.queue() + " does not exist; declare it with PUT "
                    + "/api/queues/" + definition.queue() + " first");
        }
        Instant now = Instant.now();
        boolean created = store.put(name, definition, nextRun(definition, now), now);
        return new Put(require(name), created);
    }

    public Optional<Schedule> find(String name) {
        return store.find(name);
    }

    /** The schedule, or a 404. */
    public Schedule require(String name) {
        return store.find(name).orElseThrow(() -> ProblemException.notFound("There is no schedule " + name));
    }

    public List<Schedule> all() {
        return store.all();
    }

    public void delete(String name) {
        if (!store.delete(name)) {
            throw ProblemException.notFound("There is no schedule " + name);
        }
    }

    /** Stops its runs until resumed. */
    public Schedule pause(String name) {
        return setPaused(require(name), true);
    }

    /** Runs it again from the cron's next time; runs that fell while it was paused are not made up. */
    public Schedule resume(String name) {
        return setPaused(require(name), false);
    }

    /**
     * Pauses the schedules that publish to a queue that was just deleted, with the reason as their last error, so
     * they neither fail every tick nor publish into a queue declared again later for something else; resuming one
     * is a deliberate act. Returns the names of the schedules paused.
     */
    public List<String> pauseFor(String queue) {
        List<String> paused = new ArrayList<>();
        for (Schedule schedule : store.onQueue(queue)) {
            if (!schedule.paused()) {
                setPaused(schedule, true);
                store.noteError(schedule.name(), "Paused: its queue " + queue + " was deleted; declare the queue "
                        + "again and resume the schedule to run it again");
                LOG.info("Schedule {} paused: its queue {} was deleted", schedule.name(), queue);
                paused.add(schedule.name());
            }
        }
        return paused;
    }

    /** Publishes one run now, apart from the cron (its next due run stays); a 404 or 503 when it cannot. */
    public Schedule runNow(String name) {
        Schedule schedule = require(name);
        Instant now = Instant.now();
        List<TaskRequest> tasks = new ArrayList<>();
        List<TaskRequest> template = schedule.definition().runTasks();
        for (int i = 0; i < template.size(); i++) {
            tasks.add(withId(template.get(i), RunIds.manual(name, now, i)));
        }
        try {
            TaskPublishing.Publication publication = publish(schedule.definition(), tasks);
            store.recordRuns(name, now, publication.ids(), null, 1);
            metrics.scheduleRun(name, true);
        } catch (RuntimeException e) {
            store.recordRuns(name, now, List.of(), errorOf(e), 0);
            metrics.scheduleRun(name, false);
            throw e;
        }
        return require(name);
    }

    /** Publishes every run due now, when it is this instance's turn; called every tick. */
    public void tick(BooleanSupplier ourTurn) {
        if (!ourTurn.getAsBoolean()) {
            return;
        }
        Instant now = Instant.now();
        for (Schedule schedule : store.due(now, DUE_PER_TICK)) {
            try {
                runDue(schedule, now);
            } catch (RuntimeException e) {
                LOG.warn("Schedule {}: its due runs could not be handled: {}", schedule.name(), e.getMessage());
            }
        }
    }

    /**
     * Publishes the schedule's due runs, then moves it on only if it is still where it was read. A run published but
     * not recorded (a crash, another instance) is published again with the same ids, which the job store drops. A run
     * that cannot be published stays due and is tried again each tick while it is on time; once it is late it is
     * given up (its error stays in the view) and the schedule moves on.
     */
    private void runDue(Schedule schedule, Instant now) {
        ScheduleRequest definition = schedule.definition();
        Cron cron = definition.schedule();
        DueRuns.Plan plan = DueRuns.plan(cron, schedule.nextRunAt(), now, definition.missedRunsPolicy(), late, maxMissed);
        List<String> lastIds = schedule.lastJobIds();
        Instant lastRun = schedule.lastRunAt();
        Instant next = plan.next();
        String error = null;
        int published = 0;
        for (Instant due : plan.runs()) {
            List<TaskRequest> template = definition.runTasks();
            List<TaskRequest> tasks = new ArrayList<>();
            for (int i = 0; i < template.size(); i++) {
                tasks.add(withId(template.get(i), RunIds.of(schedule.name(), due, i)));
            }
            try {
                TaskPublishing.Publication publication = publish(definition, tasks);
                lastIds = publication.ids();
                lastRun = due;
                error = null;
                // a run found published is another instance's to count (one that stops records its tick first);
                // only one killed between publishing and recording leaves it uncounted: one run less, never more
                published += publication.published() ? 1 : 0;
                metrics.scheduleRun(schedule.name(), true);
            } catch (RuntimeException e) {
                error = errorOf(e);
                metrics.scheduleRun(schedule.name(), false);
                boolean onTime = !due.isBefore(now.minus(late));
                // once per cause, not every tick while a queue stays missing or the broker down
                if (error.equals(schedule.lastError())) {
                    LOG.debug("Schedule {}: the run due at {} was not published either: {}", schedule.name(), due, error);
                } else {
                    LOG.warn("Schedule {}: the run due at {} was not published{}: {}", schedule.name(), due,
                            onTime ? " (tried again next tick)" : " and is given up", error);
                }
                if (onTime) {
                    next = due;
                    break;
                }
                lastRun = due;
                lastIds = List.of();
            }
        }
        if (!store.ran(schedule.name(), schedule.nextRunAt(), next, lastRun, lastIds, error, published)) {
            // paused, redefined or moved on meanwhile: what was published is recorded all the same
            LOG.debug("Schedule {} was changed or run elsewhere meanwhile", schedule.name());
            if (published > 0) {
                store.recordRuns(schedule.name(), lastRun, lastIds, error, published);
            }
        }
    }

    private TaskPublishing.Publication publish(ScheduleRequest definition, List<TaskRequest> tasks) {
        return definition.tasks() == null
                ? publishing.publish(definition.queue(), tasks.get(0))
                : publishing.publish(definition.queue(), new BatchRequest(tasks));
    }

    /** A redefinition that does not say "paused" keeps a paused schedule paused, as a PUT keeps a paused group paused. */
    private ScheduleRequest keptPaused(String name, ScheduleRequest request) {
        if (request.paused() != null || store.find(name).map(s -> !s.definition().isPaused()).orElse(true)) {
            return request;
        }
        return new ScheduleRequest(request.cron(), request.timeZone(), request.queue(), request.payload(), request.tasks(),
                true, request.missedRuns());
    }

    private Schedule setPaused(Schedule schedule, boolean paused) {
        ScheduleRequest d = schedule.definition();
        ScheduleRequest changed = new ScheduleRequest(d.cron(), d.timeZone(), d.queue(), d.payload(), d.tasks(), paused,
                d.missedRuns());
        if (d.isPaused() != paused) {
            store.put(schedule.name(), changed, nextRun(changed, Instant.now()), Instant.now());
        }
        return require(schedule.name());
    }

    private static Instant nextRun(ScheduleRequest definition, Instant now) {
        return definition.isPaused() ? null : definition.schedule().nextAfter(now);
    }

    private static TaskRequest withId(TaskRequest task, String id) {
        return new TaskRequest(task.payload(), id, task.delayMs(), task.headers());
    }

    private static String errorOf(RuntimeException e) {
        if (e instanceof ProblemException problem) {
            return problem.problem().detail();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
