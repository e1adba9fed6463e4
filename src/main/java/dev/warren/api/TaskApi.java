package dev.warren.api;

import dev.warren.common.ProblemException;
import dev.warren.common.Json;

import dev.warren.broker.ConfirmedPublisher;
import dev.warren.broker.DelayQueues;
import dev.warren.broker.OutgoingMessage;
import dev.warren.broker.QueueAdmin;
import dev.warren.jobs.Jobs;
import dev.warren.ops.WarrenMetrics;
import dev.warren.tasks.BatchRequest;
import dev.warren.tasks.TaskMessages;
import dev.warren.tasks.TaskRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The publishing endpoints: one task or a batch, answered 202 only once the broker confirmed them. */
public final class TaskApi {

    private static final Logger LOG = LoggerFactory.getLogger(TaskApi.class);

    private final ConfirmedPublisher publisher;
    private final DelayQueues delays;
    private final QueueAdmin admin;
    private final Jobs jobs;
    private final WarrenMetrics metrics;

    public TaskApi(ConfirmedPublisher publisher, DelayQueues delays, QueueAdmin admin, Jobs jobs, WarrenMetrics metrics) {
        this.publisher = publisher;
        this.delays = delays;
        this.admin = admin;
        this.jobs = jobs;
        this.metrics = metrics;
    }

    public ApiResponse publish(String queue, byte[] body) {
        QueueApi.checkName(queue);
        TaskRequest task = Json.read(body, TaskRequest.class);
        OutgoingMessage message = TaskMessages.single(queue, task);
        boolean published = publishTracked(queue, List.of(message), List.of(task));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", message.id());
        answer.put("queue", queue);
        answer.put("status", "queued");
        return new ApiResponse(published ? 202 : 200, answer, Map.of("Location", "/api/jobs/" + message.id()));
    }

    public ApiResponse publishBatch(String queue, byte[] body) {
        QueueApi.checkName(queue);
        BatchRequest batch = Json.read(body, BatchRequest.class);
        List<OutgoingMessage> messages = TaskMessages.batch(queue, batch);
        boolean published = publishTracked(queue, messages, batch.tasks());
        return new ApiResponse(published ? 202 : 200, Map.of("ids", messages.stream().map(OutgoingMessage::id).toList()),
                Map.of());
    }

    /**
     * Records the tasks as jobs, then publishes those not accepted before (a task id is an idempotency key).
     * A publish that fails forgets its jobs again, so that the client can retry with the same ids.
     *
     * @return false when every task was a duplicate and nothing was published
     */
    private boolean publishTracked(String queue, List<OutgoingMessage> messages, List<TaskRequest> tasks) {
        List<Jobs.Acceptance> decisions = jobs.accept(queue, messages);
        List<OutgoingMessage> fresh = new ArrayList<>();
        List<TaskRequest> freshTasks = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            if (decisions.get(i) instanceof Jobs.Acceptance.Publish) {
                fresh.add(jobs.tracked(messages.get(i)));
                freshTasks.add(tasks.get(i));
            }
        }
        if (fresh.isEmpty()) {
            return false;
        }
        List<String> ids = fresh.stream().map(OutgoingMessage::id).toList();
        try {
            publishAll(queue, fresh, freshTasks);
        } catch (RuntimeException e) {
            jobs.notPublished(ids);
            throw e;
        }
        jobs.published(ids);
        metrics.published(queue, ids.size());
        LOG.info("Published {} to {}", ids.size() == 1 ? "task " + ids.get(0) : ids.size() + " tasks", queue);
        return true;
    }

    /** Publishes tasks due now in one confirmed batch and delayed ones through wait queues. */
    private void publishAll(String queue, List<OutgoingMessage> messages, List<TaskRequest> tasks) {
        List<OutgoingMessage> now = new ArrayList<>();
        List<Integer> delayed = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            if (DelayQueues.bucket(delayOf(tasks.get(i))) == 0) {
                now.add(messages.get(i));
            } else {
                delayed.add(i);
            }
        }
        // a wait queue always routes, so a missing queue must be found before delayed tasks are parked
        if (!delayed.isEmpty() && !admin.exists(queue)) {
            throw missingQueue(queue);
        }
        if (!now.isEmpty() && publisher.publish(now).contains(false)) {
            throw missingQueue(queue);
        }
        delayed.forEach(i -> delays.publish(queue, delayOf(tasks.get(i)), messages.get(i)));
    }

    private static long delayOf(TaskRequest task) {
        return task.delayMs() == null ? 0 : task.delayMs();
    }

    private static ProblemException missingQueue(String queue) {
        return ProblemException.notFound("Queue " + queue + " does not exist; nothing was enqueued. "
                + "Declare it with PUT /api/queues/" + queue);
    }
}
