package dev.warren.jobs;

import dev.warren.broker.OutgoingMessage;
import dev.warren.store.Store;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;

/**
 * Changes to the jobs table: each is a few SQL statements run by the {@link JobWriter} (group commits); the API's
 * reads are in {@link JobViews}. Statements are plain SQL that H2 (PostgreSQL mode) and PostgreSQL both run; as the
 * writer is the only one to insert, "look up, then insert what is missing" needs no ON CONFLICT, which H2 lacks.
 * On a store no other process writes, a consumer claims a waiting job by reading it, on its own thread, and the
 * attempt's start is written with its end, or once it has run for {@link #START_WRITTEN_AFTER}, or before the job is
 * cancelled or claimed again: one row update per quick delivery, and no wait for a group commit.
 */
public final class JobStore implements AutoCloseable {

    public static final int RESULT_BODY_LIMIT = 4096;
    private static final Logger LOG = LoggerFactory.getLogger(JobStore.class);

    /** A job to record as published: its row before the broker has confirmed it. */
    public record NewJob(String id, String queue, byte[] payload, String payloadHash, String headers, String contentType,
                         String contentEncoding) {
    }

    /** What the store already held for an id. */
    public record Existing(String id, String queue, JobStatus status, int generation, String payloadHash,
                           boolean confirmed, Instant createdAt) {
    }

    /** What a job needs to be published again: its payload as published, with its content type and encoding. */
    public record Republish(String id, String queue, int generation, byte[] payload, String headers, String contentType,
                            String contentEncoding) {
    }

    /** A consumed message's body as published, with its content type and encoding (either may be null). */
    public record Payload(byte[] bytes, String contentType, String contentEncoding) {
    }

    /** A consumer's claim on a job: go ahead as attempt n, or drop the message and why. */
    public sealed interface Claim {
        /** Go ahead: the message is attempt n of job jobId. */
        record Proceed(String jobId, int attempt) implements Claim {
        }

        record Drop(String jobId, String reason) implements Claim {
        }
    }

    /** How long an attempt may run before its start is written (shown) when it has not ended yet. */
    static final Duration START_WRITTEN_AFTER = Duration.ofMillis(50);
    private static final int MARK_CHUNK = 1000;
    private static final List<String> WAITING = List.of(JobStatus.QUEUED.json(), JobStatus.RETRYING.json());

    private final Jdbi jdbi;
    private final DataSource dataSource;
    private final JobWriter writer;
    private final Queue<String> awaitingConfirmedMark = new ConcurrentLinkedQueue<>();
    private final JobViews views;
    private final boolean tracking;
    private final boolean exclusive;
    private final UnwrittenStarts unwrittenStarts = new UnwrittenStarts();
    private final ScheduledExecutorService startWriter;
    private final AtomicBoolean writingStarts = new AtomicBoolean();
    /** How long a consumer waits for the store to take its claim or an attempt's end (twice the connection timeout). */
    private final Duration storeWait;

