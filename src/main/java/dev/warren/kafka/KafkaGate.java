package dev.warren.kafka;

import dev.warren.delivery.RateLimit;
import dev.warren.delivery.RateLimits;
import dev.warren.delivery.TargetGate;
import dev.warren.delivery.TargetGates;
import dev.warren.workers.WorkerGroupConfig;
import dev.warren.workers.WorkerGroupView;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * What a record of a Kafka worker group waits for before each attempt, the queue groups' rate limits and target gates
 * (circuit breaker, slow-down) under the name "kafka:{topic}": a permit, then the gate's admission, waited for in
 * place (the partition waits, so its order is kept, and no attempt is used); after the attempt, the gate is told how
 * it ended. A record waits at most {@link #MOST_WAITED_MS} in all (Kafka's poll interval allows for it), then it is
 * not settled and comes again.
 */
public final class KafkaGate {

    /** The longest a record waits in place for permits and admissions, over all its attempts. */
    static final long MOST_WAITED_MS = 120_000;
    /** How long a record waits before it asks again when no permit is due within the rate limit's hold. */
    static final long NO_PERMIT_WAIT_MS = 1_000;

    /**
     * An attempt the group's gate admitted (gate null without one) and the rate limit whose permit it took (null
     * without one), told how it ended (or released) once; {@link #NONE} without either.
     */
    public record Pass(TargetGate gate, TargetGate.Go go, AtomicBoolean done, RateLimit permit) {

        public static final Pass NONE = new Pass(null, null, new AtomicBoolean(true), null);
    }

    /** One record's waits in place so far: sleeps through the given wait (throwing when its group stops). */
    public static final class Waits {

        private final String id;
        private final LongConsumer sleep;
        private long waitedMs;

        public Waits(String id, LongConsumer sleep) {
            this.id = id;
            this.sleep = sleep;
        }

        /** Waits the delay, or what is left of the record's allowance; throws when nothing is left. */
        void waitFor(long delayMs, String reason) {
            long slice = slice(waitedMs, delayMs);
            if (slice <= 0) {
                throw notSettled("it waited " + waitedMs + " ms in place (" + reason + "); it comes again");
            }
            sleep.accept(slice);
            waitedMs += slice;
        }

        void waited(long ms) {
            waitedMs += Math.max(0, ms);
        }

        IllegalStateException notSettled(String why) {
            return new IllegalStateException("Kafka record " + id + " not settled: " + why);
        }
    }

    private final TargetGates gates;
    private final RateLimits limits;
    private final Function<String, WorkerGroupConfig> configs;
    private final LongSupplier clock;

    public KafkaGate(TargetGates gates, RateLimits limits, Function<String, WorkerGroupConfig> configs) {
        this(gates, limits, configs, System::currentTimeMillis);
    }

    KafkaGate(TargetGates gates, RateLimits limits, Function<String, WorkerGroupConfig> configs, LongSupplier clock) {
        this.gates = gates;
        this.limits = limits;
        this.configs = configs;
        this.clock = clock;
    }

    /** How long a record waits now: the delay, at most what is left of its allowance (0: nothing left). */
    static long slice(long waitedMs, long delayMs) {
        return Math.max(0, Math.min(Math.max(1, delayMs), MOST_WAITED_MS - waitedMs));
    }

    /** True when the queue's group has a rate limit or a target gate: a record may wait before its claim. */
    public boolean waitsToStart(String queue) {
        return limits.limit(queue) != null || gates.gate(queue) != null;
    }

    /**
     * Waits in place for the queue's group's rate limit permit, then for its target gate's admission, as many times as
     * it takes (each turned-away admission takes a new permit after its wait, as a task back from a wait queue does).
     * The attempt calls url: when the group's target URL is another by now, its gate is the new URL's, so nothing is
     * admitted and the record is not settled (its consumer restarts for the new URL, and the record comes again there).
     */
    public Pass pass(String queue, String url, Waits waits, BooleanSupplier stopping) {
        while (true) {
            RateLimit limit = limits.limit(queue);
            if (limit != null) {
                long start = clock.getAsLong();
                boolean permitted = limit.acquire(stopping);
                waits.waited(clock.getAsLong() - start);
                if (!permitted) {
                    waits.waitFor(NO_PERMIT_WAIT_MS, "the group's rate limit is reached");
                    continue;
                }
            }
            TargetGate gate = gates.gate(queue);
            Pass pass;
            if (gate == null) {
                pass = limit == null ? Pass.NONE : new Pass(null, null, new AtomicBoolean(), limit);
            } else {
                TargetGate.Admission admission = gate.admit(clock.getAsLong());
                if (admission instanceof TargetGate.Wait wait) {
                    waits.waitFor(wait.delayMs(), wait.reason());
                    continue;
                }
                pass = new Pass(gate, (TargetGate.Go) admission, new AtomicBoolean(), limit);
            }
            // read after the gate: a group changed before the gate was made is seen here; without a gate, a consumer
            // not stopped yet would still call the old URL and spend the record's attempts there
            if (!Objects.equals(url, targetUrl(queue))) {
                release(pass);
                throw waits.notSettled("its worker group's target URL changed; it comes again");
            }
            return pass;
        }
    }

    private String targetUrl(String queue) {
        WorkerGroupConfig config = configs.apply(queue);
        return config == null || config.target() == null ? null : config.target().url();
    }

    /**
     * Tells the gate how the admitted attempt ended. Returns the wait when it was a failed breaker probe (the attempt
     * then does not count), else null.
     */
    public Long settle(Pass pass, String queue, Integer status, String error, boolean refused, Long retryAfterMs) {
        if (!pass.done().compareAndSet(false, true) || pass.gate() == null) {
            return null;
        }
        WorkerGroupConfig config = configs.apply(queue);
        int consumers = config == null ? 1 : Math.max(1, config.desiredConsumers());
        return pass.gate().settle(pass.go(), status, error, refused, retryAfterMs, clock.getAsLong(), consumers);
    }

    /**
     * An admitted attempt that was not made after all (the job was dropped, or its claim failed): the gate's admission
     * goes back, and the permit to the next record or task that asks.
     */
    public void release(Pass pass) {
        if (pass.done().compareAndSet(false, true)) {
            if (pass.gate() != null) {
                pass.gate().release(pass.go());
            }
            if (pass.permit() != null) {
                pass.permit().handBack();
            }
        }
    }

    /** How the group's target gate stands on this instance, or null without one. */
    public WorkerGroupView.TargetState targetState(String queue) {
        return gates.state(queue);
    }

    /** How the group's rate limit stands on this instance, or null without one. */
    public WorkerGroupView.RateLimitState rateLimitState(String queue) {
        return limits.state(queue);
    }
}
