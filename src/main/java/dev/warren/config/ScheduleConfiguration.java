package dev.warren.config;

import dev.warren.broker.QueueAdmin;
import dev.warren.ops.WarrenMetrics;
import dev.warren.publishing.TaskPublishing;
import dev.warren.schedules.ScheduleStore;
import dev.warren.schedules.Schedules;
import dev.warren.store.Store;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Wires recurring schedules and their tick, on a thread of Camel's, on one instance at a time. */
final class ScheduleConfiguration {

    @PropertyInject("warren.schedules.tick-ms")
    private long tickMs;
    @PropertyInject("warren.schedules.late-ms")
    private long lateMs;
    @PropertyInject("warren.schedules.max-missed-runs")
    private int maxMissedRuns;

    Schedules schedules(Store store, TaskPublishing publishing, QueueAdmin queues, WarrenMetrics metrics) {
        return new Schedules(new ScheduleStore(store), publishing, queues, metrics, Duration.ofMillis(lateMs),
                maxMissedRuns);
    }

    /** Starts the tick; it stops with Camel's thread pools. */
    void start(CamelContext context, Schedules schedules, BooleanSupplier turn) {
        ScheduledExecutorService thread = Background.thread(context, "warren-schedules");
        thread.scheduleWithFixedDelay(() -> schedules.tick(turn), tickMs, tickMs, TimeUnit.MILLISECONDS);
    }
}
