package dev.warren.jobs;

import dev.warren.broker.OutgoingMessage;
import org.jdbi.v3.core.Handle;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static dev.warren.jobs.JobSql.instant;
import static dev.warren.jobs.JobSql.time;

/** Status moves a user or a replay asks for: cancel, queue again as a new generation (and undo that), drop notes. */
final class JobMoves {

    /** The changes of status this class makes. */
    static final List<JobStatus.Change> CHANGES = List.of(JobStatus.Change.CANCEL, JobStatus.Change.RETRY,
            JobStatus.Change.REPLAY, JobStatus.Change.REPLAY_BROKER_DEAD_LETTER);

    private final JobWriter writer;
    private final JobClaims claims;

    JobMoves(JobWriter writer, JobClaims claims) {
        this.writer = writer;
        this.claims = claims;
    }

    /** Makes a change that keeps the job's generation (a cancel); answers whether the job was in one of its statuses. */
    boolean move(String id, JobStatus.Change change) {
        // an attempt already claimed shows first, and no claim of the job reads it meanwhile
        return claims.exclusively(id, handle -> move(handle, id, change));
    }

    private static boolean move(Handle handle, String id, JobStatus.Change change) {
        OffsetDateTime now = time(Instant.now());
        return PlainJdbc.update(handle, "UPDATE jobs SET status = " + JobSql.is(change.to())
                        + ", updated_at = ?, finished_at = ? WHERE id = ? AND status IN (" + JobSql.in(change.from()) + ")",
                now, change.to().isTerminal() ? now : null, id) == 1;
    }

    /**
     * Queues a job again as a new generation (a change to queued), if it is in one of the change's statuses at that
     * generation (any generation when null); answers what to publish, or empty when the job is elsewhere.
     */
    Optional<JobStore.Republish> requeue(String id, JobStatus.Change change, Integer generation) {
        if (change.to() != JobStatus.QUEUED) {
            throw new IllegalArgumentException(change + " does not queue a job again");
        }
        String atGeneration = generation == null ? "" : " AND generation = ?";
        return writer.write(handle -> {
            // what it changes, read (and held) in the same transaction, for an undo
            Optional<JobStore.Before> before = PlainJdbc.query(handle,
                    "SELECT status, error, finished_at, updated_at FROM jobs WHERE id = ? FOR UPDATE",
                    rs -> new JobStore.Before(JobStatus.parse(rs.getString("status")).orElseThrow(), rs.getString("error"),
                            instant(rs.getObject("finished_at", OffsetDateTime.class)),
                            instant(rs.getObject("updated_at", OffsetDateTime.class))), id).stream().findFirst();
            keepLastAttempt(handle, id, change.from(), generation);
            List<Object> parameters = new ArrayList<>(List.of(time(Instant.now()), id));
            if (generation != null) {
                parameters.add(generation);
            }
            int moved = PlainJdbc.update(handle, "UPDATE jobs SET status = " + JobSql.is(change.to()) + """
                            , generation = generation + 1, updated_at = ?, finished_at = NULL, error = NULL
                            WHERE id = ? AND status IN (""" + JobSql.in(change.from()) + ")" + atGeneration,
                    parameters.toArray());
            if (moved == 0) {
                return Optional.empty();
            }
            return Optional.of(PlainJdbc.query(handle, """
                            SELECT id, queue, generation, payload, payload_bytes, content_type, content_encoding, headers
                            FROM jobs WHERE id = ?""", rs -> {
                byte[] bytes = rs.getBytes("payload_bytes");
                // a job stored before payloads were kept as bytes: JSON text, as warren published it then
                return bytes != null
                        ? new JobStore.Republish(rs.getString("id"), rs.getString("queue"), rs.getInt("generation"), bytes,
                                rs.getString("headers"), rs.getString("content_type"), rs.getString("content_encoding"),
                                before.orElseThrow())
                        : new JobStore.Republish(rs.getString("id"), rs.getString("queue"), rs.getInt("generation"),
                                rs.getString("payload").getBytes(StandardCharsets.UTF_8), rs.getString("headers"),
                                OutgoingMessage.JSON, OutgoingMessage.UTF_8, before.orElseThrow());
            }, id).get(0));
        });
    }

    /**
     * Undoes a requeue whose publish failed: the job, still queued at the generation the requeue gave it, is again as
     * the requeue found it (status, generation, error, finished and updated times; a refused retry neither clears the
     * error nor restarts the retention clock). Not a change of the state machine: no consumer saw it queued.
     */
    void unrequeue(JobStore.Republish requeued) {
        JobStore.Before before = requeued.before();
        writer.write(handle -> PlainJdbc.update(handle, """
                        UPDATE jobs SET status = ?, generation = generation - 1, error = ?, finished_at = ?, updated_at = ?
                        WHERE id = ? AND status = """ + JobSql.is(JobStatus.QUEUED) + " AND generation = ?",
                before.status().json(), before.error(), before.finishedAt() == null ? null : time(before.finishedAt()),
                time(before.updatedAt()), requeued.id(), requeued.generation()));
    }

    /**
     * Moves the last attempt of an ended job from its row to job_attempts, before a requeue (from these statuses, at
     * this generation unless null) starts another.
     */
    private static void keepLastAttempt(Handle handle, String id, Set<JobStatus> from, Integer generation) {
        Set<JobStatus> ended = EnumSet.copyOf(JobStatus.ENDED_BY_ATTEMPT);
        ended.retainAll(from);
        if (ended.isEmpty()) {
            return;
        }
        List<Object> parameters = new ArrayList<>(List.of(id));
        if (generation != null) {
            parameters.add(generation);
        }
        PlainJdbc.update(handle, """
                        INSERT INTO job_attempts (job_id, n, started_at, duration_ms, worker, http_status, error, retry_after_ms)
                        SELECT id, attempts, attempt_started_at, attempt_duration_ms, attempt_worker, result_status, error,
                               attempt_retry_after_ms
                        FROM jobs
                        WHERE id = ? AND status IN (""" + JobSql.in(ended) + ")" + (generation == null ? "" : " AND generation = ?")
                        + " AND attempt_started_at IS NOT NULL"
                        + " AND NOT EXISTS (SELECT 1 FROM job_attempts a WHERE a.job_id = jobs.id AND a.n = jobs.attempts)",
                parameters.toArray());
    }

    /** Notes on a cancelled job that its message came up and was dropped (not waited for). */
    void dropped(String id, String reason) {
        writer.submit(handle -> PlainJdbc.update(handle,
                "UPDATE jobs SET error = ?, updated_at = ? WHERE id = ? AND status = " + JobSql.is(JobStatus.CANCELLED),
                "message dropped: " + reason, time(Instant.now()), id));
    }
}
