package dev.warren.api;

import dev.warren.common.ProblemException;
import dev.warren.common.Json;

import dev.warren.jobs.DeadLetterReplay;
import dev.warren.jobs.JobStatus;
import dev.warren.jobs.JobView;
import dev.warren.jobs.Jobs;

import dev.warren.auth.Caller;

import java.util.ArrayList;
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

    public ApiResponse get(String id, Caller caller) {
        return ApiResponse.ok(visible(jobs.get(id), caller));
    }

    /** Jobs newest first; a key limited to some queues sees only theirs, and naming another queue is refused. */
    public ApiResponse list(Caller caller, String queue, String status, String limit, String cursor) {
        JobStatus wanted = status == null || status.isEmpty() ? null : JobStatus.parse(status).orElseThrow(() ->
                ProblemException.invalid("status", "must be one of queued, started, retrying, finished, failed, cancelled"));
        String only = queue == null || queue.isEmpty() ? null : queue;
        if (only != null && !caller.mayUseQueue(only)) {
            throw new ProblemException(dev.warren.common.Problem.of(403, "Forbidden", "This key may not use the queue " + only));
        }
        return ApiResponse.ok(page(caller, only, wanted, limit, cursor));
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
        return ApiResponse.ok(page(dev.warren.auth.Caller.ANONYMOUS_ADMIN, queue, JobStatus.FAILED, limit, cursor));
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

    private ApiSchemas.JobPage page(Caller caller, String queue, JobStatus status, String limit, String cursor) {
        int size = Page.limit(limit);
        long before = Long.MAX_VALUE;
        if (cursor != null && !cursor.isEmpty()) {
            try {
                before = Long.parseLong(cursor);
            } catch (NumberFormatException e) {
                throw ProblemException.invalid("cursor", "is not a cursor this API gave out");
            }
        }
        List<Map.Entry<Long, JobView>> rows = caller.scoped() && queue == null
                ? scopedRows(caller, status, before, size + 1) : jobs.list(queue, status, before, size + 1);
        List<JobView> items = rows.stream().limit(size).map(Map.Entry::getValue).toList();
        String next = rows.size() > size ? String.valueOf(rows.get(size - 1).getKey()) : null;
        return new ApiSchemas.JobPage(items, next);
    }

    /** Up to limit jobs of the caller's queues before the cursor, read a batch at a time and filtered. */
    private List<Map.Entry<Long, JobView>> scopedRows(Caller caller, JobStatus status, long before, int limit) {
        List<Map.Entry<Long, JobView>> rows = new ArrayList<>();
        long cursor = before;
        for (int batches = 0; rows.size() < limit && batches < 20; batches++) {
            List<Map.Entry<Long, JobView>> batch = jobs.list(null, status, cursor, 500);
            batch.stream().filter(row -> caller.mayUseQueue(row.getValue().queue())).limit(limit - rows.size())
                    .forEach(rows::add);
            if (batch.size() < 500) {
                break;
            }
            cursor = batch.get(batch.size() - 1).getKey();
        }
        return rows;
    }
}
