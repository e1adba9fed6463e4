package dev.warren.jobs;

import dev.warren.store.Store;
import org.jdbi.v3.core.Jdbi;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The jobs table as the use cases see it: each change is a few SQL statements, run by the {@link JobWriter} in group
 * commits, in the part of its responsibility ({@link JobInserts}, {@link JobClaims}, {@link JobMoves},
 * {@link JobSweeps}, {@link JobLookups}); the API's reads are in {@link JobViews}. Statements are plain SQL that H2
 * (PostgreSQL mode) and PostgreSQL both run, their statuses taken from {@link JobStatus}.
 */
public final class JobStore implements AutoCloseable {

    public static final int RESULT_BODY_LIMIT = 4096;

    /** A job to record as published: its row before the broker has confirmed it. */
    public record NewJob(String id, String queue, byte[] payload, String payloadHash, String headers, String contentType,
                         String contentEncoding) {
    }

    /** What the store already held for an id. */
    public record Existing(String id, String queue, JobStatus status, int generation, String payloadHash,
                           boolean confirmed, Instant createdAt) {
    }

    /**
     * What a job needs to be published again: its payload as published, with its content type and encoding, at its new
     * generation; before is what the requeue changed, for an undo (null: a new job, no requeue).
     */
    public record Republish(String id, String queue, int generation, byte[] payload, String headers, String contentType,
                            String contentEncoding, Before before) {
    }

    /** A job's fields as a requeue found them: the status it left, its error and when it finished and last changed. */
    public record Before(JobStatus status, String error, Instant finishedAt, Instant updatedAt) {
    }

    /**
     * A consumed message's body as published, with its content type and encoding (either may be null), and the headers
     * (JSON) a job that starts with it keeps to be published again (null: none).
     */
    public record Payload(byte[] bytes, String contentType, String contentEncoding, String headers) {

        public Payload(byte[] bytes, String contentType, String contentEncoding) {
            this(bytes, contentType, contentEncoding, null);
        }
    }

    /** A consumer's claim on a job: go ahead as attempt n, or drop the message and why. */
    public sealed interface Claim {
        /** Go ahead: the message is attempt n of job jobId. */
        record Proceed(String jobId, int attempt) implements Claim {
        }

        record Drop(String jobId, String reason) implements Claim {
        }

        /** The id is taken: a job already has it, so this message, another one with the same content, needs its own. */
        record Taken(String jobId) implements Claim {
        }
    }

    /** An attempt that has ended, as the consumer that made it saw it. */
    public record EndedAttempt(String jobId, int n, Instant startedAt, String worker, long durationMs, Integer httpStatus,
                               String error, String resultBody, Long retryAfterMs) {

        /** An attempt whose answer carried no Retry-After. */
        public EndedAttempt(String jobId, int n, Instant startedAt, String worker, long durationMs, Integer httpStatus,
                            String error, String resultBody) {
            this(jobId, n, startedAt, worker, durationMs, httpStatus, error, resultBody, null);
        }
    }

    /** The store did not take a change in time, or failed it: nothing of it is to be relied on. */
    public static final class Unavailable extends RuntimeException {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Gives a single thread of its own, by name, to each of the store's background jobs. */
    @FunctionalInterface
    public interface Threads {
        ScheduledExecutorService single(String name);

