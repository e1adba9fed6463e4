package dev.warren.jobs;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;
import java.util.function.Function;

import static dev.warren.jobs.JobSql.time;

/**
 * Attempts: a consumer claims a job (it starts its next attempt) and records how the attempt ended. On a store no other
 * process writes, a consumer claims a waiting job by reading it, on its own thread, and the attempt's start is written
 * with its end, or once it has run for {@link #START_WRITTEN_AFTER}, or before the job is cancelled or claimed again:
 * one row update per quick delivery, and no wait for a group commit.
 */
final class JobClaims {

    /** How long an attempt may run before its start is written (shown) when it has not ended yet. */
    static final Duration START_WRITTEN_AFTER = Duration.ofMillis(50);
    /** The changes of status this class makes. */
    static final List<JobStatus.Change> CHANGES = List.of(JobStatus.Change.START, JobStatus.Change.RESTART,
            JobStatus.Change.RETRY_LATER, JobStatus.Change.FINISH, JobStatus.Change.FAIL);
    private static final Logger LOG = LoggerFactory.getLogger(JobClaims.class);
    /** A quick claim's read (built once: it runs for every delivery). */
    private static final String QUICK_CLAIM = "SELECT attempts FROM jobs WHERE id = ? AND queue = ? AND generation = ?"
            + " AND status IN (" + JobSql.in(JobStatus.Change.START.from()) + ")";
    /** The end of an attempt, by how it ends the attempt (built once: it runs for every delivery). */
    private static final Map<JobStatus.Change, String> END_OF_ATTEMPT = endOfAttemptStatements();

    private final Jdbi jdbi;
    private final DataSource dataSource;
    private final JobWriter writer;
    private final StoreWait storeWait;
    private final boolean exclusive;
    private final boolean postgres;
    private final UnwrittenStarts unwrittenStarts = new UnwrittenStarts();
    private final AtomicBoolean writingStarts = new AtomicBoolean();

    /** A job that starts with a consumer's claim (a message warren did not publish): started at its attempt 1. */
    private static final String INSERT_STARTED = """
            INSERT INTO jobs (id, queue, status, generation, payload_bytes, content_type, content_encoding,
                              headers, payload_hash, attempts, created_at, started_at, updated_at,
                              attempt_started_at, attempt_worker)
            VALUES (?, ?, """ + JobSql.is(JobStatus.Change.START.to()) + ", ?, ?, ?, ?, ?, '', 1, ?, ?, ?, ?, ?)";

    /**
     * @param postgres true on PostgreSQL, which other warren instances write too: an insert that must not overwrite a
     *                 job uses ON CONFLICT there (H2 lacks it; on H2 this process's writer is the only one to insert)
     */
    JobClaims(Jdbi jdbi, DataSource dataSource, JobWriter writer, StoreWait storeWait, boolean exclusive,
              boolean postgres) {
        this.jdbi = jdbi;
        this.dataSource = dataSource;
        this.writer = writer;
        this.storeWait = storeWait;
        this.exclusive = exclusive;
        this.postgres = postgres;
    }

    StoreWait storeWait() {
        return storeWait;
    }

    /** True when starts are kept in memory and written later: then {@link #writeStartsOfLongerAttempts} must run. */
    boolean keepsStarts() {
        return exclusive;
    }

    JobStore.Claim claim(String messageId, String queue, int generation, boolean tracked, JobStore.Payload payload,
                         String worker) {
        if (!exclusive) {
            return claimThroughWriter(messageId, queue, generation, tracked, payload, worker);
        }
        Optional<JobStore.Claim.Proceed> quick = claimWithoutWriting(messageId, queue, generation, worker);
        if (quick.isPresent()) {
            return quick.get();
        }
        // the same message twice (an attempt that still runs), a copy, a cancelled job, ...: the store decides, and
        // no quick claim of the job reads the store before that decision is committed
        Lock exclusiveClaim = unwrittenStarts.exclusive(messageId);
        exclusiveClaim.lock();
        try {
            unwrittenStarts.claimThroughWriter(messageId);
        } finally {
            exclusiveClaim.unlock();
        }
        try {
            return claimThroughWriter(messageId, queue, generation, tracked, payload, worker);
        } finally {
            unwrittenStarts.claimedThroughWriter(messageId);
        }
    }

