package dev.warren.publishing;

import dev.warren.broker.ConfirmedPublisher;
import dev.warren.broker.DelayQueues;
import dev.warren.broker.OutgoingMessage;
import dev.warren.broker.QueueAdmin;
import dev.warren.common.ProblemException;
import dev.warren.jobs.Jobs;
import dev.warren.ops.WarrenMetrics;
import dev.warren.tasks.BatchRequest;
import dev.warren.tasks.TaskMessages;
import dev.warren.tasks.TaskRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/** Publishing tasks, the one use case the REST and the Flask-compatible endpoints call alike: tracked, then confirmed. */
public final class TaskPublishing {

    /** The ids of the tasks of a request; published is false when every one was a duplicate and nothing was sent. */
    public record Publication(List<String> ids, boolean published) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(TaskPublishing.class);

    private final ConfirmedPublisher publisher;
    private final DelayQueues delays;
    private final QueueAdmin admin;
    private final Jobs jobs;
    private final WarrenMetrics metrics;

    public TaskPublishing(ConfirmedPublisher publisher, DelayQueues delays, QueueAdmin admin, Jobs jobs,
                          WarrenMetrics metrics) {
        this.publisher = publisher;
        this.delays = delays;
        this.admin = admin;
        this.jobs = jobs;
        this.metrics = metrics;
    }

    /** Publishes one task to the queue. */
    public Publication publish(String queue, TaskRequest task) {
        OutgoingMessage message = TaskMessages.single(queue, task);
        return new Publication(List.of(message.id()), publishTracked(queue, List.of(message), List.of(task)));
    }

    /** Publishes a batch of tasks to the queue, all or none. */
    public Publication publish(String queue, BatchRequest batch) {
        List<OutgoingMessage> messages = TaskMessages.batch(queue, batch);
        boolean published = publishTracked(queue, messages, batch.tasks());
        return new Publication(messages.stream().map(OutgoingMessage::id).toList(), published);
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
        LOG.debug("Published {} to {}", ids.size() == 1 ? "task " + ids.get(0) : ids.size() + " tasks", queue);
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
                + "Declare the queue first");
    }
}
