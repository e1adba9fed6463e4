package dev.warren.api;

import dev.warren.common.ProblemException;
import dev.warren.common.Json;

import dev.warren.jobs.DeadLetterReplay;
import dev.warren.jobs.JobStatus;
import dev.warren.jobs.JobFilter;
import dev.warren.jobs.JobView;
import dev.warren.jobs.JobViews;
import dev.warren.jobs.Jobs;

import dev.warren.auth.Caller;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** The job endpoints: follow, list and search, cancel and retry jobs (one or many); list and replay dead letters. */
public final class JobApi {

    /** Body of a bulk retry: the ids of the jobs to queue again. */
    public record RetryRequest(List<String> ids) {
    }

    /** Body of a replay request. */
    public record ReplayRequest(Integer limit) {
    }

    private final Jobs jobs;
    private final DeadLetterReplay replay;
    private final QueueApi queues;

    public JobApi(Jobs jobs, DeadLetterReplay replay, QueueApi queues) {
        this.jobs = jobs;
        this.replay = replay;
        this.queues = queues;
    }

    public ApiResponse get(String id, Caller caller) {
        return ApiResponse.ok(visible(jobs.get(id), caller));
    }

    /** The shortest and longest payload search text: shorter than 3 characters no trigram index can serve it. */
    static final int SEARCH_MIN = 3;
    static final int SEARCH_MAX = 200;
    /** The most ids one bulk retry takes. */
    static final int RETRY_MAX = 500;

    /**
     * Jobs newest first, filtered by queue, status, creation time and payload text, each parameter checked here; a key
     * limited to some queues sees only theirs, and naming another queue is refused.
     */
    public ApiResponse list(Caller caller, String queue, String status, String limit, String cursor, String q,
                            String since, String until) {
        JobStatus wanted = status == null || status.isEmpty() ? null : JobStatus.parse(status).orElseThrow(() ->
                ProblemException.invalid("status", "must be one of queued, started, retrying, finished, failed, cancelled"));
        String only = queue == null || queue.isEmpty() ? null : queue;
        if (only != null) {
            // a name no job's queue can have would list nothing, as if the queue had no jobs
            dev.warren.kafka.KafkaNames.jobQueueViolation(only).ifPresent(rule -> {
                throw ProblemException.invalid("queue", "'" + only + "' " + rule);
            });
        }
        if (only != null && !caller.mayUseQueue(only)) {
            throw new ProblemException(dev.warren.common.Problem.of(403, "Forbidden", "This key may not use the queue " + only));
        }
        String text = q == null || q.isEmpty() ? null : q;
        if (text != null && (text.length() < SEARCH_MIN || text.length() > SEARCH_MAX)) {
            throw ProblemException.invalid("q", "must be " + SEARCH_MIN + " to " + SEARCH_MAX + " characters");
        }
        Instant from = time("since", since);
        Instant to = time("until", until);
        if (from != null && to != null && !to.isAfter(from)) {
            throw ProblemException.invalid("until", "must be after since");
        }
        return ApiResponse.ok(page(caller, new JobFilter(only, wanted, from, to, text), limit, cursor));
    }

