package dev.warren.jobs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The labels the reconciliation gives the open jobs of a queue whose messages are all gone: cancelled, when the job
 * was last changed before warren purged or deleted the queue (that removed its message), failed otherwise: dead-lettered
 * by the broker when its dead-letter queue holds messages, with an unknown outcome when it does not.
 */
final class GoneJobs {

    static final String GONE = "outcome unknown: its message is no longer in the broker (settled while warren stopped "
            + "before recording it, or removed from the queue); retry the job to deliver it again";
    static final String DEAD_LETTERED = "dead-lettered by the broker, most likely: its message left the queue without a "
            + "delivery warren saw, and the queue's dead-letter queue holds messages (the queue's message TTL, length "
            + "limit or delivery limit); replay the queue's dead letters, or retry the job, to deliver it again";

    /** A change for the open jobs last changed before this time, with the error they are given. */
    record Label(JobStatus.Change change, Instant changedBefore, String error) {
    }

    /** How many jobs of a queue were marked cancelled (purged) and failed (gone). */
    record Marked(int purged, int gone) {

        int total() {
            return purged + gone;
        }
    }

    private GoneJobs() {
    }

    /**
     * The labels to apply, in this order, to a queue's open jobs changed before the grace cutoff: first the purged ones
     * (changed before the purge as well), then every other one, failed as dead-lettered by the broker when the
     * dead-letter queue holds messages, with an unknown outcome otherwise; a job takes the first label whose time it is
     * before.
     */
    static List<Label> labels(Instant graceCutoff, Optional<QueueEmptied> emptied, boolean deadLettersHeld) {
        List<Label> labels = new ArrayList<>(2);
        emptied.ifPresent(purge -> labels.add(new Label(JobStatus.Change.MARK_PURGED,
                purge.at().isBefore(graceCutoff) ? purge.at() : graceCutoff, purged(purge))));
        labels.add(new Label(JobStatus.Change.MARK_GONE, graceCutoff, deadLettersHeld ? DEAD_LETTERED : GONE));
        return labels;
    }

    /** The label of one open job last changed at this time; empty while it is within the grace. */
    static Optional<Label> labelOf(Instant changedAt, Instant graceCutoff, Optional<QueueEmptied> emptied,
                                   boolean deadLettersHeld) {
        return labels(graceCutoff, emptied, deadLettersHeld).stream().filter(label -> changedAt.isBefore(label.changedBefore())).findFirst();
    }

    static String purged(QueueEmptied emptied) {
        String how = emptied.by() == QueueEmptied.By.DELETE ? "by deleting the queue" : "by a purge";
        return "purged: its message was removed from the queue " + how + " at " + emptied.at()
                + "; retry the job to deliver it again";
    }
}
