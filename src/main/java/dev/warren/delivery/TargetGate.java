package dev.warren.delivery;

import dev.warren.workers.CircuitBreakerSettings;
import dev.warren.workers.SlowDownSettings;
import dev.warren.workers.WorkerGroupView;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * What every consumer of one worker group asks before calling the group's target, on this instance: the circuit
 * breaker (resilience4j) and the slow-down on 429/503 (a pause and an AIMD concurrency limit). A task it turns away
 * waits on the broker without using an attempt. Its pauses and breaker openings and closings are told to the other
 * instances, and theirs applied here ({@link #apply}).
 */
public final class TargetGate {

    /** Whether a task may be delivered now. */
    public sealed interface Admission {
    }

    /** Go ahead; probe when this call is the half-open breaker's one trial. */
    public record Go(boolean probe, long startedNanos) implements Admission {
    }

    /** Not now: the task waits on the broker this long, for this reason. */
    public record Wait(long delayMs, String reason) implements Admission {
    }

    /** How long a task waits while the concurrency limit is reached, or while the half-open breaker's probe is out. */
    static final long BUSY_WAIT_MS = 250;
    static final long PROBE_WAIT_MS = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(TargetGate.class);

    private final String queue;
    private final CircuitBreakerSettings breakerSettings;
    private final SlowDownSettings slowDownSettings;
    private final CircuitBreaker breaker;
    private final Aimd aimd;
    private final IntConsumer circuitState;
    private final Consumer<GateNews> tell;
    private int inFlight;
    private int failureRun;
    private int openings;
    private long pausedUntilMs;
    private Instant openedAt;
    private Instant openUntil;
    private String lastError;
    /** The other instance whose news set the open breaker or the pause shown; null when this instance's own. */
    private String openedBy;
    private String pausedBy;
    /** While applying another instance's news: its transitions are not told back. */
    private boolean applying;

    /**
     * @param circuitState told the breaker's state on each transition (0 closed, 1 open, 2 half-open), for the metric
     */
    public TargetGate(String queue, CircuitBreakerSettings breakerSettings, SlowDownSettings slowDownSettings,
                      IntConsumer circuitState) {
        this(queue, breakerSettings, slowDownSettings, circuitState, news -> { });
    }

    /**
     * @param circuitState told the breaker's state on each transition (0 closed, 1 open, 2 half-open), for the metric
     * @param tell         told this gate's own pauses, openings and closings (under the gate's lock: it must not block)
     */
    public TargetGate(String queue, CircuitBreakerSettings breakerSettings, SlowDownSettings slowDownSettings,
                      IntConsumer circuitState, Consumer<GateNews> tell) {
        this.queue = queue;
        this.tell = tell;
        this.breakerSettings = breakerSettings;
        this.slowDownSettings = slowDownSettings;
        this.circuitState = circuitState;
        this.aimd = slowDownSettings == null ? null : new Aimd(slowDownSettings.increaseEveryMs());
        this.breaker = breakerSettings == null ? null : breaker(queue, breakerSettings);
        if (breaker != null) {
            breaker.getEventPublisher().onStateTransition(event -> transitioned(event.getStateTransition()));
            circuitState.accept(0);
        }
    }

    private static CircuitBreaker breaker(String queue, CircuitBreakerSettings settings) {
        int window = settings.window();
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(window)
                .minimumNumberOfCalls(Math.min(window, settings.failureThreshold()))
                .failureRateThreshold((float) (settings.failureRatio() * 100))
                .permittedNumberOfCallsInHalfOpenState(1)
                // admit() goes half-open at openUntil itself; this only keeps resilience4j's own wait alike
                .waitIntervalFunctionInOpenState(settings::coolOffAfter)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .build();
        return CircuitBreaker.of("worker-" + queue, config);
    }

    /** The settings this gate was made with, to tell whether a changed group needs a new one. */
    public boolean madeWith(CircuitBreakerSettings breakerSettings, SlowDownSettings slowDownSettings) {
        return Objects.equals(this.breakerSettings, breakerSettings) && Objects.equals(this.slowDownSettings, slowDownSettings);
    }

    /** Whether a task may go to the target now, with the group running this many consumers. */
    public synchronized Admission admit(long nowMs) {
        if (pausedUntilMs > nowMs) {
            return new Wait(pausedUntilMs - nowMs, "the target asked to slow down");
        }
        if (aimd != null && !aimd.admits(inFlight)) {
            return new Wait(BUSY_WAIT_MS, "concurrency towards the target is limited to " + aimd.allowed());
        }
        boolean probe = false;
        if (breaker != null) {
            // openUntil is the truth (another instance's opening may set it), not resilience4j's own wait
            if (breaker.getState() == CircuitBreaker.State.OPEN && openUntil != null) {
                if (nowMs < openUntil.toEpochMilli()) {
                    return new Wait(Math.max(openUntil.toEpochMilli() - nowMs, BUSY_WAIT_MS),
                            "the circuit breaker of the target is open");
                }
                breaker.transitionToHalfOpenState();
            }
            if (!breaker.tryAcquirePermission()) {
                return new Wait(PROBE_WAIT_MS, "the circuit breaker of the target is " + state(breaker.getState()));
            }
            probe = breaker.getState() == CircuitBreaker.State.HALF_OPEN;
        }
        inFlight++;
        return new Go(probe, System.nanoTime());
    }

    /**
     * Counts how an admitted call ended. Returns how long the task waits when it was a failed probe (the breaker
     * opened again, and the task is retried after the new cool-off without using an attempt); null otherwise.
     */
    public synchronized Long settle(Go go, Integer httpStatus, String error, boolean refused, Long retryAfterMs,
                                       long nowMs, int consumers) {
        inFlight = Math.max(0, inFlight - 1);
        if (aimd != null && httpStatus != null && (httpStatus == 429 || httpStatus == 503)) {
            aimd.decrease(consumers, nowMs);
            Long pause = retryAfterMs != null ? retryAfterMs : httpStatus == 429 ? slowDownSettings.pauseMs() : null;
            if (pause != null && pause > 0 && nowMs + pause > pausedUntilMs) {
                pausedUntilMs = nowMs + pause;
                pausedBy = null;
                tell.accept(new GateNews.Paused(queue, pausedUntilMs));
                LOG.warn("Worker group {}: the target answered HTTP {}: deliveries to it paused for {} ms, concurrency"
                        + " limited to {}", queue, httpStatus, pause, aimd.allowed());
            } else {
                LOG.info("Worker group {}: the target answered HTTP {}: concurrency limited to {}", queue, httpStatus,
                        aimd.allowed());
            }
        } else if (aimd != null && httpStatus != null && httpStatus < 400) {
            aimd.succeeded(consumers, nowMs);
        }
        if (breaker == null) {
            return null;
        }
        long nanos = System.nanoTime() - go.startedNanos();
        switch (BreakerVerdict.of(httpStatus, error, refused, aimd != null)) {
            case FAILURE -> {
                lastError = httpStatus != null ? "HTTP " + httpStatus : error;
                failureRun++;
                breaker.onError(nanos, TimeUnit.NANOSECONDS, new TargetFailure(lastError));
                if (failureRun >= breakerSettings.failureThreshold() && breaker.getState() == CircuitBreaker.State.CLOSED) {
                    breaker.transitionToOpenState();
                }
                return go.probe() && openUntil != null ? Math.max(openUntil.toEpochMilli() - nowMs, BUSY_WAIT_MS) : null;
            }
            case SUCCESS -> {
                failureRun = 0;
                breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
            }
            case NEUTRAL -> breaker.releasePermission();
        }
        return null;
    }

    /**
     * Applies what another instance's gate for this group told: its pause, or its breaker's opening, hold here too
     * until the same time (a later one here stays); its breaker's closing closes this one. Nothing is told back.
     */
    public synchronized void apply(GateNews news, String from, long nowMs) {
        applying = true;
        try {
            if (news instanceof GateNews.Paused paused) {
                pausedAsOn(paused, from, nowMs);
            } else if (news instanceof GateNews.Opened opened) {
                openedAsOn(opened, from, nowMs);
            } else if (breaker != null && breaker.getState() != CircuitBreaker.State.CLOSED) {
                LOG.info("Worker group {}: instance {} found the target answering again", queue, from);
                breaker.transitionToClosedState();
            }
        } finally {
            applying = false;
        }
    }

    private void pausedAsOn(GateNews.Paused paused, String from, long nowMs) {
        if (paused.untilMs() > pausedUntilMs && paused.untilMs() > nowMs) {
            pausedUntilMs = paused.untilMs();
            pausedBy = from;
            LOG.info("Worker group {}: instance {} was asked to slow down: deliveries to the target paused for {} ms"
                    + " here too", queue, from, paused.untilMs() - nowMs);
        }
    }

    private void openedAsOn(GateNews.Opened opened, String from, long nowMs) {
        if (breaker == null || opened.untilMs() <= nowMs) {
            return;
        }
        boolean wasOpen = breaker.getState() == CircuitBreaker.State.OPEN;
        if (wasOpen && openUntil != null && openUntil.toEpochMilli() >= opened.untilMs()) {
            return;
        }
        openings = opened.openings();
        lastError = opened.error();
        openedBy = from;
        openedAt = Instant.ofEpochMilli(nowMs);
        openUntil = Instant.ofEpochMilli(opened.untilMs());
        breaker.transitionToOpenStateUntil(openUntil);
        if (!wasOpen) {
            circuitState.accept(1);
        }
        LOG.warn("Worker group {}: circuit breaker open, as on instance {} after {}: no deliveries to the target for {}"
                + " ms", queue, from, lastError, opened.untilMs() - nowMs);
    }

    /** An admitted call that made no attempt after all (the task was dropped, or the route failed before it). */
    public synchronized void release(Go go) {
        inFlight = Math.max(0, inFlight - 1);
        if (breaker != null) {
            breaker.releasePermission();
        }
    }

    /** How the gate stands, for the group view. */
    public synchronized WorkerGroupView.TargetState state(long nowMs) {
        String circuit = breaker == null ? null : state(breaker.getState());
        Instant until = breaker != null && breaker.getState() == CircuitBreaker.State.OPEN ? openUntil : null;
        Instant paused = pausedUntilMs > nowMs ? Instant.ofEpochMilli(pausedUntilMs) : null;
        String from = until != null ? openedBy : paused != null ? pausedBy : null;
        // openedAt and lastError tell of the opening under way: a closed breaker shows none, not its past one's
        boolean opening = breaker != null && breaker.getState() != CircuitBreaker.State.CLOSED;
        return new WorkerGroupView.TargetState(circuit, opening ? openedAt : null, until, opening ? lastError : null, paused,
                aimd == null ? null : aimd.allowed(), from == null ? null : "instance " + from);
    }

    /**
     * Called by resilience4j on each transition, on the thread that caused it (which holds this gate's lock). An opening
     * that another instance told was set up by {@link #apply}.
     */
    private void transitioned(CircuitBreaker.StateTransition transition) {
        CircuitBreaker.State to = transition.getToState();
        if (to == CircuitBreaker.State.OPEN && !applying) {
            openings = transition.getFromState() == CircuitBreaker.State.HALF_OPEN ? openings + 1 : 1;
            long coolOff = breakerSettings.coolOffAfter(openings);
            openedAt = Instant.now();
            openUntil = openedAt.plusMillis(coolOff);
            openedBy = null;
            LOG.warn("Worker group {}: circuit breaker {} -> open after {}: no deliveries to the target for {} ms", queue,
                    state(transition.getFromState()), lastError, coolOff);
            circuitState.accept(1);
            tell.accept(new GateNews.Opened(queue, openUntil.toEpochMilli(), openings, summary(lastError)));
        } else if (to == CircuitBreaker.State.HALF_OPEN) {
            LOG.info("Worker group {}: circuit breaker half-open: one probe goes to the target", queue);
            circuitState.accept(2);
        } else if (to == CircuitBreaker.State.CLOSED) {
            failureRun = 0;
            openings = 0;
            openedBy = null;
            LOG.info("Worker group {}: circuit breaker closed: the target answers again", queue);
            circuitState.accept(0);
            if (!applying) {
                tell.accept(new GateNews.Closed(queue));
            }
        }
    }

    /**
     * What another instance may be told of a failure: the HTTP status, or the kind of error. The error text itself
     * (an exception's message) can name hosts and addresses; it stays on this instance.
     */
    static String summary(String lastError) {
        if (lastError == null) {
            return null;
        }
        if (lastError.matches("HTTP \\d{3}")) {
            return lastError;
        }
        if (lastError.startsWith("timeout")) {
            return "timeout";
        }
        return lastError.startsWith("connection failed") ? "connection failed" : "call failed";
    }

    private static String state(CircuitBreaker.State state) {
        return state.name().toLowerCase(Locale.ROOT);
    }

    /** A failed call as resilience4j counts it (no stack trace: it is never thrown). */
    private static final class TargetFailure extends Exception {
        TargetFailure(String message) {
            super(message, null, false, false);
        }
    }
}
