package dev.warren.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.api.Json;
import dev.warren.store.Store;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The jobs table: each change is one SQL statement run by the {@link JobWriter} (group commits), reads go
 * straight to the database. Statements are plain SQL that H2 (PostgreSQL mode) and PostgreSQL both run; as the
 * writer is the only one to write, "insert where not exists" needs no ON CONFLICT, which H2 lacks.
 */
public final class JobStore implements AutoCloseable {

    public static final int RESULT_BODY_LIMIT = 4096;

    /** A job to record as published: its row before the broker has confirmed it. */
    public record NewJob(String id, String queue, String payload, String payloadHash, String headers) {
    }

    /** What the store already held for an id. */
    public record Existing(String id, String queue, JobStatus status, String payloadHash, boolean confirmed,
                           Instant createdAt) {
    }

    /** What a job needs to be published again. */
    public record Republish(String id, String queue, int generation, String payload, String headers) {
    }

    /** A consumer's claim on a job: go ahead as attempt n, or drop the message and why. */
    public sealed interface Claim {
        /** Go ahead: the message is attempt n of job jobId. */
        record Proceed(String jobId, int attempt) implements Claim {
        }

        record Drop(String jobId, String reason) implements Claim {
        }
    }

    private final Jdbi jdbi;
    private final JobWriter writer;
    private final boolean tracking;

    /** @param tracking false keeps no job history (no dedupe, no cancel): publishes and deliveries skip the store */
    public JobStore(Store store, boolean tracking) {
        this.jdbi = store.jdbi();
        this.writer = new JobWriter(jdbi);
        this.tracking = tracking;
    }

    /** Inserts the jobs that are new; answers, for each job, what was there before (empty when it is new). */
    public List<Optional<Existing>> insert(List<NewJob> jobs) {
        if (!tracking) {
            return jobs.stream().map(job -> Optional.<Existing>empty()).toList();
        }
        return writer.write(handle -> {
            Instant now = Instant.now();
            List<Optional<Existing>> result = new ArrayList<>(jobs.size());
            for (NewJob job : jobs) {
                int inserted = handle.createUpdate("""
                                INSERT INTO jobs (id, queue, status, generation, confirmed, payload, payload_hash, headers,
                                                  attempts, created_at, updated_at)
                                SELECT :id, :queue, 'queued', 0, FALSE, :payload, :hash, :headers, 0, :now, :now
                                WHERE NOT EXISTS (SELECT 1 FROM jobs WHERE id = :id)""")
                        .bind("id", job.id()).bind("queue", job.queue()).bind("payload", job.payload())
                        .bind("hash", job.payloadHash()).bind("headers", job.headers()).bind("now", time(now)).execute();
                result.add(inserted == 1 ? Optional.empty() : existing(handle, job.id()));
            }
            return result;
        });
    }

    public boolean tracking() {
        return tracking;
    }

    /** Marks published jobs as confirmed by the broker (not waited for). */
    public void confirmed(List<String> ids) {
        if (!tracking) {
            return;
        }
        writer.submit(handle -> handle.createUpdate("UPDATE jobs SET confirmed = TRUE WHERE id IN (<ids>)")
                .bindList("ids", ids).execute());
    }

    /** Deletes rows of jobs whose publish failed, so that a client's retry with the same ids is not taken as a duplicate. */
    public void forget(List<String> ids) {
        if (!tracking) {
            return;
        }
        writer.write(handle -> handle.createUpdate("DELETE FROM jobs WHERE id IN (<ids>) AND confirmed = FALSE")
                .bindList("ids", ids).execute());
    }

