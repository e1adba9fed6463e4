package dev.warren.api;

import dev.warren.broker.ConfirmedPublisher;
import dev.warren.broker.OutgoingMessage;
import dev.warren.tasks.BatchRequest;
import dev.warren.tasks.TaskMessages;
import dev.warren.tasks.TaskRequest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The publishing endpoints: one task or a batch, answered 202 only once the broker confirmed them. */
public final class TaskApi {

    private final ConfirmedPublisher publisher;

    public TaskApi(ConfirmedPublisher publisher) {
        this.publisher = publisher;
    }

    public ApiResponse publish(String queue, byte[] body) {
        QueueApi.checkName(queue);
        OutgoingMessage message = TaskMessages.single(queue, Json.read(body, TaskRequest.class));
        publishAll(queue, List.of(message));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", message.id());
        answer.put("queue", queue);
        answer.put("status", "queued");
        return ApiResponse.accepted(answer).withHeader("Location", "/api/jobs/" + message.id());
    }

    public ApiResponse publishBatch(String queue, byte[] body) {
        QueueApi.checkName(queue);
        List<OutgoingMessage> messages = TaskMessages.batch(queue, Json.read(body, BatchRequest.class));
        publishAll(queue, messages);
        return ApiResponse.accepted(Map.of("ids", messages.stream().map(OutgoingMessage::id).toList()));
    }

    private void publishAll(String queue, List<OutgoingMessage> messages) {
        if (publisher.publish(messages).contains(false)) {
            throw ProblemException.notFound("Queue " + queue + " does not exist; nothing was enqueued. "
                    + "Declare it with PUT /api/queues/" + queue);
        }
    }
}