    private JobStore.Claim claimThroughWriter(String messageId, String queue, int generation, boolean tracked,
                                              JobStore.Payload payload, String worker) {
        List<UnwrittenStarts.Start> shown = new ArrayList<>(1);
        JobStore.Claim claim = storeWait.waitFor(writer.submit(handle -> {
            Instant now = Instant.now();
            if (shown.isEmpty()) {
                unwrittenStarts.of(messageId).ifPresent(shown::add);
            }
            shown.forEach(start -> writeStart(handle, start));
            String id = messageId;
            // the common case first, in one statement: the message's own job, waiting for its next attempt
            if (!startAttempt(handle, id, queue, generation, JobStatus.Change.START, worker, now)) {
                id = JobLookups.jobId(handle, messageId, queue);
                if (!startAttempt(handle, id, queue, generation, JobStatus.Change.START, worker, now)
                        && !restartInterrupted(handle, id, queue, generation, worker, now)) {
                    Optional<JobStore.Claim.Drop> drop = whyNot(handle, id, tracked);
                    if (drop.isPresent()) {
                        return drop.get();
                    }
                    PlainJdbc.update(handle, INSERT_STARTED, startedRow(id, queue, generation, payload, worker, now));
                }
            }
            int attempt = PlainJdbc.queryInt(handle, "SELECT attempts FROM jobs WHERE id = ?", id);
            return new JobStore.Claim.Proceed(id, attempt);
        }), "claim of " + messageId);
        shown.forEach(unwrittenStarts::written);
        return claim;
    }

    /**
     * The first claim of an id a message's content derives: the job is inserted, started at attempt 1, only when no job
     * has the id, in one statement on PostgreSQL (ON CONFLICT DO NOTHING: another instance may insert it at the same
     * moment) and by a look-up before the insert on H2, where this process's writer, running one change at a time, is
     * the only one to insert. Either way the other message with the same content is told the id is taken.
     */
    JobStore.Claim claimNew(String id, String queue, int generation, JobStore.Payload payload, String worker) {
        return storeWait.waitFor(writer.submit(handle -> {
            Object[] row = startedRow(id, queue, generation, payload, worker, Instant.now());
            boolean inserted = postgres ? PlainJdbc.update(handle, INSERT_STARTED + " ON CONFLICT (id) DO NOTHING", row) == 1
                    : JobLookups.existing(handle, id).isEmpty() && PlainJdbc.update(handle, INSERT_STARTED, row) == 1;
            return inserted
                    ? new JobStore.Claim.Proceed(id, 1) : new JobStore.Claim.Taken(id);
        }), "claim of " + id);
    }

    private static Object[] startedRow(String id, String queue, int generation, JobStore.Payload payload, String worker,
                                       Instant now) {
        OffsetDateTime at = time(now);
        return new Object[] {id, queue, generation, payload.bytes(), payload.contentType(), payload.contentEncoding(),
                payload.headers(), at, at, at, at, worker};
    }

    /**
     * The common case on a store only this process writes: the message's own job waits for its next attempt, and the
     * store shows all there is to know about it (no start of it is unwritten). Its start is kept in memory.
     */
    private Optional<JobStore.Claim.Proceed> claimWithoutWriting(String id, String queue, int generation, String worker) {
        Lock claiming = unwrittenStarts.claiming(id);
        claiming.lock();
        try {
            if (unwrittenStarts.pending(id)) {
                return Optional.empty();
            }
            List<Integer> attempts = PlainJdbc.query(dataSource, QUICK_CLAIM, rows -> rows.getInt(1), id, queue,
                    generation);
            if (attempts.isEmpty()) {
                return Optional.empty();
            }
            UnwrittenStarts.Start start = new UnwrittenStarts.Start(id, attempts.get(0) + 1, generation, Instant.now(),
                    worker);
            return unwrittenStarts.add(start) ? Optional.of(new JobStore.Claim.Proceed(id, start.attempt())) : Optional.empty();
        } finally {
            claiming.unlock();
        }
    }

