package dev.warren.delivery;

/**
 * Additive increase, multiplicative decrease of the concurrency a group may use towards its target: halved on each
 * 429/503, one more per increase interval of successes, until it reaches the group's consumers (then no limit).
 * Not thread-safe: the gate calls it under its lock.
 */
public final class Aimd {

    private final long increaseEveryMs;
    /** The concurrency allowed; 0 while there is no limit. */
    private int allowed;
    private long lastChangeMs;

    public Aimd(long increaseEveryMs) {
        this.increaseEveryMs = increaseEveryMs;
    }

    /** The target asked for less: halve what is allowed now (at most the consumers running), never below 1. */
    public void decrease(int consumers, long nowMs) {
        int current = allowed == 0 ? Math.max(1, consumers) : Math.min(allowed, Math.max(1, consumers));
        allowed = Math.max(1, current / 2);
        lastChangeMs = nowMs;
    }

    /** A success: one more when an interval passed since the last change; no limit once it reaches the consumers. */
    public void succeeded(int consumers, long nowMs) {
        if (allowed == 0 || nowMs - lastChangeMs < increaseEveryMs) {
            return;
        }
        allowed++;
        lastChangeMs = nowMs;
        if (allowed >= consumers) {
            allowed = 0;
        }
    }

    /** Whether one more call may start with this many in flight. */
    public boolean admits(int inFlight) {
        return allowed == 0 || inFlight < allowed;
    }

    /** The concurrency allowed, or null when there is no limit. */
    public Integer allowed() {
        return allowed == 0 ? null : allowed;
    }
}
