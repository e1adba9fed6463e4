package dev.warren.delivery;

import dev.warren.ops.WarrenMetrics;
import dev.warren.workers.WorkerGroupConfig;
import dev.warren.workers.WorkerGroupView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The target gate of each worker group with a circuit breaker or a slow-down, made anew when its settings or its target
 * URL change; what they tell is passed on to the other instances with the URL it is about, and what those tell of the
 * same URL is applied here.
 */
public final class TargetGates {

    private static final Logger LOG = LoggerFactory.getLogger(TargetGates.class);

    private final Function<String, WorkerGroupConfig> configs;
    private final WarrenMetrics metrics;
    private final Map<String, Made> gates = new ConcurrentHashMap<>();

    /** A gate and the target URL it stands for: a breaker opened by one URL must not hold back another. */
    private record Made(String url, TargetGate gate) {
    }
    private volatile Consumer<TargetNews> others = news -> { };

    public TargetGates(Function<String, WorkerGroupConfig> configs, WarrenMetrics metrics) {
        this.configs = configs;
        this.metrics = metrics;
    }

    /** The gate of the queue's group, or null when the group has neither a circuit breaker nor a slow-down. */
    public TargetGate gate(String queue) {
        Made made = made(queue);
        return made == null ? null : made.gate();
    }

    private Made made(String queue) {
        WorkerGroupConfig config = configs.apply(queue);
        if (config == null || (config.circuitBreaker() == null && config.slowDown() == null)) {
            forget(queue);
            return null;
        }
        String url = config.target() == null ? null : config.target().url();
        return gates.compute(queue, (q, made) -> made != null && Objects.equals(made.url(), url)
                && made.gate().madeWith(config.circuitBreaker(), config.slowDown())
                ? made : new Made(url, newGate(q, config, TargetNews.targetOf(url))));
    }

    /** A gate whose news names its own URL: calls still out to an old URL tell of that one, not of the group's new. */
    private TargetGate newGate(String queue, WorkerGroupConfig config, String target) {
        return new TargetGate(queue, config.circuitBreaker(), config.slowDown(),
                state -> metrics.circuitState(queue, state), news -> others.accept(new TargetNews(target, news)));
    }

    /** Drops the queue's gate and its metric: the group is gone, or has neither a circuit breaker nor a slow-down. */
    public void forget(String queue) {
        if (gates.remove(queue) != null) {
            metrics.circuitGone(queue);
        }
    }

    /** Who is told each gate's pauses, openings and closings (it must not block: gates tell under their lock). */
    public void tellOthers(Consumer<TargetNews> others) {
        this.others = others;
    }

    /**
     * Applies what another instance told of its gate for the same group and target URL; nothing when the group has no
     * gate here, or when the news is about another URL (the group's old one, from calls that were still out there).
     */
    public void apply(TargetNews told, String from) {
        String queue = told.news().queue();
        Made made = made(queue);
        if (made == null) {
            return;
        }
        if (!told.isAbout(made.url())) {
            LOG.info("Worker group {}: instance {} told of its target gate for another target URL ({}): not applied"
                    + " here", queue, from, told.news().getClass().getSimpleName());
            return;
        }
        made.gate().apply(told.news(), from, System.currentTimeMillis());
    }

    /** How the queue's group's gate stands, or null when it has none. */
    public WorkerGroupView.TargetState state(String queue) {
        TargetGate gate = gate(queue);
        return gate == null ? null : gate.state(System.currentTimeMillis());
    }
}
