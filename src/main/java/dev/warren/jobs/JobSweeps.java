package dev.warren.jobs;

import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static dev.warren.jobs.JobSql.time;

/** Statements over many jobs: reconciliation with the broker (open jobs whose message is gone) and retention. */
final class JobSweeps {

    /** The changes of status this class makes. */
    static final List<JobStatus.Change> CHANGES = List.of(JobStatus.Change.MARK_GONE);
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

    /** Queues that have jobs a MARK_GONE applies to, unchanged since before this time, their publish confirmed. */
    List<String> queuesWithOpenJobs(Instant before) {
        return jdbi.withHandle(handle -> PlainJdbc.query(handle, "SELECT DISTINCT queue FROM jobs WHERE status IN ("
                        + JobSql.in(JobStatus.Change.MARK_GONE.from()) + ") AND updated_at < ?"
                        + " AND id NOT IN (SELECT id FROM unconfirmed_jobs)",
                rs -> rs.getString(1), time(before)));
    }

    /** Marks failed, with this error, the queue's open jobs unchanged since before this time (publish confirmed). */
    int markGone(String queue, Instant before, String error) {
        JobStatus.Change gone = JobStatus.Change.MARK_GONE;
        return writer.write(handle -> {
            OffsetDateTime now = time(Instant.now());
            return PlainJdbc.update(handle, "UPDATE jobs SET status = " + JobSql.is(gone.to())
                            + ", error = ?, updated_at = ?, finished_at = ? WHERE queue = ? AND status IN (" + JobSql.in(gone.from())
                            + ") AND updated_at < ? AND id NOT IN (SELECT id FROM unconfirmed_jobs)",
                    error, now, now, queue, time(before));
        });
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
