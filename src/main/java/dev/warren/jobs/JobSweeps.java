package dev.warren.jobs;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static dev.warren.jobs.JobSql.time;

/**
 * Statements over many jobs: reconciliation with the broker (open jobs whose message is gone, and when warren last
 * emptied each queue) and retention.
 */
final class JobSweeps {

    /** The changes of status this class makes. */
    static final List<JobStatus.Change> CHANGES = List.of(JobStatus.Change.MARK_GONE, JobStatus.Change.MARK_PURGED);
    /** Ended jobs kept for the (shorter) retention of successes; failed ones have their own. */
    static final Set<JobStatus> KEPT_LIKE_FINISHED = EnumSet.of(JobStatus.FINISHED, JobStatus.CANCELLED);

    /** How many jobs the retention cleanup reads, and at most deletes, per statement. */
    static final int RETENTION_BATCH = 1000;

    private final Jdbi jdbi;
    private final JobWriter writer;

    JobSweeps(Jdbi jdbi, JobWriter writer) {
        this.jdbi = jdbi;
        this.writer = writer;
    }

    /**
     * A job whose publish is not confirmed counts only once created before the given time: until then its message may
     * be on its way; after, the publish was either made (the broker has the message, or had it) or counts as never made.
     */
    private static final String PUBLISHED = " AND (created_at < ? OR id NOT IN (SELECT id FROM unconfirmed_jobs))";

    /**
     * Queues that have jobs a MARK_GONE applies to, unchanged since before this time, their publish confirmed or
     * unconfirmed since before unconfirmedBefore.
     */
    List<String> queuesWithOpenJobs(Instant before, Instant unconfirmedBefore) {
        return jdbi.withHandle(handle -> PlainJdbc.query(handle, "SELECT DISTINCT queue FROM jobs WHERE status IN ("
                        + JobSql.in(JobStatus.Change.MARK_GONE.from()) + ") AND updated_at < ?" + PUBLISHED,
                rs -> rs.getString(1), time(before), time(unconfirmedBefore)));
    }

    /**
     * Marks the queue's open jobs unchanged since before this time (publish confirmed, or unconfirmed since before
     * unconfirmedBefore), whose message is gone, in one transaction: cancelled those unchanged since the queue was last
     * emptied through warren, failed the others.
     */
    GoneJobs.Marked markGone(String queue, Instant before, Instant unconfirmedBefore, boolean deadLettersHeld) {
        return writer.write(handle -> {
            if (!deadLettersHeld) {
                forgetNeverPublished(handle, queue, before, unconfirmedBefore);
            }
            OffsetDateTime now = time(Instant.now());
            int[] marked = new int[2];
            for (GoneJobs.Label label : GoneJobs.labels(before, emptied(handle, queue), deadLettersHeld)) {
                JobStatus.Change change = label.change();
                int changed = PlainJdbc.update(handle, "UPDATE jobs SET status = " + JobSql.is(change.to())
                                + ", error = ?, updated_at = ?, finished_at = ? WHERE queue = ? AND status IN ("
                                + JobSql.in(change.from()) + ") AND updated_at < ?" + PUBLISHED,
                        label.error(), now, now, queue, time(label.changedBefore()), time(unconfirmedBefore));
                marked[change == JobStatus.Change.MARK_PURGED ? 0 : 1] += changed;
            }
            return new GoneJobs.Marked(marked[0], marked[1]);
        });
    }

    /**
     * Deletes the queue's jobs whose publish was never confirmed (since before unconfirmedBefore), untouched since
     * (queued, first generation, no attempt, unchanged since before) and created after the queue was last emptied: the
     * broker holds no message of theirs, so the publish counts as never made (jobs.md) and the same id, published
     * again, is a new job. Marked failed instead, a client's retry of the same id would be answered 200 and enqueue
     * nothing.
     */
    private static void forgetNeverPublished(Handle handle, String queue, Instant before, Instant unconfirmedBefore) {
        Instant emptiedAt = emptied(handle, queue).map(QueueEmptied::at).orElse(Instant.EPOCH);
        List<Object[]> ids = PlainJdbc.query(handle, "SELECT id FROM jobs WHERE queue = ? AND status = "
                        + JobSql.is(JobStatus.QUEUED) + " AND generation = 0 AND attempts = 0 AND updated_at < ?"
                        + " AND created_at < ? AND created_at > ? AND id IN (SELECT id FROM unconfirmed_jobs)",
                rs -> new Object[] {rs.getString(1)}, queue, time(before), time(unconfirmedBefore), time(emptiedAt));
        if (!ids.isEmpty()) {
            PlainJdbc.batch(handle, "DELETE FROM jobs WHERE id = ? AND status = " + JobSql.is(JobStatus.QUEUED), ids);
            PlainJdbc.batch(handle, "DELETE FROM unconfirmed_jobs WHERE id = ?", ids);
        }
    }

