package dev.warren.autoscale;

import dev.warren.autoscale.AutoscaleDecider.Limits;
import dev.warren.autoscale.AutoscaleDecider.Observation;
import dev.warren.autoscale.AutoscaleDecider.Verdict;
import dev.warren.ops.WarrenMetrics;
import dev.warren.workers.AutoscaleSettings;
import dev.warren.workers.ScaleDecision;
import dev.warren.workers.WorkerGroupConfig;
import dev.warren.workers.WorkerGroups;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Each tick, on the one instance whose turn it is, looks at every running autoscaled group's queue (its ready messages
 * by a passive declare; unacknowledged messages and rates from the management API when it answers) and changes the
 * group's count as the {@link AutoscaleDecider} says, the way a scale through the API does.
 */
public final class Autoscaler {

    private static final Logger LOG = LoggerFactory.getLogger(Autoscaler.class);

    private final WorkerGroups groups;
    private final Function<String, OptionalLong> readyMessages;
    private final QueueActivity activity;
    private final WarrenMetrics metrics;
    private final Duration defaultCooldown;
    private final Clock clock;
    private final Map<String, Instant> lowSince = new ConcurrentHashMap<>();
    private final Set<String> failing = ConcurrentHashMap.newKeySet();

    /**
     * @param readyMessages a queue's ready messages as the broker counts them now; empty when it has no such queue
     * @param queueActivity every queue's unacknowledged messages and rates (ManagementClient.queueActivity)
     * @param activityRefresh how often those are read at most
     */
    public Autoscaler(WorkerGroups groups, Function<String, OptionalLong> readyMessages,
                      java.util.function.Supplier<com.fasterxml.jackson.databind.JsonNode> queueActivity,
                      Duration activityRefresh, WarrenMetrics metrics, Duration defaultCooldown, Clock clock) {
        this.groups = groups;
        this.readyMessages = readyMessages;
        this.activity = new QueueActivity(queueActivity, activityRefresh, Duration.ofMinutes(1));
        this.metrics = metrics;
        this.defaultCooldown = defaultCooldown;
        this.clock = clock;
    }

    /** One look at every autoscaled group, if it is this instance's turn. */
    public void tick(BooleanSupplier ourTurn) {
        if (!ourTurn.getAsBoolean()) {
            // another instance decides: a low backlog is timed afresh if the turn comes back
            lowSince.clear();
            return;
        }
        Set<String> autoscaled = new HashSet<>();
        for (WorkerGroupConfig config : groups.configs()) {
            if (config.autoscale() == null || config.state() != WorkerGroupConfig.State.RUNNING) {
                continue;
            }
            autoscaled.add(config.queue());
            try {
                scale(config);
                if (failing.remove(config.queue())) {
                    LOG.info("Worker group {} is autoscaled again", config.queue());
                }
            } catch (RuntimeException e) {
                if (failing.add(config.queue())) {
                    LOG.warn("Worker group {} cannot be autoscaled now, its count stays {}: {}", config.queue(),
                            config.count(), e.getMessage());
                }
            }
        }
        lowSince.keySet().retainAll(autoscaled);
        failing.retainAll(autoscaled);
    }

    private void scale(WorkerGroupConfig config) {
        String queue = config.queue();
        OptionalLong ready = readyMessages.apply(queue);
        if (ready.isEmpty()) {
            throw new IllegalStateException("its queue does not exist");
        }
        Instant now = clock.instant();
        long inFlightHere = groups.stats(queue).inFlight.get();
        Observation seen = activity.of(queue, now)
                .map(a -> new Observation(ready.getAsLong(), Math.max(a.unacked(), inFlightHere), a.publishRate(),
                        a.deliverRate()))
                .orElse(new Observation(ready.getAsLong(), inFlightHere, null, null));
        AutoscaleSettings settings = config.autoscale();
        Limits limits = new Limits(settings.min(), settings.max(), settings.targetBacklogPerConsumer(),
                settings.cooldownMs() != null ? Duration.ofMillis(settings.cooldownMs()) : defaultCooldown);
        Verdict verdict = AutoscaleDecider.decide(config.count(), limits, seen, lowSince.get(queue), now);
        if (verdict.lowSince() == null) {
            lowSince.remove(queue);
        } else {
            lowSince.put(queue, verdict.lowSince());
        }
        if (!verdict.changes(config.count())) {
            return;
        }
        ScaleDecision decision = new ScaleDecision(now, config.count(), verdict.count(), verdict.reason());
        if (groups.applyScaling(queue, decision)) {
            metrics.autoscaled(queue, decision.from(), decision.to());
            LOG.info("Worker group {} autoscaled from {} to {} consumer(s): {}", queue, decision.from(), decision.to(),
                    decision.reason());
        }
    }
}
