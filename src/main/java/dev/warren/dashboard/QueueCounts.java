package dev.warren.dashboard;

import dev.warren.broker.QueueView;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The broker's queue counts as the management API last gave them, read in the background: whether to start a read
 * (one at a time, at most once per refresh) and what an overview says of the counts it shows (their time, a problem).
 */
final class QueueCounts {

    /** A read under way this long makes the counts not current, before the management client gives up on it. */
    static final Duration SLOW = Duration.ofSeconds(2);

    /** The counts to show, when the broker reported them (null: never yet) and, when they are not current, why. */
    record Seen(List<QueueView> queues, Instant at, Optional<String> problem) {
    }

    private final Duration refresh;
    private List<QueueView> queues = List.of();
    private Instant at;
    private String failure;
    private Instant readingSince;
    private Instant lastStarted;

    QueueCounts(Duration refresh) {
        this.refresh = refresh;
    }

    /** True when a read should start now (none is under way and none started within the refresh); it then counts as started. */
    synchronized boolean startRead(Instant now) {
        if (readingSince != null || lastStarted != null && Duration.between(lastStarted, now).compareTo(refresh) < 0) {
            return false;
        }
        readingSince = now;
        lastStarted = now;
        return true;
    }

    /** The read started last answered these counts at {@code now}. */
    synchronized void read(List<QueueView> counts, Instant now) {
        queues = List.copyOf(counts);
        at = now;
        failure = null;
        readingSince = null;
    }

    /** The read started last failed, for this reason (in words a user may see). */
    synchronized void failed(String why) {
        failure = why;
        readingSince = null;
    }

    /** The last counts and, when they are not current, why: the last read failed, or the one under way is slow. */
    synchronized Seen seen(Instant now) {
        String problem = null;
        if (failure != null) {
            problem = "Queue counts are not current: " + failure;
        } else if (readingSince != null && Duration.between(readingSince, now).compareTo(SLOW) >= 0) {
            problem = "Queue counts are not current: the RabbitMQ management API is slow (no answer for "
                    + Duration.between(readingSince, now).toSeconds() + " s)";
        }
        return new Seen(queues, at, Optional.ofNullable(problem));
    }
}
