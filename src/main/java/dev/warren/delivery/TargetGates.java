package dev.warren.delivery;

import dev.warren.ops.WarrenMetrics;
import dev.warren.workers.WorkerGroupConfig;
import dev.warren.workers.WorkerGroupView;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The target gate of each worker group with a circuit breaker or a slow-down, made anew when its settings or its target
 * URL change; what they tell is passed on to the other instances, and what those tell is applied here.
 */
public final class TargetGates {

    private final Function<String, WorkerGroupConfig> configs;
    private final WarrenMetrics metrics;
    private final Map<String, Made> gates = new ConcurrentHashMap<>();

    /** A gate and the target URL it stands for: a breaker opened by one URL must not hold back another. */
    private record Made(String url, TargetGate gate) {
    }
    private volatile Consumer<GateNews> others = news -> { };

    public TargetGates(Function<String, WorkerGroupConfig> configs, WarrenMetrics metrics) {
        this.configs = configs;
        this.metrics = metrics;
    }

    /** The gate of the queue's group, or null when the group has neither a circuit breaker nor a slow-down. */
    public TargetGate gate(String queue) {
        WorkerGroupConfig config = configs.apply(queue);
        if (config == null || (config.circuitBreaker() == null && config.slowDown() == null)) {
            forget(queue);
            return null;
        }
        String url = config.target() == null ? null : config.target().url();
        return gates.compute(queue, (q, made) -> made != null && java.util.Objects.equals(made.url(), url)
                && made.gate().madeWith(config.circuitBreaker(), config.slowDown())
                ? made : new Made(url, new TargetGate(q, config.circuitBreaker(), config.slowDown(),
                        state -> metrics.circuitState(q, state), news -> others.accept(news)))).gate();
    }

    /** Drops the queue's gate and its metric: the group is gone, or has neither a circuit breaker nor a slow-down. */
    public void forget(String queue) {
        if (gates.remove(queue) != null) {
            metrics.circuitGone(queue);
        }
    }

    /** Who is told each gate's pauses, openings and closings (it must not block: gates tell under their lock). */
    public void tellOthers(Consumer<GateNews> others) {
        this.others = others;
    }

    /** Applies what another instance told of its gate for the same group; nothing when the group has no gate here. */
    public void apply(GateNews news, String from) {
        TargetGate gate = gate(news.queue());
        if (gate != null) {
            gate.apply(news, from, System.currentTimeMillis());
        }
    }

    /** How the queue's group's gate stands, or null when it has none. */
    public WorkerGroupView.TargetState state(String queue) {
        TargetGate gate = gate(queue);
        return gate == null ? null : gate.state(System.currentTimeMillis());
    }
}
