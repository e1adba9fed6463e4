package dev.warren.api;

import dev.warren.common.ProblemException;
import dev.warren.common.Json;

import dev.warren.jobs.DeadLetterReplay;
import dev.warren.jobs.JobStatus;
import dev.warren.jobs.JobView;
import dev.warren.jobs.Jobs;

import java.util.List;
import java.util.Map;

/** The job endpoints: follow, list, cancel and retry jobs; list and replay dead letters. */
public final class JobApi {

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

    public ApiResponse get(String id) {
        return ApiResponse.ok(jobs.get(id));
    }

    public ApiResponse list(String queue, String status, String limit, String cursor) {
        JobStatus wanted = status == null || status.isEmpty() ? null : JobStatus.parse(status).orElseThrow(() ->
                ProblemException.invalid("status", "must be one of queued, started, retrying, finished, failed, cancelled"));
        return ApiResponse.ok(page(queue == null || queue.isEmpty() ? null : queue, wanted, limit, cursor));
    }

    public ApiResponse cancel(String id) {
        return ApiResponse.ok(jobs.cancel(id));
    }

    public ApiResponse retry(String id) {
        return ApiResponse.accepted(jobs.retry(id)).withHeader("Location", "/api/jobs/" + id);
    }

    public ApiResponse deadLetters(String queue, String limit, String cursor) {
        queues.requireQueue(queue);
        return ApiResponse.ok(page(queue, JobStatus.FAILED, limit, cursor));
    }

    public ApiResponse replay(String queue, byte[] body) {
        queues.requireQueue(queue);
        ReplayRequest request = body == null ? new ReplayRequest(null) : Json.read(body, ReplayRequest.class);
        int limit = request.limit() == null ? Integer.MAX_VALUE : request.limit();
        if (limit < 1) {
            throw ProblemException.invalid("limit", "must be at least 1");
        }
        return ApiResponse.ok(new ApiSchemas.Replayed(replay.replay(queue, limit)));
    }

    private ApiSchemas.JobPage page(String queue, JobStatus status, String limit, String cursor) {
        int size = Page.limit(limit);
        long before = Long.MAX_VALUE;
        if (cursor != null && !cursor.isEmpty()) {
            try {
                before = Long.parseLong(cursor);
            } catch (NumberFormatException e) {
                throw ProblemException.invalid("cursor", "is not a cursor this API gave out");
            }
        }
        List<Map.Entry<Long, JobView>> rows = jobs.list(queue, status, before, size + 1);
        List<JobView> items = rows.stream().limit(size).map(Map.Entry::getValue).toList();
        String next = rows.size() > size ? String.valueOf(rows.get(size - 1).getKey()) : null;
        return new ApiSchemas.JobPage(items, next);
    }
}
