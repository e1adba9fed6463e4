package dev.warren.api;

import dev.warren.common.ProblemException;
import dev.warren.common.Json;

import dev.warren.workers.WorkerGroupSpec;
import dev.warren.workers.WorkerGroupView;
import dev.warren.workers.WorkerGroups;
import dev.warren.workers.WorkerTypes;

/** The worker group endpoints: create or replace, scale, pause, resume, remove and view. */
public final class WorkerApi {

    /** The body of a scale request. */
    public record ScaleRequest(Integer count) {
    }

    private final WorkerGroups groups;
    private final WorkerTypes types;
    private final QueueApi queues;

    public WorkerApi(WorkerGroups groups, WorkerTypes types, QueueApi queues) {
        this.groups = groups;
        this.types = types;
        this.queues = queues;
    }

    /** The worker types found under routes/, with their parameters and any load error. */
    public ApiResponse types() {
        return ApiResponse.ok(types.all());
    }

    public ApiResponse put(String queue, byte[] body) {
        QueueApi.checkOwnQueue(queue);
        WorkerGroupSpec spec = Json.read(body, WorkerGroupSpec.class);
        types.targetError(spec.type(), spec.target() != null).ifPresent(error -> {
            throw ProblemException.invalid(java.util.List.of(error));
        });
        return ApiResponse.ok(groups.put(queue, spec, () -> queues.requireQueue(queue)));
    }

    public ApiResponse get(String queue) {
        QueueApi.checkName(queue);
        return ApiResponse.ok(groups.find(queue, true).orElseThrow(() -> noGroup(queue)));
    }

    /** The worker groups of the queues this caller may use, a page at a time. */
    public ApiResponse list(dev.warren.auth.Caller caller, String limit, String cursor) {
        Page<WorkerGroupView> page = Page.of(groups.all().stream().filter(g -> caller.mayUseQueue(g.queue())).toList(),
                WorkerGroupView::queue, limit, cursor);
        return ApiResponse.ok(new ApiSchemas.WorkerGroupPage(page.items(), page.next()));
    }

    public ApiResponse scale(String queue, byte[] body) {
        QueueApi.checkOwnQueue(queue);
        ScaleRequest request = Json.read(body, ScaleRequest.class);
        if (request.count() == null) {
            throw ProblemException.invalid("count", "is required, between 0 and " + WorkerGroupSpec.MAX_COUNT);
        }
        return ApiResponse.ok(groups.scale(queue, request.count()));
    }

    public ApiResponse pause(String queue) {
        QueueApi.checkOwnQueue(queue);
        return ApiResponse.ok(groups.pause(queue));
    }

    public ApiResponse resume(String queue) {
        QueueApi.checkOwnQueue(queue);
        return ApiResponse.ok(groups.resume(queue));
    }

    public ApiResponse delete(String queue) {
        if (groups.config(queue) == null) {
            QueueApi.checkOwnQueue(queue);
        } else {
            // a group a companion was given before warren refused that can still be removed
            QueueApi.checkName(queue);
        }
        groups.delete(queue);
        return ApiResponse.noContent();
    }

    static ProblemException noGroup(String queue) {
        return ProblemException.notFound("Queue " + queue + " has no worker group; create one with PUT /api/queues/"
                + queue + "/workers");
    }
}
