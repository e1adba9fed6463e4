package dev.warren.delivery;

import dev.warren.workers.RateLimitSettings;
import dev.warren.workers.WorkerGroupView;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One worker group's rate limit on this instance (resilience4j's rate limiter): burst permits every
 * burst / perSecond seconds. A consumer reserves its permit before it claims a task and waits for it on its own
 * thread; when the permits are reserved further ahead than {@link #HOLD_AT_MOST}, the task waits on the broker instead.
 */
public final class RateLimit {

    /** The longest a consumer holds a task while waiting for its permit. */
    static final Duration HOLD_AT_MOST = Duration.ofSeconds(5);
    /** How often a waiting consumer looks whether it should stop waiting (warren stops, the group is paused). */
    private static final long LOOK_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final RateLimitSettings here;
    private final RateLimiter limiter;
    private final Consumer<Duration> waited;
    private final AtomicLong waits;
    private final AtomicLong waitedNanos;
    private final AtomicLong sentBack;
    /** When each permit handed back for a task not delivered after all was handed back (System.nanoTime()). */
    private final java.util.Queue<Long> handedBack = new java.util.concurrent.ConcurrentLinkedQueue<>();

    /**
     * @param here   this instance's part of the group's limit
     * @param waited told how long each wait for a permit took, for the metric
     */
    public RateLimit(String queue, RateLimitSettings here, Consumer<Duration> waited) {
        this(queue, here, waited, new AtomicLong(), new AtomicLong(), new AtomicLong());
    }

    private RateLimit(String queue, RateLimitSettings here, Consumer<Duration> waited, AtomicLong waits,
                      AtomicLong waitedNanos, AtomicLong sentBack) {
        this.here = here;
        this.waited = waited;
        this.waits = waits;
        this.waitedNanos = waitedNanos;
        this.sentBack = sentBack;
        this.limiter = RateLimiter.of("worker-" + queue, RateLimiterConfig.custom()
                .limitForPeriod(here.burst())
                .limitRefreshPeriod(Duration.ofNanos(here.periodNanos()))
                .timeoutDuration(HOLD_AT_MOST)
                .build());
    }

    /** Whether this limit was made for these settings, to tell whether a changed group or share needs a new one. */
    public boolean madeFor(RateLimitSettings settings) {
        return here.equals(settings);
    }

    /** A limit for new settings that goes on counting where this one stands. */
    public RateLimit remadeFor(String queue, RateLimitSettings settings) {
        return new RateLimit(queue, settings, waited, waits, waitedNanos, sentBack);
    }

    /**
     * Takes a permit, waiting on the calling thread until it is due. False when none is due within
     * {@link #HOLD_AT_MOST} (nothing taken: the caller lets the task wait on the broker). Throws when stop turns true
     * while waiting, so that the task goes back to its queue.
     */
    public boolean acquire(BooleanSupplier stop) {
        if (takeHandedBack()) {
            return true;
        }
        long nanos = limiter.reservePermission();
        if (nanos < 0) {
            sentBack.incrementAndGet();
            return false;
        }
        if (nanos == 0) {
            return true;
        }
        long deadline = System.nanoTime() + nanos;
        try {
            for (long left = nanos; left > 0; left = deadline - System.nanoTime()) {
                if (stop.getAsBoolean()) {
                    throw new IllegalStateException("Stopped waiting for a rate limit permit: the group stops");
                }
                TimeUnit.NANOSECONDS.sleep(Math.min(left, LOOK_EVERY_NANOS));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a rate limit permit", e);
        }
        waits.incrementAndGet();
        waitedNanos.addAndGet(nanos);
        waited.accept(Duration.ofNanos(nanos));
        return true;
    }

    /**
     * Gives back a permit taken for a task that is not delivered after all (its claim dropped it: the job was cancelled
     * or ended while the consumer waited for the permit; or the target's gate held it back): the next task to ask within
     * one period takes it at once.
     */
    public void handBack() {
        handedBack.add(System.nanoTime());
    }

    /** Takes a permit handed back less than a period ago; older ones are gone, as the limiter saves no permits up. */
    private boolean takeHandedBack() {
        long now = System.nanoTime();
        for (Long at = handedBack.poll(); at != null; at = handedBack.poll()) {
            if (now - at < here.periodNanos()) {
                return true;
            }
        }
        return false;
    }

    /** How the limit stands, for the group view. */
    public WorkerGroupView.RateLimitState state() {
        return new WorkerGroupView.RateLimitState(here.perSecond(), here.burst(), waits.get(),
                TimeUnit.NANOSECONDS.toMillis(waitedNanos.get()), sentBack.get());
    }

    /** The rate this instance allows, deliveries a second. */
    public double perSecond() {
        return here.perSecond();
    }
}