    /**
     * A consumer claims the job of a message: it starts (a new attempt is recorded) unless it was cancelled,
     * has ended, or the message is of an older generation. A message warren never saw published gets a job.
     */
    public Claim claim(String messageId, String queue, int generation, boolean tracked, String payload, String worker) {
        if (!tracking) {
            return new Claim.Proceed(messageId, 1);
        }
        return writer.write(handle -> {
            String id = jobId(handle, messageId, queue);
            Instant now = Instant.now();
            int started = handle.createUpdate("""
                            UPDATE jobs SET status = 'started', attempts = attempts + 1, updated_at = :now,
                                   started_at = COALESCE(started_at, :now)
                            WHERE id = :id AND generation = :generation AND status IN ('queued', 'retrying', 'started')""")
                    .bind("id", id).bind("generation", generation).bind("now", time(now)).execute();
            if (started == 0) {
                Optional<Existing> existing = existing(handle, id);
                if (existing.isPresent()) {
                    return new Claim.Drop(id, existing.get().status().isTerminal()
                            ? "the job is " + existing.get().status().json()
                            : "the message is stale: the job was published again since");
                }
                if (tracked) {
                    // its job was kept once and is gone: it ended (or was cancelled) longer ago than the retention
                    return new Claim.Drop(id, "its job ended and is no longer kept");
                }
                handle.createUpdate("""
                                INSERT INTO jobs (id, queue, status, generation, confirmed, payload, payload_hash, attempts,
                                                  created_at, started_at, updated_at)
                                VALUES (:id, :queue, 'started', :generation, TRUE, :payload, '', 1, :now, :now, :now)""")
                        .bind("id", id).bind("queue", queue).bind("generation", generation).bind("payload", payload)
                        .bind("now", time(now)).execute();
            }
            int attempt = handle.createQuery("SELECT attempts FROM jobs WHERE id = :id").bind("id", id)
                    .mapTo(Integer.class).one();
            handle.createUpdate("INSERT INTO job_attempts (job_id, n, started_at, worker) VALUES (:id, :n, :now, :worker)")
                    .bind("id", id).bind("n", attempt).bind("now", time(now)).bind("worker", worker).execute();
            return new Claim.Proceed(id, attempt);
        });
    }

    /** Records how an attempt ended and the job's new status (not waited for). */
    public void attemptEnded(String id, int attempt, JobStatus status, Integer httpStatus, String error, String resultBody,
                             long durationMs) {
        if (!tracking) {
            return;
        }
        writer.submit(handle -> {
            Instant now = Instant.now();
            handle.createUpdate("""
                            UPDATE job_attempts SET duration_ms = :duration, http_status = :httpStatus, error = :error
                            WHERE job_id = :id AND n = :n""")
                    .bind("id", id).bind("n", attempt).bind("duration", durationMs).bind("httpStatus", httpStatus)
                    .bind("error", error).execute();
            return handle.createUpdate("""
                            UPDATE jobs SET status = :status, updated_at = :now, result_status = :httpStatus,
                                   result_body = :body, error = :error,
                                   finished_at = CASE WHEN :terminal THEN CAST(:now AS TIMESTAMP WITH TIME ZONE) END
                            WHERE id = :id AND status = 'started' AND attempts = :n""")
                    .bind("id", id).bind("n", attempt).bind("status", status.json()).bind("now", time(now)).bind("httpStatus", httpStatus)
                    .bind("body", resultBody).bind("error", error).bind("terminal", status.isTerminal()).execute();
        });
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
        return writer.write(handle -> handle.createUpdate("""
                        UPDATE jobs SET status = :to, updated_at = :now,
                               finished_at = CASE WHEN :terminal THEN CAST(:now AS TIMESTAMP WITH TIME ZONE) END
                        WHERE id = :id AND status IN (<from>)""")
                .bind("id", id).bind("to", to.json()).bind("now", time(Instant.now())).bind("terminal", to.isTerminal())
                .bindList("from", from.stream().map(JobStatus::json).toList()).execute() == 1);
    }