    private static void writeStart(Handle handle, UnwrittenStarts.Start start) {
        OffsetDateTime at = time(start.at());
        PlainJdbc.update(handle, "UPDATE jobs SET status = " + JobSql.is(JobStatus.Change.START.to()) + """
                        , attempts = ?, updated_at = ?, started_at = COALESCE(started_at, ?),
                               attempt_started_at = ?, attempt_worker = ?, attempt_duration_ms = NULL
                        WHERE id = ? AND generation = ? AND status IN (""" + JobSql.in(JobStatus.Change.START.from()) + """
                        ) AND attempts = ?""",
                start.attempt(), at, at, at, start.worker(), start.jobId(), start.generation(), start.attempt() - 1);
    }

    /** Shows as started the attempts that have run for a while (run periodically: hands them to the writer). */
    void writeStartsOfLongerAttempts() {
        try {
            if (!unwrittenStarts.isEmpty()) {
                writeStartsBefore(Instant.now().minus(START_WRITTEN_AFTER));
            }
        } catch (RuntimeException e) {
            // an exception would end the schedule; the next round tries again
            LOG.warn("Could not write the starts of running attempts: {}", e.getMessage());
        }
    }

    /** Writes the starts made before this time, unless the previous round is still being written. */
    private void writeStartsBefore(Instant before) {
        List<UnwrittenStarts.Start> due = unwrittenStarts.startedBefore(before);
        if (due.isEmpty() || !writingStarts.compareAndSet(false, true)) {
            return;
        }
        submitStarts(due).whenComplete((written, failed) -> {
            if (failed == null) {
                due.forEach(unwrittenStarts::written);
            }
            writingStarts.set(false);
        });
    }

    /** At a stop: attempts cut off by it show as started; their message comes back and records them as interrupted. */
    void writeEveryStart() {
        submitStarts(unwrittenStarts.startedBefore(Instant.MAX));
    }

    private CompletableFuture<Integer> submitStarts(List<UnwrittenStarts.Start> starts) {
        return writer.submit(handle -> {
            starts.forEach(start -> writeStart(handle, start));
            return starts.size();
        });
    }

    /** Starts the next attempt of a job (START from a waiting status, RESTART from started). */
    private static boolean startAttempt(Handle handle, String id, String queue, int generation, JobStatus.Change change,
                                        String worker, Instant now) {
        OffsetDateTime at = time(now);
        return PlainJdbc.update(handle, "UPDATE jobs SET status = " + JobSql.is(change.to()) + """
                        , attempts = attempts + 1, updated_at = ?,
                               started_at = COALESCE(started_at, ?), attempt_started_at = ?, attempt_worker = ?,
                               attempt_duration_ms = NULL
                        WHERE id = ? AND queue = ? AND generation = ? AND status IN (""" + JobSql.in(change.from()) + ")",
                at, at, at, worker, id, queue, generation) == 1;
    }

    /**
     * A started job's message comes back when its attempt was cut off (warren stopped, the connection dropped):
     * that attempt is recorded as interrupted and a new one starts.
     */
    private static boolean restartInterrupted(Handle handle, String id, String queue, int generation, String worker,
                                              Instant now) {
        PlainJdbc.update(handle, """
                        INSERT INTO job_attempts (job_id, n, started_at, worker, error)
                        SELECT id, attempts, COALESCE(attempt_started_at, updated_at), attempt_worker, ? FROM jobs
                        WHERE id = ? AND queue = ? AND generation = ? AND status IN (""" + JobSql.in(JobStatus.Change.RESTART.from()) + """
                        )
                          AND NOT EXISTS (SELECT 1 FROM job_attempts a WHERE a.job_id = jobs.id AND a.n = jobs.attempts)""",
                "interrupted: the attempt did not end (warren stopped or lost the broker); delivered again", id, queue, generation);
        return startAttempt(handle, id, queue, generation, JobStatus.Change.RESTART, worker, now);
    }