    /** Records that the queue was emptied (purged or deleted) at this time, unless a later emptying is recorded. */
    CompletableFuture<Integer> emptied(String queue, QueueEmptied emptied) {
        return writer.submit(handle -> {
            // H2 has no ON CONFLICT; both statements run again as they are if the group commit is retried
            int updated = PlainJdbc.update(handle, "UPDATE emptied_queues SET emptied_at = ?, emptied_by = ? WHERE queue = ?"
                    + " AND emptied_at <= ?", time(emptied.at()), emptied.by().sql(), queue, time(emptied.at()));
            return updated + PlainJdbc.update(handle, "INSERT INTO emptied_queues (queue, emptied_at, emptied_by)"
                            + " SELECT ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM emptied_queues WHERE queue = ?)",
                    queue, time(emptied.at()), emptied.by().sql(), queue);
        });
    }

    /** When the queue was last emptied through warren, as recorded. */
    static Optional<QueueEmptied> emptied(Handle handle, String queue) {
        return PlainJdbc.query(handle, "SELECT emptied_at, emptied_by FROM emptied_queues WHERE queue = ?",
                rs -> new QueueEmptied(JobSql.instant(rs.getObject(1, OffsetDateTime.class)),
                        QueueEmptied.By.parse(rs.getString(2))), queue).stream().findFirst();
    }

    /** Deletes ended jobs older than their retention; answers how many went. */
    int deleteEnded(Instant finishedBefore, Instant failedBefore) {
        int deleted = 0;
        for (JobStatus status : KEPT_LIKE_FINISHED) {
            deleted += deleteEnded(status, finishedBefore);
        }
        deleted += deleteEnded(JobStatus.FAILED, failedBefore);
        // a job that ended before its publish was marked confirmed (warren stopped in between) leaves a row
        writer.write(handle -> PlainJdbc.update(handle,
                "DELETE FROM unconfirmed_jobs WHERE NOT EXISTS (SELECT 1 FROM jobs WHERE jobs.id = unconfirmed_jobs.id)"));
        return deleted;
    }

    /**
     * Deletes the jobs that have been in this status since before the cutoff, walking them oldest first along
     * jobs_status_seq (seq follows creation, and a job is never updated before it is created): a run reads the jobs
     * created before the cutoff and one batch more, not every job kept (one statement over all of them made H2 scan
     * the whole table, seconds at 300,000 jobs), and the writer, which publishes wait on, is held for one batch's
     * delete at a time. A job numbered after a newer one (clocks of several instances) waits for a later run.
     */
    private int deleteEnded(JobStatus status, Instant cutoff) {
        int deleted = 0;
        long after = Long.MIN_VALUE;
        for (boolean more = true; more; ) {
            long from = after;
            // ordered by both columns of the index: H2 then reads it in order and stops at the limit (by seq alone it
            // read and sorted every job in the status)
            List<RetentionStretch.Read> batch = jdbi.withHandle(handle -> PlainJdbc.query(handle,
                    "SELECT seq, created_at FROM jobs WHERE status = " + JobSql.is(status) + " AND seq > ? ORDER BY status, seq LIMIT "
                            + RETENTION_BATCH,
                    rs -> new RetentionStretch.Read(rs.getLong(1), JobSql.instant(rs.getObject(2, OffsetDateTime.class))), from));
            Optional<RetentionStretch> stretch = RetentionStretch.of(batch, RETENTION_BATCH, cutoff);
            if (stretch.isEmpty()) {
                break;
            }
            RetentionStretch due = stretch.get();
            // status and time are checked again: a job may have changed since it was read (retried, say)
            deleted += writer.write(handle -> PlainJdbc.update(handle, "DELETE FROM jobs WHERE status = " + JobSql.is(status)
                    + " AND seq >= ? AND seq <= ? AND updated_at < ?", due.firstSeq(), due.lastSeq(), time(cutoff)));
            after = due.lastSeq();
            more = !due.last();
        }
        return deleted;
    }
}