    /** @param tracking false keeps no job history (no dedupe, no cancel): publishes and deliveries skip the store */
    public JobStore(Store store, boolean tracking) {
        this.jdbi = store.jdbi();
        this.dataSource = store.dataSource();
        this.writer = new JobWriter(jdbi);
        this.views = new JobViews(jdbi);
        this.tracking = tracking;
        this.exclusive = store.exclusive();
        this.storeWait = store.connectionTimeout().multipliedBy(2);
        this.startWriter = tracking && exclusive ? Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "warren-job-starts");
            thread.setDaemon(true);
            return thread;
        }) : null;
        if (startWriter != null) {
            long every = START_WRITTEN_AFTER.toMillis();
            startWriter.scheduleWithFixedDelay(this::writeStartsOfLongerAttempts, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /** The store did not take a change in time, or failed it: nothing of it is to be relied on. */
    public static final class Unavailable extends RuntimeException {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Inserts the jobs that are new, waiting for the store as long as it takes (up to 30 s). */
    public List<Optional<Existing>> insert(List<NewJob> jobs) {
        return insert(jobs, Duration.ofSeconds(30));
    }

    /**
     * Inserts the jobs that are new; answers, for each job, what was there before (empty when it is new). Waits at
     * most this long: when the store does not answer in time, the rows it may still insert later are deleted after.
     *
     * @throws Unavailable when the store failed or did not answer in time
     */
    public List<Optional<Existing>> insert(List<NewJob> jobs, Duration timeout) {
        if (!tracking) {
            return jobs.stream().map(job -> Optional.<Existing>empty()).toList();
        }
        List<String> inserted = new java.util.concurrent.CopyOnWriteArrayList<>();
        CompletableFuture<List<Optional<Existing>>> done = writer.submit(handle -> {
            inserted.clear();
            // one lookup and one batched insert for the whole request: the ids of a batch are distinct
            Map<String, Existing> before = existing(handle, jobs.stream().map(NewJob::id).toList());
            OffsetDateTime now = time(Instant.now());
            List<NewJob> fresh = jobs.stream().filter(job -> !before.containsKey(job.id())).toList();
            if (!fresh.isEmpty()) {
                PlainJdbc.batch(handle, """
                        INSERT INTO jobs (id, queue, status, generation, payload_bytes, content_type, content_encoding,
                                          payload_hash, headers, attempts, created_at, updated_at)
                        VALUES (?, ?, 'queued', 0, ?, ?, ?, ?, ?, 0, ?, ?)""", fresh.stream()
                        .map(job -> new Object[] {job.id(), job.queue(), job.payload(), job.contentType(),
                                job.contentEncoding(), job.payloadHash(), job.headers(), now, now})
                        .toList());
                PlainJdbc.batch(handle, "INSERT INTO unconfirmed_jobs (id) VALUES (?)",
                        fresh.stream().map(job -> new Object[] {job.id()}).toList());
                fresh.forEach(job -> inserted.add(job.id()));
            }
            return jobs.stream().map(job -> Optional.ofNullable(before.get(job.id()))).toList();
        });
        try {
            return done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            // the writer applies changes in order: this one runs after the insert, whenever the store answers again
            writer.submit(handle -> inserted.isEmpty() ? 0 : forget(handle, List.copyOf(inserted)));
            throw new Unavailable("the job store did not answer within " + timeout.toMillis() + " ms", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new Unavailable("the job store failed: " + rootMessage(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while waiting for the job store", e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }

    public boolean tracking() {
        return tracking;
    }

    /** Reads of jobs as the API shows them. */
    public JobViews views() {
        return views;
    }

    /** Marks published jobs as confirmed by the broker (not waited for). */
    public void confirmed(List<String> ids) {
        if (!tracking) {
            return;
        }
        awaitingConfirmedMark.addAll(ids);
        // whichever of these changes runs first marks the ids waiting then (up to MARK_CHUNK, the largest batch, so
        // the n changes of n requests always mark them all); the later ones find fewer or none left. The ids taken
        // are kept with the change: the writer applies a change again when its group commit failed.
        List<String> marked = new ArrayList<>();
        writer.submit(handle -> {
            if (marked.isEmpty()) {
                for (String id; marked.size() < MARK_CHUNK && (id = awaitingConfirmedMark.poll()) != null; ) {
                    marked.add(id);
                }
            }
            return marked.isEmpty() ? 0 : PlainJdbc.update(handle,
                    "DELETE FROM unconfirmed_jobs WHERE id IN (" + PlainJdbc.placeholders(marked.size()) + ")",
                    marked.toArray());
        });
    }

    /** Deletes rows of jobs whose publish failed, so that a client's retry with the same ids is not taken as a duplicate. */
    public void forget(List<String> ids) {
        if (!tracking) {
            return;
        }
        writer.write(handle -> forget(handle, ids));
    }

    private static int forget(Handle handle, List<String> ids) {
        handle.createUpdate("""
                        DELETE FROM jobs WHERE id IN (<ids>) AND id IN (SELECT id FROM unconfirmed_jobs WHERE id IN (<ids>))""")
                .bindList("ids", ids).execute();
        return handle.createUpdate("DELETE FROM unconfirmed_jobs WHERE id IN (<ids>)").bindList("ids", ids).execute();
    }

    /**
     * A consumer claims the job of a message: it starts as a new attempt unless it was cancelled, has ended, or the
     * message is of an older generation. A message warren never saw published gets a job.
     */
    public Claim claim(String messageId, String queue, int generation, boolean tracked, Payload payload, String worker) {
        if (!tracking) {
            return new Claim.Proceed(messageId, 1);
        }
        if (!exclusive) {
            return claimThroughWriter(messageId, queue, generation, tracked, payload, worker);
        }
        Optional<Claim.Proceed> quick = claimWithoutWriting(messageId, queue, generation, worker);
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

    private Claim claimThroughWriter(String messageId, String queue, int generation, boolean tracked, Payload payload,
                                     String worker) {
        List<UnwrittenStarts.Start> shown = new ArrayList<>(1);
        Claim claim = waitFor(writer.submit(handle -> {
            Instant now = Instant.now();
            if (shown.isEmpty()) {
                unwrittenStarts.of(messageId).ifPresent(shown::add);
            }
            shown.forEach(start -> writeStart(handle, start));
            String id = messageId;
            // the common case first, in one statement: the message's own job, waiting for its next attempt
            if (!startAttempt(handle, id, queue, generation, WAITING, worker, now)) {
                id = jobId(handle, messageId, queue);
                if (!startAttempt(handle, id, queue, generation, WAITING, worker, now)
                        && !restartInterrupted(handle, id, queue, generation, worker, now)) {
                    Optional<Claim.Drop> drop = whyNot(handle, id, tracked);
                    if (drop.isPresent()) {
                        return drop.get();
                    }
                    handle.createUpdate("""
                                    INSERT INTO jobs (id, queue, status, generation, payload_bytes, content_type, content_encoding,
                                                      payload_hash, attempts, created_at, started_at, updated_at,
                                                      attempt_started_at, attempt_worker)
                                    VALUES (:id, :queue, 'started', :generation, :payload, :contentType, :contentEncoding, '', 1,
                                            :now, :now, :now, :now, :worker)""")
                            .bind("id", id).bind("queue", queue).bind("generation", generation).bind("payload", payload.bytes())
                            .bind("contentType", payload.contentType()).bind("contentEncoding", payload.contentEncoding())
                            .bind("now", time(now)).bind("worker", worker).execute();
                }
            }
            int attempt = PlainJdbc.queryInt(handle, "SELECT attempts FROM jobs WHERE id = ?", id);
            return new Claim.Proceed(id, attempt);
        }), "claim of " + messageId);
        shown.forEach(unwrittenStarts::written);
        return claim;
    }

    /**
     * The common case on a store only this process writes: the message's own job waits for its next attempt, and the
     * store shows all there is to know about it (no start of it is unwritten). Its start is kept in memory.
     */
    private Optional<Claim.Proceed> claimWithoutWriting(String id, String queue, int generation, String worker) {
        Lock claiming = unwrittenStarts.claiming(id);
        claiming.lock();
        try {
            if (unwrittenStarts.pending(id)) {
                return Optional.empty();
            }
            List<Integer> attempts = PlainJdbc.query(dataSource,
                    "SELECT attempts FROM jobs WHERE id = ? AND queue = ? AND generation = ? AND status IN (?, ?)",
                    rows -> rows.getInt(1), id, queue, generation, WAITING.get(0), WAITING.get(WAITING.size() - 1));
            if (attempts.isEmpty()) {
                return Optional.empty();
            }
            UnwrittenStarts.Start start = new UnwrittenStarts.Start(id, attempts.get(0) + 1, generation, Instant.now(),
                    worker);
            return unwrittenStarts.add(start) ? Optional.of(new Claim.Proceed(id, start.attempt())) : Optional.empty();
        } finally {
            claiming.unlock();
        }
    }

    private static void writeStart(Handle handle, UnwrittenStarts.Start start) {
        OffsetDateTime at = time(start.at());
        PlainJdbc.update(handle, """
                        UPDATE jobs SET status = 'started', attempts = ?, updated_at = ?, started_at = COALESCE(started_at, ?),
                               attempt_started_at = ?, attempt_worker = ?, attempt_duration_ms = NULL
                        WHERE id = ? AND generation = ? AND status IN (?, ?) AND attempts = ?""",
                start.attempt(), at, at, at, start.worker(), start.jobId(), start.generation(), WAITING.get(0),
                WAITING.get(WAITING.size() - 1), start.attempt() - 1);
    }

    /** Shows as started the attempts that have run for a while (on the scheduler's thread: hands them to the writer). */
    private void writeStartsOfLongerAttempts() {
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

    private CompletableFuture<Integer> submitStarts(List<UnwrittenStarts.Start> starts) {
        return writer.submit(handle -> {
            starts.forEach(start -> writeStart(handle, start));
            return starts.size();
        });
    }

    /** Starts the next attempt of a job in one of two statuses (the same one twice for one). */
    private static boolean startAttempt(Handle handle, String id, String queue, int generation, List<String> from,
                                        String worker, Instant now) {
        OffsetDateTime at = time(now);
        return PlainJdbc.update(handle, """
                        UPDATE jobs SET status = 'started', attempts = attempts + 1, updated_at = ?,
                               started_at = COALESCE(started_at, ?), attempt_started_at = ?, attempt_worker = ?,
                               attempt_duration_ms = NULL
                        WHERE id = ? AND queue = ? AND generation = ? AND status IN (?, ?)""",
                at, at, at, worker, id, queue, generation, from.get(0), from.get(from.size() - 1)) == 1;
    }

    /**
     * A started job's message comes back when its attempt was cut off (warren stopped, the connection dropped):
     * that attempt is recorded as interrupted and a new one starts.
     */
    private static boolean restartInterrupted(Handle handle, String id, String queue, int generation, String worker,
                                              Instant now) {
        handle.createUpdate("""
                        INSERT INTO job_attempts (job_id, n, started_at, worker, error)
                        SELECT id, attempts, COALESCE(attempt_started_at, updated_at), attempt_worker, :error FROM jobs
                        WHERE id = :id AND queue = :queue AND generation = :generation AND status = 'started'
                          AND NOT EXISTS (SELECT 1 FROM job_attempts a WHERE a.job_id = jobs.id AND a.n = jobs.attempts)""")
                .bind("id", id).bind("queue", queue).bind("generation", generation)
                .bind("error", "interrupted: the attempt did not end (warren stopped or lost the broker); delivered again")
                .execute();
        return startAttempt(handle, id, queue, generation, List.of(JobStatus.STARTED.json(), JobStatus.STARTED.json()), worker, now);
    }

    /** Why a message whose job could not start must be dropped; empty when it has no job yet and gets one. */
    private static Optional<Claim.Drop> whyNot(Handle handle, String id, boolean tracked) {
        Optional<Existing> existing = existing(handle, id);
        if (existing.isPresent()) {
            return Optional.of(new Claim.Drop(id, existing.get().status().isTerminal()
                    ? "the job is " + existing.get().status().json()
                    : "the message is stale: the job was published again since"));
        }
        if (tracked) {
            // its job was kept once and is gone: it ended (or was cancelled) longer ago than the retention
            return Optional.of(new Claim.Drop(id, "its job ended and is no longer kept"));
        }
        return Optional.empty();
    }

    /** An attempt that has ended, as the consumer that made it saw it. */
    public record EndedAttempt(String jobId, int n, Instant startedAt, String worker, long durationMs, Integer httpStatus,
                               String error, String resultBody) {
    }

    /**
     * Records how the attempt ended and the job's new status (not waited for), with the attempt's start when that was
     * not written yet. An attempt that ends the job stays on the job's row; one followed by another (retrying) goes to
     * job_attempts.
     */
    public CompletableFuture<Void> attemptEnded(EndedAttempt attempt, JobStatus status) {
        if (!tracking) {
            return CompletableFuture.completedFuture(null);
        }
        return writer.submit(handle -> {
            OffsetDateTime at = time(Instant.now());
            OffsetDateTime startedAt = time(attempt.startedAt());
            // the job is started at this attempt, or still waiting for it when its start was not written
            int updated = PlainJdbc.update(handle, """
                            UPDATE jobs SET status = ?, attempts = ?, updated_at = ?, started_at = COALESCE(started_at, ?),
                                   attempt_started_at = ?, attempt_worker = ?, attempt_duration_ms = ?, result_status = ?,
                                   result_body = ?, error = ?, finished_at = ?
                            WHERE id = ? AND (status = 'started' AND attempts = ? OR status IN (?, ?) AND attempts = ?)""",
                    status.json(), attempt.n(), at, startedAt, startedAt, attempt.worker(), attempt.durationMs(),
                    attempt.httpStatus(), attempt.resultBody(), attempt.error(), status.isTerminal() ? at : null,
                    attempt.jobId(), attempt.n(), WAITING.get(0), WAITING.get(WAITING.size() - 1), attempt.n() - 1);
            if (updated == 0) {
                // overtaken: the job started another attempt and recorded this one as interrupted; keep its outcome
                return PlainJdbc.update(handle,
                        "UPDATE job_attempts SET duration_ms = ?, http_status = ?, error = ? WHERE job_id = ? AND n = ?",
                        attempt.durationMs(), attempt.httpStatus(), attempt.error(), attempt.jobId(), attempt.n());
            }
            if (!status.isTerminal()) {
                PlainJdbc.update(handle, """
                                INSERT INTO job_attempts (job_id, n, started_at, duration_ms, worker, http_status, error)
                                VALUES (?, ?, ?, ?, ?, ?, ?)""",
                        attempt.jobId(), attempt.n(), time(attempt.startedAt()), attempt.durationMs(), attempt.worker(),
                        attempt.httpStatus(), attempt.error());
            }
            return updated;
        }).thenRun(() -> unwrittenStarts.ended(attempt.jobId(), attempt.n()));
    }

    /**
     * Waits for a change a consumer needs committed before it goes on (a claim, an attempt's end), at most
     * {@link #storeWait}.
     *
     * @throws Unavailable when the store failed the change or did not commit it in time (it may still commit it later)
     */
    public <T> T waitFor(CompletableFuture<T> change, String what) {
        try {
            return change.get(storeWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new Unavailable("the job store did not take the " + what + " within " + storeWait.toMillis() + " ms", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new Unavailable("the job store failed the " + what + ": " + rootMessage(e), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while waiting for the job store", e);
        }
    }

    /** True when the store could not be reached or did not answer in time, rather than refusing the change itself. */
    public static boolean unreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
        }
        return JobWriter.isUnreachable(failure);
    }

    /**
     * Moves the last attempt of an ended job from its row to job_attempts, before a requeue (from these statuses, at
     * this generation unless null) starts another.
     */
    private static void keepLastAttempt(Handle handle, String id, List<JobStatus> from, Integer generation) {
        handle.createUpdate("""
                        INSERT INTO job_attempts (job_id, n, started_at, duration_ms, worker, http_status, error)
                        SELECT id, attempts, attempt_started_at, attempt_duration_ms, attempt_worker, result_status, error
                        FROM jobs
                        WHERE id = :id AND status IN ('finished', 'failed') AND status IN (<from>)
                          AND (:anyGeneration OR generation = :generation) AND attempt_started_at IS NOT NULL
                          AND NOT EXISTS (SELECT 1 FROM job_attempts a WHERE a.job_id = jobs.id AND a.n = jobs.attempts)""")
                .bind("id", id).bind("anyGeneration", generation == null).bind("generation", generation == null ? 0 : generation)
                .bindList("from", from.stream().map(JobStatus::json).toList()).execute();
    }

    /** Notes on a cancelled job that its message came up and was dropped (not waited for). */
    public void dropped(String id, String reason) {
        if (!tracking) {
            return;
        }
        writer.submit(handle -> handle.createUpdate(
                        "UPDATE jobs SET error = :reason, updated_at = :now WHERE id = :id AND status = 'cancelled'")
                .bind("id", id).bind("reason", "message dropped: " + reason).bind("now", time(Instant.now())).execute());
    }

    /** Moves a job from one of these statuses to another; answers whether it was in one of them. */
    public boolean move(String id, List<JobStatus> from, JobStatus to) {
        if (!exclusive) {
            return writer.write(handle -> move(handle, id, from, to));
        }
        // beside the writer, so that no claim of the job reads it meanwhile; an attempt already claimed shows first
        Lock cancelling = unwrittenStarts.exclusive(id);
        cancelling.lock();
        try {
            Optional<UnwrittenStarts.Start> start = unwrittenStarts.of(id);
            boolean moved = jdbi.inTransaction(handle -> {
                start.ifPresent(started -> writeStart(handle, started));
                return move(handle, id, from, to);
            });
            start.ifPresent(unwrittenStarts::written);
            return moved;
        } finally {
            cancelling.unlock();
        }
    }

    private static boolean move(Handle handle, String id, List<JobStatus> from, JobStatus to) {
        return handle.createUpdate("""
                        UPDATE jobs SET status = :to, updated_at = :now,
                               finished_at = CASE WHEN :terminal THEN CAST(:now AS TIMESTAMP WITH TIME ZONE) END
                        WHERE id = :id AND status IN (<from>)""")
                .bind("id", id).bind("to", to.json()).bind("now", time(Instant.now())).bind("terminal", to.isTerminal())
                .bindList("from", from.stream().map(JobStatus::json).toList()).execute() == 1;
    }

    /**
     * Queues a job again as a new generation, if it is in one of these statuses at that generation (any generation
     * when null); answers what to publish, or empty when the job is elsewhere.
     */
    public Optional<Republish> requeue(String id, List<JobStatus> from, Integer generation) {
        return writer.write(handle -> {
            keepLastAttempt(handle, id, from, generation);
            int moved = handle.createUpdate("""
                            UPDATE jobs SET status = 'queued', generation = generation + 1, updated_at = :now,
                                   finished_at = NULL, error = NULL
                            WHERE id = :id AND status IN (<from>) AND (:anyGeneration OR generation = :generation)""")
                    .bind("id", id).bind("now", time(Instant.now())).bind("anyGeneration", generation == null)
                    .bind("generation", generation == null ? 0 : generation)
                    .bindList("from", from.stream().map(JobStatus::json).toList()).execute();
            if (moved == 0) {
                return Optional.empty();
            }
            return Optional.of(handle.createQuery("""
                            SELECT id, queue, generation, payload, payload_bytes, content_type, content_encoding, headers
                            FROM jobs WHERE id = :id""")
                    .bind("id", id).map((rs, ctx) -> {
                        byte[] bytes = rs.getBytes("payload_bytes");
                        // a job stored before payloads were kept as bytes: JSON text, as warren published it then
                        return bytes != null
                                ? new Republish(rs.getString("id"), rs.getString("queue"), rs.getInt("generation"), bytes,
                                        rs.getString("headers"), rs.getString("content_type"), rs.getString("content_encoding"))
                                : new Republish(rs.getString("id"), rs.getString("queue"), rs.getInt("generation"),
                                        rs.getString("payload").getBytes(StandardCharsets.UTF_8), rs.getString("headers"),
                                        OutgoingMessage.JSON, OutgoingMessage.UTF_8);
                    }).one());
        });
    }

    /** Undoes a requeue whose publish failed: the job goes back to the status it came from. */
    public void unrequeue(String id, JobStatus back) {
        writer.write(handle -> handle.createUpdate("UPDATE jobs SET status = :back, generation = generation - 1 WHERE id = :id")
                .bind("id", id).bind("back", back.json()).execute());
    }

    public Optional<Existing> existing(String id) {
        return jdbi.withHandle(handle -> existing(handle, id));
    }

    /** The job of a message consumed from a queue, see {@link #jobId(Handle, String, String)}. */
    public String jobId(String messageId, String queue) {
        return jdbi.withHandle(handle -> jobId(handle, messageId, queue));
    }

    /**
     * A message's job is the job of its id, unless that job belongs to another queue: copies of one message
     * fanned out to several queues (topic subscribers) are each their own job, "{queue}:{id}".
     */
    private static String jobId(Handle handle, String messageId, String queue) {
        String owner = handle.createQuery("SELECT queue FROM jobs WHERE id = :id").bind("id", messageId)
                .mapTo(String.class).findOne().orElse(queue);
        return owner.equals(queue) ? messageId : queue + ":" + messageId;
    }

    /** Queues that have jobs queued, started or retrying, unchanged since before this time, their publish confirmed. */
    public List<String> queuesWithOpenJobs(Instant before) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT DISTINCT queue FROM jobs
                        WHERE status IN ('queued', 'started', 'retrying') AND updated_at < :before
                          AND id NOT IN (SELECT id FROM unconfirmed_jobs)""")
                .bind("before", time(before)).mapTo(String.class).list());
    }

    /**
     * Marks failed, with this error, the queue's jobs that are queued, started or retrying and unchanged since before
     * this time (their publish confirmed): their message is gone. Answers how many.
     */
    public int markGone(String queue, Instant before, String error) {
        return writer.write(handle -> handle.createUpdate("""
                        UPDATE jobs SET status = 'failed', error = :error, updated_at = :now, finished_at = :now
                        WHERE queue = :queue AND status IN ('queued', 'started', 'retrying') AND updated_at < :before
                          AND id NOT IN (SELECT id FROM unconfirmed_jobs)""")
                .bind("queue", queue).bind("error", error).bind("now", time(Instant.now())).bind("before", time(before))
                .execute());
    }

    /** Deletes ended jobs older than their retention; answers how many went. */
    public int deleteEnded(Instant finishedBefore, Instant failedBefore) {
        // a job is never updated before it is created: created_at (indexed, never changed) narrows the scan
        Instant createdBefore = finishedBefore.isAfter(failedBefore) ? finishedBefore : failedBefore;
        return writer.write(handle -> {
            int deleted = handle.createUpdate("""
                            DELETE FROM jobs WHERE created_at < :created
                              AND ((status IN ('finished', 'cancelled') AND updated_at < :finished)
                                   OR (status = 'failed' AND updated_at < :failed))""")
                    .bind("created", time(createdBefore)).bind("finished", time(finishedBefore))
                    .bind("failed", time(failedBefore)).execute();
            // a job that ended before its publish was marked confirmed (warren stopped in between) leaves a row
            handle.createUpdate("""
                    DELETE FROM unconfirmed_jobs WHERE NOT EXISTS (SELECT 1 FROM jobs WHERE jobs.id = unconfirmed_jobs.id)""")
                    .execute();
            return deleted;
        });
    }

    /** Waits until every change submitted so far is committed. */
    public void flush() {
        writer.flush();
    }

    @Override
    public void close() {
        if (startWriter != null) {
            startWriter.shutdownNow();
            // attempts cut off by the stop show as started: their message comes back and records them as interrupted
            submitStarts(unwrittenStarts.startedBefore(Instant.MAX));
        }
        writer.close();
    }

    private static Optional<Existing> existing(Handle handle, String id) {
        return Optional.ofNullable(existing(handle, List.of(id)).get(id));
    }

    private static Map<String, Existing> existing(Handle handle, List<String> ids) {
        Map<String, Existing> found = new HashMap<>();
        PlainJdbc.query(handle, """
                        SELECT j.id, j.queue, j.status, j.generation, j.payload_hash, u.id IS NULL AS confirmed, j.created_at
                        FROM jobs j LEFT JOIN unconfirmed_jobs u ON u.id = j.id WHERE j.id IN (""" + PlainJdbc.placeholders(ids.size()) + ")",
                rs -> new Existing(rs.getString("id"), rs.getString("queue"),
                        JobStatus.parse(rs.getString("status")).orElseThrow(), rs.getInt("generation"), rs.getString("payload_hash"),
                        rs.getBoolean("confirmed"), instant(rs.getObject("created_at", OffsetDateTime.class))),
                ids.toArray()).forEach(existing -> found.put(existing.id(), existing));
        return found;
    }

    private static OffsetDateTime time(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