    /** An ISO-8601 time with an offset (2026-11-26T04:00:00Z), or null when not given. */
    static Instant time(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(name, "must be an ISO-8601 time with an offset, e.g. 2026-11-26T04:00:00Z");
        }
    }

    /** Retries each job of the list, in order, and answers each one's outcome; one job's refusal stops no other. */
    public ApiResponse retryAll(byte[] body, Caller caller) {
        RetryRequest request = body == null || body.length == 0 ? new RetryRequest(null) : Json.read(body, RetryRequest.class);
        if (request.ids() == null || request.ids().isEmpty() || request.ids().size() > RETRY_MAX) {
            throw ProblemException.invalid("ids", "must list 1 to " + RETRY_MAX + " job ids");
        }
        if (request.ids().stream().anyMatch(id -> id == null || id.isBlank())) {
            throw ProblemException.invalid("ids", "must not hold an empty id");
        }
        List<ApiSchemas.RetriedJob> outcomes = new ArrayList<>();
        for (String id : new LinkedHashSet<>(request.ids())) {
            try {
                retry(id, caller);
                outcomes.add(new ApiSchemas.RetriedJob(id, 202, "queued", null));
            } catch (ProblemException e) {
                outcomes.add(new ApiSchemas.RetriedJob(id, e.problem().status(), ApiSchemas.RetriedJob.outcome(e.problem().status()),
                        e.problem().detail()));
            }
        }
        return ApiResponse.ok(new ApiSchemas.RetriedJobs(outcomes));
    }

    public ApiResponse cancel(String id, Caller caller) {
        visible(jobs.get(id), caller);
        return ApiResponse.ok(jobs.cancel(id));
    }

    public ApiResponse retry(String id, Caller caller) {
        visible(jobs.get(id), caller);
        return ApiResponse.accepted(jobs.retry(id)).withHeader("Location", "/api/jobs/" + id);
    }

    /**
     * The job, when the caller may use its queue; a job of another queue is answered as missing (404), so that a key
     * limited to some queues does not learn which ids exist elsewhere.
     */
    private static JobView visible(JobView job, Caller caller) {
        if (!caller.mayUseQueue(job.queue())) {
            throw ProblemException.notFound("No job " + job.id());
        }
        return job;
    }

    public ApiResponse deadLetters(String queue, String limit, String cursor) {
        queues.requireQueue(queue);
        QueueApi.refuseCompanion(queue);
        return ApiResponse.ok(page(dev.warren.auth.Caller.ANONYMOUS_ADMIN, JobFilter.of(queue, JobStatus.FAILED), limit, cursor));
    }

    public ApiResponse replay(String queue, byte[] body) {
        queues.requireQueue(queue);
        QueueApi.refuseCompanion(queue);
        ReplayRequest request = body == null ? new ReplayRequest(null) : Json.read(body, ReplayRequest.class);
        int limit = request.limit() == null ? Integer.MAX_VALUE : request.limit();
        if (limit < 1) {
            throw ProblemException.invalid("limit", "must be at least 1");
        }
        return ApiResponse.ok(new ApiSchemas.Replayed(replay.replay(queue, limit)));
    }

    private ApiSchemas.JobPage page(Caller caller, JobFilter filter, String limit, String cursor) {
        int size = Page.limit(limit);
        long before = cursor == null || cursor.isEmpty() ? Long.MAX_VALUE : Cursor.position("cursor", cursor);
        JobViews.Rows rows = caller.scoped() && filter.queue() == null
                ? scopedRows(caller, filter, before, size + 1) : jobs.list(filter, before, size + 1);
        List<JobView> items = rows.rows().stream().limit(size).map(Map.Entry::getValue).toList();
        // a search that stopped before the oldest job goes on below where it stopped, even with fewer items than asked
        String next = rows.rows().size() > size ? String.valueOf(rows.rows().get(size - 1).getKey())
                : rows.stoppedAt() != null ? String.valueOf(rows.stoppedAt()) : null;
        return new ApiSchemas.JobPage(items, next);
    }

    /** Up to limit jobs of the caller's queues before the cursor, read a batch at a time and filtered. */
    private JobViews.Rows scopedRows(Caller caller, JobFilter filter, long before, int limit) {
        List<Map.Entry<Long, JobView>> rows = new ArrayList<>();
        long cursor = before;
        for (int batches = 0; batches < 20; batches++) {
            JobViews.Rows batch = jobs.list(filter, cursor, 500);
            batch.rows().stream().filter(row -> caller.mayUseQueue(row.getValue().queue())).limit(limit - rows.size())
                    .forEach(rows::add);
            if (rows.size() >= limit) {
                return new JobViews.Rows(rows, null);
            }
            if (batch.rows().size() < 500) {
                return new JobViews.Rows(rows, batch.stoppedAt());
            }
            cursor = batch.rows().get(batch.rows().size() - 1).getKey();
        }
        return new JobViews.Rows(rows, cursor);
    }
}