    /** Why a message whose job could not start must be dropped; empty when it has no job yet and gets one. */
    private static Optional<JobStore.Claim.Drop> whyNot(Handle handle, String id, boolean tracked) {
        Optional<JobStore.Existing> existing = JobLookups.existing(handle, id);
        if (existing.isPresent()) {
            return Optional.of(new JobStore.Claim.Drop(id, ClaimDrops.reason(existing.get())));
        }
        if (tracked) {
            // its job was kept once and is gone: it ended (or was cancelled) longer ago than the retention
            return Optional.of(new JobStore.Claim.Drop(id, "its job ended and is no longer kept"));
        }
        return Optional.empty();
    }

    /**
     * Records how the attempt ended and the job's new status (not waited for), with the attempt's start when that was
     * not written yet (a START and an end in one write). An attempt that ends the job stays on the job's row; one
     * followed by another (retrying) goes to job_attempts.
     */
    CompletableFuture<Void> attemptEnded(JobStore.EndedAttempt attempt, JobStatus status) {
        JobStatus.Change end = JobStatus.Change.ending(status);
        return writer.submit(handle -> {
            OffsetDateTime at = time(Instant.now());
            OffsetDateTime startedAt = time(attempt.startedAt());
            // the job is started at this attempt, or still waiting for it when its start was not written
            int updated = PlainJdbc.update(handle, END_OF_ATTEMPT.get(end), end.to().json(), attempt.n(), at,
                    startedAt, startedAt, attempt.worker(), attempt.durationMs(),
                    attempt.httpStatus(), attempt.resultBody(), attempt.error(), end.to().isTerminal() ? at : null,
                    attempt.retryAfterMs(), attempt.jobId(), attempt.n(), attempt.n() - 1);
            if (updated == 0) {
                // overtaken: the job started another attempt and recorded this one as interrupted; keep its outcome
                return PlainJdbc.update(handle,
                        "UPDATE job_attempts SET duration_ms = ?, http_status = ?, error = ?, retry_after_ms = ? WHERE job_id = ? AND n = ?",
                        attempt.durationMs(), attempt.httpStatus(), attempt.error(), attempt.retryAfterMs(), attempt.jobId(),
                        attempt.n());
            }
            if (!end.to().isTerminal()) {
                PlainJdbc.update(handle, """
                                INSERT INTO job_attempts (job_id, n, started_at, duration_ms, worker, http_status, error,
                                                          retry_after_ms)
                                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                        attempt.jobId(), attempt.n(), time(attempt.startedAt()), attempt.durationMs(), attempt.worker(),
                        attempt.httpStatus(), attempt.error(), attempt.retryAfterMs());
            }
            return updated;
        }).thenRun(() -> unwrittenStarts.ended(attempt.jobId(), attempt.n()));
    }

    private static Map<JobStatus.Change, String> endOfAttemptStatements() {
        Map<JobStatus.Change, String> statements = new EnumMap<>(JobStatus.Change.class);
        for (JobStatus.Change end : List.of(JobStatus.Change.RETRY_LATER, JobStatus.Change.FINISH, JobStatus.Change.FAIL)) {
            statements.put(end, """
                    UPDATE jobs SET status = ?, attempts = ?, updated_at = ?, started_at = COALESCE(started_at, ?),
                           attempt_started_at = ?, attempt_worker = ?, attempt_duration_ms = ?, result_status = ?,
                           result_body = ?, error = ?, finished_at = ?, attempt_retry_after_ms = ?
                    WHERE id = ? AND (status IN (""" + JobSql.in(end.from()) + ") AND attempts = ? OR status IN ("
                    + JobSql.in(JobStatus.Change.START.from()) + ") AND attempts = ?)");
        }
        return statements;
    }

    /**
     * Runs a change of one job in its own transaction, beside the writer, its unwritten start written first, so that no
     * claim of the job reads it meanwhile (on a store other processes write, simply through the writer).
     */
    <T> T exclusively(String id, Function<Handle, T> change) {
        if (!exclusive) {
            return writer.write(change);
        }
        Lock cancelling = unwrittenStarts.exclusive(id);
        cancelling.lock();
        try {
            Optional<UnwrittenStarts.Start> start = unwrittenStarts.of(id);
            T result = jdbi.inTransaction(handle -> {
                start.ifPresent(started -> writeStart(handle, started));
                return change.apply(handle);
            });
            start.ifPresent(unwrittenStarts::written);
            return result;
        } finally {
            cancelling.unlock();
        }
    }
}
