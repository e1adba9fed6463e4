package dev.warren.delivery;

import dev.warren.ops.WarrenMetrics;
import dev.warren.workers.RateLimitSettings;
import dev.warren.workers.WorkerGroupConfig;
import dev.warren.workers.WorkerGroupView;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.IntUnaryOperator;

/**
 * The rate limit of each worker group with one, on this instance: its share of the group's limit, in proportion to the
 * consumers it runs of the group's count; made anew when the settings, the count or this instance's share change.
 */
public final class RateLimits {

    private final Function<String, WorkerGroupConfig> configs;
    private final IntUnaryOperator localShare;
    private final WarrenMetrics metrics;
    private final Map<String, RateLimit> limits = new ConcurrentHashMap<>();

    /**
     * @param localShare the consumers this instance runs of a group of the given count
     */
    public RateLimits(Function<String, WorkerGroupConfig> configs, IntUnaryOperator localShare, WarrenMetrics metrics) {
        this.configs = configs;
        this.localShare = localShare;
        this.metrics = metrics;
    }

    /** The limit of the queue's group here, or null when it has none (or this instance runs none of it). */
    public RateLimit limit(String queue) {
        WorkerGroupConfig config = configs.apply(queue);
        RateLimitSettings here = config == null || config.rateLimit() == null ? null
                : config.rateLimit().here(localShare.applyAsInt(config.count()), config.count());
        if (here == null) {
            forget(queue);
            return null;
        }
        RateLimit current = limits.get(queue);
        if (current != null && current.madeFor(here)) {
            return current;
        }
        return limits.compute(queue, (q, limit) -> {
            if (limit != null && limit.madeFor(here)) {
                return limit;
            }
            metrics.rateLimit(q, here.perSecond());
            return limit != null ? limit.remadeFor(q, here) : new RateLimit(q, here, waited -> metrics.rateLimitWaited(q, waited));
        });
    }

    /** Drops the queue's limit and its meters: the group is gone, has no limit, or runs no consumer here. */
    public void forget(String queue) {
        if (limits.remove(queue) != null) {
            metrics.rateLimitGone(queue);
        }
    }

    /** How the queue's group's limit stands here, or null when it has none. */
    public WorkerGroupView.RateLimitState state(String queue) {
        RateLimit limit = limit(queue);
        return limit == null ? null : limit.state();
    }
}
