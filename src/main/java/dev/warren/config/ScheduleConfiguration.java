package dev.warren.config;

import dev.warren.broker.QueueAdmin;
import dev.warren.ops.WarrenMetrics;
import dev.warren.publishing.TaskPublishing;
import dev.warren.schedules.ScheduleStore;
import dev.warren.schedules.Schedules;
import dev.warren.store.Store;
import org.apache.camel.CamelContext;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Wires recurring schedules and their tick, on a thread of Camel's, on one instance at a time. */
final class ScheduleConfiguration {

    private static final long TICK_END_WAIT_MS = 10_000;

    private final long tickMs;
    private final long lateMs;
    private final int maxMissedRuns;

    ScheduleConfiguration(Settings settings) {
        tickMs = settings.number("warren.schedules.tick-ms", 1);
        lateMs = settings.number("warren.schedules.late-ms", 0);
        maxMissedRuns = settings.integer("warren.schedules.max-missed-runs", 0);
    }

    Schedules schedules(Store store, TaskPublishing publishing, QueueAdmin queues, WarrenMetrics metrics) {
        return new Schedules(new ScheduleStore(store), publishing, queues, metrics, Duration.ofMillis(lateMs),
                maxMissedRuns);
    }

    /**
     * Starts the tick. When Camel stops, the tick under way ends (within 10 s) before this
     * instance's turn is released and the store closes, both wired earlier and so stopped later: a run it published is
     * then also counted. Released first, the next instance could find that run due, its job confirmed, and count it
     * as published by someone else; closed first, the store could refuse the count.
     */
    void start(CamelContext context, Runnable tick) {
        ScheduledExecutorService thread = Background.thread(context, "warren-schedules");
        try {
            Background.stopWithCamel(context, "warren-schedules", () -> {
                // one bounded wait (Camel's shutdownGraceful waits twice), after the routes' own shutdown timeout:
                // the stop stays within the grace period a deployment gives (docs/deployment.md)
                thread.shutdown();
                if (!thread.awaitTermination(TICK_END_WAIT_MS, TimeUnit.MILLISECONDS)) {
                    thread.shutdownNow();
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException("warren could not start its schedules: " + e.getMessage(), e);
        }
        thread.scheduleWithFixedDelay(tick, tickMs, tickMs, TimeUnit.MILLISECONDS);
    }
}
