package dev.warren.jobs;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import dev.warren.tasks.Payloads;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.warren.jobs.JobSql.instant;

/** Jobs as the API shows them, read straight from the database: one with its attempts, or a page of them. */
public final class JobViews {

    private final Jdbi jdbi;

    JobViews(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** One job with every attempt, or empty when there is none. */
    public Optional<JobView> find(String id) {
        return jdbi.withHandle(handle -> {
            Optional<Map.Entry<JobView, Optional<JobView.Attempt>>> job = PlainJdbc.query(handle, "SELECT * FROM jobs WHERE id = ?",
                    rs -> Map.entry(view(rs), latestAttempt(rs)), id).stream().findFirst();
            return job.map(j -> withAttempts(handle, j.getKey(), j.getValue()));
        });
    }

    /** Jobs newest first, after the cursor (a seq), with optional filters. */
    public List<Map.Entry<Long, JobView>> list(String queue, JobStatus status, long beforeSeq, int limit) {
        // filters are added only when given, so that each query can use its own index
        String where = "seq < ?" + (queue != null ? " AND queue = ?" : "") + (status != null ? " AND status = ?" : "");
        List<Object> parameters = new ArrayList<>(List.of(beforeSeq));
        if (queue != null) {
            parameters.add(queue);
        }
        if (status != null) {
            parameters.add(status.json());
        }
        parameters.add(limit);
        return jdbi.withHandle(handle -> PlainJdbc.query(handle, "SELECT * FROM jobs WHERE " + where + " ORDER BY seq DESC LIMIT ?",
                rs -> Map.entry(rs.getLong("seq"), view(rs)), parameters.toArray()));
    }

    /** The attempts in job_attempts, then the latest one, which only the job's row knows. */
    private static JobView withAttempts(Handle handle, JobView job, Optional<JobView.Attempt> latest) {
        List<JobView.Attempt> attempts = new ArrayList<>(PlainJdbc.query(handle,
                "SELECT * FROM job_attempts WHERE job_id = ? ORDER BY n",
                rs -> new JobView.Attempt(rs.getInt("n"), instant(rs.getObject("started_at", OffsetDateTime.class)),
                        (Long) rs.getObject("duration_ms", Long.class), rs.getString("worker"),
                        (Integer) rs.getObject("http_status", Integer.class), rs.getString("error")),
                job.id()));
        latest.filter(last -> attempts.stream().noneMatch(kept -> kept.n() == last.n())).ifPresent(attempts::add);
        return new JobView(job.id(), job.queue(), job.status(), job.payload(), job.contentType(), job.payloadEncoding(),
                job.createdAt(), job.startedAt(),
                job.finishedAt(), job.durationMs(), attempts, job.result(), job.error());
    }

    /** The attempt kept on the job's row: the one running now, or the one that ended the job. */
    private static Optional<JobView.Attempt> latestAttempt(java.sql.ResultSet rs) throws java.sql.SQLException {
        OffsetDateTime since = rs.getObject("attempt_started_at", OffsetDateTime.class);
        String status = rs.getString("status");
        if (JobStatus.STARTED.json().equals(status)) {
            return Optional.of(new JobView.Attempt(rs.getInt("attempts"),
                    instant(since != null ? since : rs.getObject("updated_at", OffsetDateTime.class)), null,
                    rs.getString("attempt_worker"), null, null));
        }
        boolean ended = JobStatus.FINISHED.json().equals(status) || JobStatus.FAILED.json().equals(status);
        if (!ended || since == null) {
            return Optional.empty();
        }
        return Optional.of(new JobView.Attempt(rs.getInt("attempts"), instant(since),
                (Long) rs.getObject("attempt_duration_ms", Long.class), rs.getString("attempt_worker"),
                (Integer) rs.getObject("result_status", Integer.class), rs.getString("error")));
    }

    private static JobView view(java.sql.ResultSet rs) throws java.sql.SQLException {
        Instant started = instant(rs.getObject("started_at", OffsetDateTime.class));
        Instant finished = instant(rs.getObject("finished_at", OffsetDateTime.class));
        Integer resultStatus = (Integer) rs.getObject("result_status", Integer.class);
        String resultBody = rs.getString("result_body");
        Payloads.View payload = payload(rs);
        return new JobView(rs.getString("id"), rs.getString("queue"), JobStatus.parse(rs.getString("status")).orElseThrow(),
                payload.payload(), payload.contentType(), payload.payloadEncoding(),
                instant(rs.getObject("created_at", OffsetDateTime.class)), started,
                finished, started != null && finished != null ? finished.toEpochMilli() - started.toEpochMilli() : null,
                null, resultStatus == null && resultBody == null ? null : new JobView.Result(resultStatus, resultBody),
                rs.getString("error"));
    }

    private static Payloads.View payload(java.sql.ResultSet rs) throws java.sql.SQLException {
        byte[] bytes = rs.getBytes("payload_bytes");
        if (bytes != null) {
            return Payloads.view(bytes, rs.getString("content_type"), rs.getString("content_encoding"));
        }
        // stored before payloads were kept as bytes: the text of a JSON payload, as warren published it then
        return Payloads.view(rs.getString("payload").getBytes(StandardCharsets.UTF_8), null, null);
    }

}
