package dev.warren.api;

import dev.warren.common.Json;

import dev.warren.publishing.TaskPublishing;
import dev.warren.tasks.BatchRequest;
import dev.warren.tasks.TaskRequest;

import dev.warren.jobs.JobStatus;
import java.util.Map;

/** The publishing endpoints: one task or a batch, answered 202 only once the broker confirmed them. */
public final class TaskApi {

    private final TaskPublishing publishing;

    public TaskApi(TaskPublishing publishing) {
        this.publishing = publishing;
    }

    public ApiResponse publish(String queue, byte[] body) {
        QueueApi.checkOwnQueue(queue);
        return accepted(queue, publishing.publish(queue, Json.read(body, TaskRequest.class)));
    }

    public ApiResponse publishBatch(String queue, byte[] body) {
        QueueApi.checkOwnQueue(queue);
        TaskPublishing.Publication publication = publishing.publish(queue, Json.read(body, BatchRequest.class));
        return new ApiResponse(publication.published() ? 202 : 200, new ApiSchemas.PublishedBatch(publication.ids()), Map.of());
    }

    /** The answer to a single task: 202 when it was published, 200 when it had been accepted before. */
    static ApiResponse accepted(String queue, TaskPublishing.Publication publication) {
        String id = publication.ids().get(0);
        ApiSchemas.PublishedTask answer = new ApiSchemas.PublishedTask(id, queue, JobStatus.QUEUED.json());
        return new ApiResponse(publication.published() ? 202 : 200, answer, Map.of("Location", "/api/jobs/" + id));
    }
}