    /**
     * Queues a job again as a new generation, if it is in one of these statuses at that generation (any generation
     * when null); answers what to publish, or empty when the job is elsewhere.
     */
    public Optional<Republish> requeue(String id, List<JobStatus> from, Integer generation) {
        return writer.write(handle -> {
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
            return Optional.of(handle.createQuery("SELECT id, queue, generation, payload, headers FROM jobs WHERE id = :id")
                    .bind("id", id).map((rs, ctx) -> new Republish(rs.getString("id"), rs.getString("queue"),
                            rs.getInt("generation"), rs.getString("payload"), rs.getString("headers"))).one());
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

    public Optional<JobView> find(String id) {
        return jdbi.withHandle(handle -> {
            Optional<JobView> job = handle.createQuery("SELECT * FROM jobs WHERE id = :id").bind("id", id)
                    .map((rs, ctx) -> view(rs)).findOne();
            return job.map(j -> withAttempts(handle, j));
        });
    }

    /** Jobs newest first, after the cursor (a seq), with optional filters. */
    public List<Map.Entry<Long, JobView>> list(String queue, JobStatus status, long beforeSeq, int limit) {
        // filters are added only when given, so that each query can use its own index
        String where = "seq < :before" + (queue != null ? " AND queue = :queue" : "") + (status != null ? " AND status = :status" : "");
        return jdbi.withHandle(handle -> {
            var query = handle.createQuery("SELECT * FROM jobs WHERE " + where + " ORDER BY seq DESC LIMIT :limit")
                    .bind("before", beforeSeq).bind("limit", limit);
            if (queue != null) {
                query.bind("queue", queue);
            }
            if (status != null) {
                query.bind("status", status.json());
            }
            return query.map((rs, ctx) -> Map.entry(rs.getLong("seq"), view(rs))).list();
        });
    }

    /** Deletes ended jobs older than their retention; answers how many went. */
    public int deleteEnded(Instant finishedBefore, Instant failedBefore) {
        return writer.write(handle -> handle.createUpdate("""
                        DELETE FROM jobs WHERE (status IN ('finished', 'cancelled') AND updated_at < :finished)
                                            OR (status = 'failed' AND updated_at < :failed)""")
                .bind("finished", time(finishedBefore)).bind("failed", time(failedBefore)).execute());
    }

    /** Waits until every change submitted so far is committed. */
    public void flush() {
        writer.flush();
    }

    @Override
    public void close() {
        writer.close();
    }

    private static Optional<Existing> existing(Handle handle, String id) {
        return handle.createQuery("SELECT id, queue, status, payload_hash, confirmed, created_at FROM jobs WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> new Existing(rs.getString("id"), rs.getString("queue"),
                        JobStatus.parse(rs.getString("status")).orElseThrow(), rs.getString("payload_hash"),
                        rs.getBoolean("confirmed"), instant(rs.getObject("created_at", OffsetDateTime.class))))
                .findOne();
    }

    private static JobView withAttempts(Handle handle, JobView job) {
        List<JobView.Attempt> attempts = handle.createQuery(
                        "SELECT * FROM job_attempts WHERE job_id = :id ORDER BY n").bind("id", job.id())
                .map((rs, ctx) -> new JobView.Attempt(rs.getInt("n"), instant(rs.getObject("started_at", OffsetDateTime.class)),
                        (Long) rs.getObject("duration_ms", Long.class), rs.getString("worker"),
                        (Integer) rs.getObject("http_status", Integer.class), rs.getString("error")))
                .list();
        return new JobView(job.id(), job.queue(), job.status(), job.payload(), job.createdAt(), job.startedAt(),
                job.finishedAt(), job.durationMs(), attempts, job.result(), job.error());
    }

    private static JobView view(java.sql.ResultSet rs) throws java.sql.SQLException {
        Instant started = instant(rs.getObject("started_at", OffsetDateTime.class));
        Instant finished = instant(rs.getObject("finished_at", OffsetDateTime.class));
        Integer resultStatus = (Integer) rs.getObject("result_status", Integer.class);
        String resultBody = rs.getString("result_body");
        return new JobView(rs.getString("id"), rs.getString("queue"), JobStatus.parse(rs.getString("status")).orElseThrow(),
                payload(rs.getString("payload")), instant(rs.getObject("created_at", OffsetDateTime.class)), started,
                finished, started != null && finished != null ? finished.toEpochMilli() - started.toEpochMilli() : null,
                null, resultStatus == null && resultBody == null ? null : new JobView.Result(resultStatus, resultBody),
                rs.getString("error"));
    }

    private static JsonNode payload(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            // a message published outside warren need not be JSON
            return Json.MAPPER.getNodeFactory().textNode(text);
        }
    }

    private static OffsetDateTime time(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
