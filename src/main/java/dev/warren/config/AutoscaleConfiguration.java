package dev.warren.config;

import dev.warren.autoscale.Autoscaler;
import dev.warren.broker.ManagementClient;
import dev.warren.broker.QueueAdmin;
import dev.warren.ops.ShutdownGate;
import dev.warren.ops.WarrenMetrics;
import dev.warren.workers.WorkerGroups;
import org.apache.camel.CamelContext;

import java.time.Clock;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Wires the autoscaler of worker groups and its tick, on a thread of Camel's, on one instance at a time. */
final class AutoscaleConfiguration {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AutoscaleConfiguration.class);

    private final long intervalMs;
    private final long cooldownMs;
    private final long ratesRefreshMs;

    AutoscaleConfiguration(Settings settings) {
        intervalMs = settings.number("warren.autoscale.interval-ms", 1);
        cooldownMs = settings.number("warren.autoscale.cooldown-ms", 0);
        ratesRefreshMs = settings.number("warren.autoscale.rates-refresh-ms", 0);
    }

    Autoscaler autoscaler(WorkerGroups groups, QueueAdmin queues, ManagementClient management, WarrenMetrics metrics) {
        return new Autoscaler(groups, queue -> queues.live(queue)
                .map(info -> OptionalLong.of(info.getMessageCount())).orElse(OptionalLong.empty()),
                management::queueActivity, Duration.ofMillis(ratesRefreshMs), metrics, Duration.ofMillis(cooldownMs),
                Clock.systemUTC());
    }

    /** Starts the tick once the groups are restored; it stops with Camel's thread pools, and from the moment Camel stops. */
    void start(CamelContext context, Autoscaler autoscaler, BooleanSupplier turn, ShutdownGate gate) {
        Background.thread(context, "warren-autoscale").scheduleWithFixedDelay(() -> {
            try {
                autoscaler.tick(() -> !gate.isClosed() && turn.getAsBoolean());
            } catch (RuntimeException e) {
                // an exception would end the schedule for good
                LOG.warn("Autoscaling tick failed: {}", e.toString());
            }
        }, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }
}