        /** Plain daemon threads, for a store used outside Camel (tools, tests). */
        static Threads daemon() {
            return name -> Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, name);
                thread.setDaemon(true);
                return thread;
            });
        }
    }

    private final JobWriter writer;
    private final JobViews views;
    private final JobLookups lookups;
    private final JobInserts inserts;
    private final JobClaims claims;
    private final CertainDrops certainDrops;
    private final JobMoves moves;
    private final JobSweeps sweeps;
    private final boolean tracking;
    private final ScheduledExecutorService startWriter;

    /** A store on daemon threads of its own, for use outside Camel. */
    public JobStore(Store store, boolean tracking) {
        this(store, tracking, Threads.daemon());
    }

    /**
     * @param tracking false keeps no job history (no dedupe, no cancel): publishes and deliveries skip the store
     * @param threads  the threads of the group-commit writer and of the writer of long attempts' starts
     */
    public JobStore(Store store, boolean tracking, Threads threads) {
        this(store, tracking, threads, Duration.ZERO);
    }

    /** @param commitLinger how long a group commit of several changes may wait for more ({@link JobWriter}) */
    public JobStore(Store store, boolean tracking, Threads threads, Duration commitLinger) {
        Jdbi jdbi = store.jdbi();
        this.tracking = tracking;
        this.writer = new JobWriter(jdbi, threads.single("warren-job-writer"), commitLinger);
        this.views = new JobViews(jdbi);
        this.lookups = new JobLookups(jdbi);
        this.inserts = new JobInserts(writer);
        StoreWait storeWait = new StoreWait(store.connectionTimeout().multipliedBy(2));
        this.claims = new JobClaims(jdbi, store.dataSource(), writer, storeWait, store.exclusive(), store.postgres());
        this.certainDrops = new CertainDrops(jdbi, writer, storeWait, store.exclusive());
        this.moves = new JobMoves(writer, claims);
        this.sweeps = new JobSweeps(jdbi, writer);
        this.startWriter = tracking && claims.keepsStarts() ? threads.single("warren-job-starts") : null;
        if (startWriter != null) {
            long every = JobClaims.START_WRITTEN_AFTER.toMillis();
            startWriter.scheduleWithFixedDelay(claims::writeStartsOfLongerAttempts, every, every, TimeUnit.MILLISECONDS);
        }
    }

    public boolean tracking() {
        return tracking;
    }

    /** Reads of jobs as the API shows them. */
    public JobViews views() {
        return views;
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
        return inserts.insert(jobs, timeout);
    }

    /** Marks published jobs as confirmed by the broker (not waited for). */
    public void confirmed(List<String> ids) {
        if (tracking) {
            inserts.confirmed(ids);
        }
    }

    /** Deletes rows of jobs whose publish failed, so that a client's retry with the same ids is not taken as a duplicate. */
    public void forget(List<String> ids) {
        if (tracking) {
            inserts.forget(ids);
        }
    }

    /**
     * A consumer claims the job of a message: it starts as a new attempt unless it was cancelled, has ended, or the
     * message is of an older generation. A message warren never saw published gets a job.
     *
     * @throws Unavailable when the store failed the claim or did not take it in time
     */
    public Claim claim(String messageId, String queue, int generation, boolean tracked, Payload payload, String worker) {
        if (!tracking) {
            return new Claim.Proceed(messageId, 1);
        }
        return claims.claim(messageId, queue, generation, tracked, payload, worker);
    }

    /**
     * A consumer claims the id a message without one derives from its content, at the message's first delivery: the
     * message starts a new job under that id, as its attempt 1, only when no job has the id yet. Atomic, also across
     * warren instances on PostgreSQL: of two messages with the same content taken at once, one proceeds and the other
     * is told {@link Claim.Taken}.
     *
     * @throws Unavailable when the store failed the claim or did not take it in time
     */
    public Claim claimNew(String id, String queue, int generation, Payload payload, String worker) {
        if (!tracking) {
            return new Claim.Proceed(id, 1);
        }
        return claims.claimNew(id, queue, generation, payload, worker);
    }

    /**
     * The drop a claim of this message is sure to decide, read without claiming (a job that ended, was cancelled or was
     * published again since), also of a message's copy fanned out to this queue: for a consumer about to wait for a
     * permit it would waste. Empty when only the claim can tell.
     *
     * @throws RuntimeException when the store cannot be reached ({@link Unavailable} when it did not answer in time);
     *                          a read the store refuses gives empty
     */
    public Optional<Claim.Drop> certainDrop(String messageId, String queue, int generation) {
        if (!tracking) {
            return Optional.empty();
        }
        return certainDrops.of(messageId, queue, generation);
    }

    /**
     * Records how the attempt ended and the job's new status (retrying, finished or failed), not waited for, with the
     * attempt's start when that was not written yet.
     */
    public CompletableFuture<Void> attemptEnded(EndedAttempt attempt, JobStatus status) {
        if (!tracking) {
            return CompletableFuture.completedFuture(null);
        }
        return claims.attemptEnded(attempt, status);
    }

    /**
     * Waits for a change a consumer needs committed before it goes on (an attempt's end), at most twice the store's
     * connection timeout.
     *
     * @throws Unavailable when the store failed the change or did not commit it in time (it may still commit it later)
     */
    public <T> T waitFor(CompletableFuture<T> change, String what) {
        return claims.storeWait().waitFor(change, what);
    }

    /** True when the store could not be reached or did not answer in time, rather than refusing the change itself. */
    public static boolean unreachable(Throwable failure) {
        return StoreWait.unreachable(failure);
    }

    /** Notes on a cancelled job that its message came up and was dropped (not waited for). */
    public void dropped(String id, String reason) {
        if (tracking) {
            moves.dropped(id, reason);
        }
    }

    /** Makes a change that keeps the job's generation (a cancel); answers whether the job was in one of its statuses. */
    public boolean move(String id, JobStatus.Change change) {
        return moves.move(id, change);
    }

    /**
     * Queues a job again as a new generation by this change, if it is in one of its statuses at that generation (any
     * generation when null); answers what to publish, or empty when the job is elsewhere.
     */
    public Optional<Republish> requeue(String id, JobStatus.Change change, Integer generation) {
        return moves.requeue(id, change, generation);
    }

    /** Undoes a requeue whose publish failed: the job is again as the requeue found it (status, error, times). */
    public void unrequeue(Republish requeued) {
        moves.unrequeue(requeued);
    }

    public Optional<Existing> existing(String id) {
        return lookups.existing(id);
    }

    /** The job of a message consumed from a queue: its id's, or "{queue}:{id}" when that job belongs to another queue. */
    public String jobId(String messageId, String queue) {
        return lookups.jobId(messageId, queue);
    }

    /**
     * Queues that have open jobs, unchanged since before this time, their publish confirmed or unconfirmed since before
     * unconfirmedBefore.
     */
    public List<String> queuesWithOpenJobs(Instant before, Instant unconfirmedBefore) {
        return sweeps.queuesWithOpenJobs(before, unconfirmedBefore);
    }

    /**
     * Marks the queue's open jobs unchanged since before this time, whose message is gone: cancelled those unchanged
     * since warren last purged or deleted the queue, failed the others (dead-lettered by the broker when its dead-letter
     * queue holds messages, outcome unknown otherwise). A job whose publish is not confirmed is marked only when created
     * before unconfirmedBefore.
     */
    GoneJobs.Marked markGone(String queue, Instant before, Instant unconfirmedBefore, boolean deadLettersHeld) {
        return sweeps.markGone(queue, before, unconfirmedBefore, deadLettersHeld);
    }

    /**
     * Records that warren emptied the queue (a purge or a delete the broker did), at a time taken before it asked:
     * the reconciliation then marks the jobs whose message that removed cancelled rather than failed.
     *
     * @throws Unavailable when the store failed it or did not take it in time (twice the connection timeout)
     */
    public void queueEmptied(String queue, QueueEmptied emptied) {
        if (tracking) {
            claims.storeWait().waitFor(sweeps.emptied(queue, emptied), "record of the emptied queue");
        }
    }

    /** Deletes ended jobs older than their retention; answers how many went. */
    public int deleteEnded(Instant finishedBefore, Instant failedBefore) {
        return sweeps.deleteEnded(finishedBefore, failedBefore);
    }

    /** Waits until every change submitted so far is committed. */
    public void flush() {
        writer.flush();
    }

    /** Writes what is pending, then ends the store's threads; called before the database closes. */
    @Override
    public void close() {
        if (startWriter != null) {
            startWriter.shutdownNow();
            claims.writeEveryStart();
        }
        writer.close();
    }
}
