package dev.warren.jobs;

import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static dev.warren.jobs.JobSql.time;

/** Statements over many jobs: reconciliation with the broker (open jobs whose message is gone) and retention. */
final class JobSweeps {

    /** The changes of status this class makes. */
    static final List<JobStatus.Change> CHANGES = List.of(JobStatus.Change.MARK_GONE);
    /** Ended jobs kept for the (shorter) retention of successes; failed ones have their own. */
    static final Set<JobStatus> KEPT_LIKE_FINISHED = EnumSet.of(JobStatus.FINISHED, JobStatus.CANCELLED);

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
        // a job is never updated before it is created: created_at (never changed) narrows the scan on PostgreSQL, whose
        // planner takes jobs_created for it (H2 has no such index: its planner scans jobs_status_seq, V25)
        Instant createdBefore = finishedBefore.isAfter(failedBefore) ? finishedBefore : failedBefore;
        return writer.write(handle -> {
            int deleted = PlainJdbc.update(handle, "DELETE FROM jobs WHERE created_at < ? AND ((status IN ("
                            + JobSql.in(KEPT_LIKE_FINISHED) + ") AND updated_at < ?) OR (status = " + JobSql.is(JobStatus.FAILED)
                            + " AND updated_at < ?))",
                    time(createdBefore), time(finishedBefore), time(failedBefore));
            // a job that ended before its publish was marked confirmed (warren stopped in between) leaves a row
            PlainJdbc.update(handle,
                    "DELETE FROM unconfirmed_jobs WHERE NOT EXISTS (SELECT 1 FROM jobs WHERE jobs.id = unconfirmed_jobs.id)");
            return deleted;
        });
    }
}
