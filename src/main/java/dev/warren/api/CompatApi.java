package dev.warren.api;

import dev.warren.common.Json;
import dev.warren.common.Problem;
import dev.warren.common.ProblemException;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.broker.QueueAdmin;
import dev.warren.broker.QueueSettings;
import dev.warren.publishing.TaskPublishing;
import dev.warren.tasks.TaskRequest;
import dev.warren.workers.WorkerGroupConfig;
import dev.warren.workers.WorkerGroupSpec;
import dev.warren.workers.WorkerGroups;

import java.util.List;


/**
 * The five endpoints of the Flask queue-management service warren replaces, kept for users moving over.
 * Like that service, scale and publish declare a missing queue (with warren's defaults) instead of answering 404.
 */
public final class CompatApi {

    private final WorkerGroups groups;
    private final QueueAdmin admin;
    private final QueueApi queueApi;
    private final TaskPublishing publishing;
    private final QueueSettings defaults;

    public CompatApi(WorkerGroups groups, QueueAdmin admin, QueueApi queueApi, TaskPublishing publishing,
                     QueueSettings defaults) {
        this.groups = groups;
        this.admin = admin;
        this.queueApi = queueApi;
        this.publishing = publishing;
        this.defaults = defaults;
    }

    public ApiResponse scale(String queue, byte[] body) {
        QueueApi.checkOwnQueue(queue);
        ApiSchemas.CompatScaleRequest request = Json.read(body, ApiSchemas.CompatScaleRequest.class);
        WorkerGroupConfig existing = groups.config(queue);
        String type = request.workerType() != null ? request.workerType() : existing != null ? existing.type() : null;
        if (existing != null && existing.autoscale() != null) {
            throw WorkerGroups.autoscaled(queue);
        }
        WorkerGroupSpec spec = existing == null
                ? new WorkerGroupSpec(request.count(), type, null, null, null, null, null, null, null, null)
                : new WorkerGroupSpec(request.count(), type, existing.prefetch(), existing.target(), existing.retry(),
                        existing.parameters(), existing.circuitBreaker(), existing.slowDown(), null,
                        existing.rateLimit());
        try {
            return ApiResponse.ok(groups.put(queue, spec, () -> declareIfMissing(queue)));
        } catch (ProblemException e) {
            throw withFlaskFieldNames(e);
        }
    }

    /** The same 400 naming the worker type by the Flask body's field, worker_type, which the caller sent. */
    static ProblemException withFlaskFieldNames(ProblemException e) {
        List<Problem.FieldError> errors = e.problem().errors();
        if (errors == null || errors.stream().noneMatch(error -> error.field().equals("type"))) {
            return e;
        }
        return ProblemException.invalid(errors.stream().map(error -> error.field().equals("type")
                ? new Problem.FieldError("worker_type", error.message()) : error).toList());
    }

    public ApiResponse publish(String queue, byte[] body) {
        QueueApi.checkOwnQueue(queue);
        JsonNode payload = Json.read(body, JsonNode.class);
        declareIfMissing(queue);
        return TaskApi.accepted(queue, publishing.publish(queue, new TaskRequest(payload, null, null, null)));
    }

    public ApiResponse clear(String queue) {
        QueueApi.checkOwnQueue(queue);
        queueApi.requireQueue(queue);
        boolean hadWorkers = groups.config(queue) != null;
        if (hadWorkers) {
            groups.delete(queue);
        }
        return ApiResponse.ok(new ApiSchemas.Cleared(queue, queueApi.purgeMessages(queue), hadWorkers));
    }

    /** The worker groups of the queues this caller may use. */
    public ApiResponse allWorkers(dev.warren.auth.Caller caller) {
        return ApiResponse.ok(groups.all().stream().filter(g -> caller.mayUseQueue(g.queue())).toList());
    }

    public ApiResponse workers(String queue) {
        QueueApi.checkName(queue);
        return ApiResponse.ok(groups.find(queue, true).orElseThrow(() -> WorkerApi.noGroup(queue)));
    }

    private void declareIfMissing(String queue) {
        if (!admin.exists(queue)) {
            admin.declare(queue, defaults);
        }
    }
}
