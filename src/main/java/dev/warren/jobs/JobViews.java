package dev.warren.jobs;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import dev.warren.tasks.Payloads;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

    /**
     * How many jobs one search request examines at most where no index serves it (H2, or PostgreSQL without pg_trgm):
     * the page then ends where the scan stopped, and its next cursor goes on from there.
     */
    public static final int SEARCH_SCAN_LIMIT = 10_000;
    private static final int SCAN_BATCH = 500;
    /** The expression the trigram index of migration V20 is built on; a query must use it as written to use the index. */
    private static final String PAYLOAD_TEXT = "warren_payload_text(payload, payload_bytes, content_type)";

    /** A page of jobs (each with its seq) and, for a bounded search, the seq it stopped at with older jobs unexamined. */
    public record Rows(List<Map.Entry<Long, JobView>> rows, Long stoppedAt) {
    }

    private volatile Boolean indexedSearch;

    /** Jobs newest first, after the cursor (a seq), with optional filters. */
    public List<Map.Entry<Long, JobView>> list(String queue, JobStatus status, long beforeSeq, int limit) {
        return list(JobFilter.of(queue, status), beforeSeq, limit).rows();
    }

    /** Jobs newest first below the cursor (a seq) that match the filter; a payload search may stop early (stoppedAt). */
    public Rows list(JobFilter filter, long beforeSeq, int limit) {
        if (filter.text() != null && !indexedSearch()) {
            return scan(filter, beforeSeq, limit);
        }
        List<Object> parameters = new ArrayList<>();
        String where = where(filter, beforeSeq, parameters);
        if (filter.text() != null) {
            where += " AND " + PAYLOAD_TEXT + " ILIKE ? ESCAPE '\\'";
            parameters.add("%" + likeEscaped(filter.text()) + "%");
        }
        parameters.add(limit);
        String sql = "SELECT * FROM jobs WHERE " + where + " ORDER BY seq DESC LIMIT ?";
        return new Rows(jdbi.withHandle(handle -> PlainJdbc.query(handle, sql,
                rs -> Map.entry(rs.getLong("seq"), view(rs)), parameters.toArray())), null);
    }

    /** Whether this store has the trigram index of payload texts (PostgreSQL with pg_trgm), asked once. */
    public boolean indexedSearch() {
        Boolean known = indexedSearch;
        if (known == null) {
            known = jdbi.withHandle(handle -> {
                try {
                    return handle.getConnection().getMetaData().getDatabaseProductName().equals("PostgreSQL")
                            && PlainJdbc.queryInt(handle, "SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema()"
                            + " AND indexname = 'jobs_payload_trgm'") > 0;
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException("Cannot tell which database the job store is", e);
                }
            });
            indexedSearch = known;
        }
        return known;
    }

    /**
     * The search without an index: reads the filtered jobs newest first a batch at a time and matches their payload
     * text here, examining at most {@link #SEARCH_SCAN_LIMIT} jobs.
     */
    private Rows scan(JobFilter filter, long beforeSeq, int limit) {
        String needle = filter.text().toLowerCase(Locale.ROOT);
        List<Map.Entry<Long, JobView>> found = new ArrayList<>();
        long cursor = beforeSeq;
        int examined = 0;
        while (found.size() < limit) {
            List<Object> parameters = new ArrayList<>();
            String where = where(filter, cursor, parameters);
            int batch = Math.min(SCAN_BATCH, SEARCH_SCAN_LIMIT - examined);
            parameters.add(batch);
            List<Map.Entry<Long, Optional<JobView>>> rows = jdbi.withHandle(handle -> PlainJdbc.query(handle,
                    "SELECT * FROM jobs WHERE " + where + " ORDER BY seq DESC LIMIT ?",
                    rs -> Map.entry(rs.getLong("seq"), matches(rs, needle) ? Optional.of(view(rs)) : Optional.<JobView>empty()),
                    parameters.toArray()));
            for (Map.Entry<Long, Optional<JobView>> row : rows) {
                if (found.size() < limit) {
                    row.getValue().ifPresent(view -> found.add(Map.entry(row.getKey(), view)));
                }
            }
            examined += rows.size();
            if (rows.size() < batch) {
                return new Rows(found, null);
            }
            cursor = rows.get(rows.size() - 1).getKey();
            if (examined >= SEARCH_SCAN_LIMIT && found.size() < limit) {
                return new Rows(found, cursor);
            }
        }
        return new Rows(found, null);
    }

    private static boolean matches(java.sql.ResultSet rs, String needle) throws java.sql.SQLException {
        String legacy = rs.getString("payload");
        Optional<String> text = legacy != null ? Optional.of(legacy)
                : Payloads.searchableText(rs.getBytes("payload_bytes"), rs.getString("content_type"));
        return text.map(t -> t.toLowerCase(Locale.ROOT).contains(needle)).orElse(false);
    }

    /** The WHERE clause of a filter below a cursor, its values added to parameters; filters only when given, so each query can use its own index. */
    private static String where(JobFilter filter, long beforeSeq, List<Object> parameters) {
        StringBuilder where = new StringBuilder("seq < ?");
        parameters.add(beforeSeq);
        if (filter.queue() != null) {
            where.append(" AND queue = ?");
            parameters.add(filter.queue());
        }
        if (filter.status() != null) {
            where.append(" AND status = ?");
            parameters.add(filter.status().json());
        }
        if (filter.since() != null) {
            where.append(" AND created_at >= ?");
            parameters.add(JobSql.time(filter.since()));
        }
        if (filter.until() != null) {
            where.append(" AND created_at < ?");
            parameters.add(JobSql.time(filter.until()));
        }
        return where.toString();
    }

    /** The text with LIKE's wildcards (and the escape character) escaped, so that it matches itself only. */
    static String likeEscaped(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /** The attempts in job_attempts, then the latest one, which only the job's row knows. */
    private static JobView withAttempts(Handle handle, JobView job, Optional<JobView.Attempt> latest) {
        List<JobView.Attempt> attempts = new ArrayList<>(PlainJdbc.query(handle,
                "SELECT * FROM job_attempts WHERE job_id = ? ORDER BY n",
                rs -> new JobView.Attempt(rs.getInt("n"), instant(rs.getObject("started_at", OffsetDateTime.class)),
                        (Long) rs.getObject("duration_ms", Long.class), rs.getString("worker"),
                        (Integer) rs.getObject("http_status", Integer.class), rs.getString("error"),
                        (Long) rs.getObject("retry_after_ms", Long.class)),
                job.id()));
        latest.filter(last -> attempts.stream().noneMatch(kept -> kept.n() == last.n())).ifPresent(attempts::add);
        return new JobView(job.id(), job.queue(), job.status(), job.payload(), job.contentType(), job.payloadEncoding(),
                job.createdAt(), job.startedAt(),
                job.finishedAt(), job.durationMs(), job.attemptCount(), attempts, job.result(), job.error());
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
                (Integer) rs.getObject("result_status", Integer.class), rs.getString("error"),
                (Long) rs.getObject("attempt_retry_after_ms", Long.class)));
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
                rs.getInt("attempts"), null, resultStatus == null && resultBody == null ? null : new JobView.Result(resultStatus, resultBody),
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
