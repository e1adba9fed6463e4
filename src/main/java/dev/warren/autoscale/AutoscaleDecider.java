package dev.warren.autoscale;

import java.time.Duration;
import java.time.Instant;

/**
 * Decides an autoscaled group's consumer count from what the broker shows of its queue: up at once to about one
 * consumer per targetBacklog ready messages (more while publishing outpaces delivery), down only once that has wanted
 * fewer consumers for the whole cooldown, and never below the consumers holding unacknowledged messages.
 */
public final class AutoscaleDecider {

    /** A group's limits: min and max consumers, ready messages per consumer, and how long a low backlog must last. */
    public record Limits(int min, int max, int targetBacklog, Duration cooldown) {
    }

    /**
     * What the broker shows of the queue: ready messages, unacknowledged ones (delivered, not yet done), and the
     * publish and deliver rates in messages/s (null when unknown: without the management API).
     */
    public record Observation(long ready, long unacked, Double publishRate, Double deliverRate) {
    }

    /**
     * The count the group should have (the current one when nothing changes), why it changes (null when it does not),
     * and since when the backlog has been low (null when it is not), to pass to the next decision.
     */
    public record Verdict(int count, String reason, Instant lowSince) {

        public boolean changes(int current) {
            return count != current;
        }
    }

    private AutoscaleDecider() {
    }

    /**
     * @param lowSince what the previous verdict returned (null at first)
     */
    public static Verdict decide(int current, Limits limits, Observation seen, Instant lowSince, Instant now) {
        int wanted = (int) Math.min(Integer.MAX_VALUE, ceilDiv(seen.ready(), limits.targetBacklog()));
        String why = seen.ready() + " ready at " + limits.targetBacklog() + " per consumer";
        Integer keepUp = keepUp(current, seen);
        if (keepUp != null && keepUp > wanted) {
            wanted = keepUp;
            why = String.format(java.util.Locale.ROOT, "%d ready, published %.1f/s but delivered %.1f/s by %d",
                    seen.ready(), seen.publishRate(), seen.deliverRate(), current);
        }
        int desired = Math.max(limits.min(), Math.min(limits.max(), wanted));
        if (desired > current) {
            return new Verdict(desired, why + " wants " + wanted + bounded(wanted, limits), null);
        }
        if (current > limits.max()) {
            return new Verdict(limits.max(), "above max " + limits.max(), null);
        }
        if (desired == current) {
            return new Verdict(current, null, null);
        }
        Instant since = lowSince != null ? lowSince : now;
        // consumers busy with a task stay: removing them would only make the queue wait on the rest
        int to = (int) Math.max(desired, Math.min(current, seen.unacked()));
        if (Duration.between(since, now).compareTo(limits.cooldown()) < 0 || to >= current) {
            return new Verdict(current, null, since);
        }
        return new Verdict(to, why + " wants " + wanted + bounded(wanted, limits) + (to > desired ? ", " + to + " busy" : "")
                + " for " + limits.cooldown().toMillis() + " ms", since);
    }

    private static String bounded(int wanted, Limits limits) {
        return wanted > limits.max() ? ", at most max " + limits.max()
                : wanted < limits.min() ? ", at least min " + limits.min() : "";
    }

    /**
     * The consumers that would deliver as fast as tasks are published, at the current consumers' speed; null unless
     * tasks wait and publishing outpaces delivery.
     */
    private static Integer keepUp(int current, Observation seen) {
        if (current == 0 || seen.ready() == 0 || seen.publishRate() == null || seen.deliverRate() == null
                || seen.deliverRate() <= 0 || seen.publishRate() <= seen.deliverRate()) {
            return null;
        }
        return (int) Math.min(Integer.MAX_VALUE, Math.ceil(current * seen.publishRate() / seen.deliverRate()));
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
