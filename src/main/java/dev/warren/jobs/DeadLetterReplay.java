package dev.warren.jobs;

import com.rabbitmq.client.GetResponse;
import dev.warren.common.ProblemException;
import dev.warren.broker.BrokerErrors;
import dev.warren.broker.ConfirmedPublisher;
import dev.warren.broker.Names;
import dev.warren.broker.OutgoingMessage;
import dev.warren.tasks.TaskHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Moves dead letters back to their queue. Each move publishes (confirmed) before it acknowledges the dead letter,
 * so a crash half-way loses nothing: the dead letter stays, and, being of an older generation, is dropped later.
 */
public final class DeadLetterReplay {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterReplay.class);
    /** Reads AMQP properties as Spring AMQP does for a consumer (so as the worker that derives ids sees them). */
    private static final org.springframework.amqp.rabbit.support.DefaultMessagePropertiesConverter SPRING_PROPERTIES =
            new org.springframework.amqp.rabbit.support.DefaultMessagePropertiesConverter();

    private final RabbitTemplate template;
    private final ConfirmedPublisher publisher;
    private final JobStore store;

    public DeadLetterReplay(RabbitTemplate template, ConfirmedPublisher publisher, JobStore store) {
        this.template = template;
        this.publisher = publisher;
        this.store = store;
    }

    /** Replays up to limit failed jobs of the queue; dead letters of jobs that moved on are dropped. */
    public int replay(String queue, int limit) {
        String deadLetters = Names.deadLetterQueue(queue);
        // a worker records a job as failed just after its dead letter is confirmed, without waiting: let those
        // records land first; a dead letter whose record has still not landed stays where it is (KEPT)
        store.flush();
        try {
            return template.execute(channel -> {
                // only the dead letters there now: a replayed task that fails again comes back behind them
                long present = channel.messageCount(deadLetters);
                int replayed = 0;
                List<Long> kept = new ArrayList<>();
                try {
                    for (long taken = 0; taken < present && replayed < limit; taken++) {
                        GetResponse dead = channel.basicGet(deadLetters, false);
                        if (dead == null) {
                            break;
                        }
                        long tag = dead.getEnvelope().getDeliveryTag();
                        Move outcome;
                        try {
                            outcome = move(queue, dead);
                        } catch (RuntimeException e) {
                            kept.add(tag);
                            throw e;
                        }
                        switch (outcome) {
                            case MOVED -> {
                                replayed++;
                                channel.basicAck(tag, false);
                            }
                            case STALE -> channel.basicAck(tag, false);
                            case KEPT -> kept.add(tag);
                        }
                    }
                } finally {
                    // back into the dead-letter queue only now, so that the loop does not take them again
                    for (long tag : kept) {
                        channel.basicNack(tag, false, true);
                    }
                }
                LOG.info("Replayed {} dead letter(s) of {}", replayed, queue);
                return replayed;
            });
        } catch (AmqpException e) {
            if (BrokerErrors.isNotFound(e)) {
                throw ProblemException.notFound("Queue " + queue + " has no dead-letter queue " + deadLetters
                        + " (queues declared through warren have one)");
            }
            throw BrokerErrors.toProblem(e, "Dead-letter queue " + deadLetters);
        }
    }

    /** What became of one dead letter. */
    private enum Move {
        /** Its job was published again. */
        MOVED,
        /** Its job moved on (replayed, retried, ended, gone): the dead letter is only to be dropped. */
        STALE,
        /** Its job does not show as failed yet: the worker's record of it has not landed. It stays a dead letter. */
        KEPT
    }

    private Move move(String queue, GetResponse dead) {
        // a message published without an id gets the id a worker derives for it, so its job and webhook-id stay
        String id = dead.getProps().getMessageId() != null ? dead.getProps().getMessageId()
                : dev.warren.tasks.MessageIds.derived(queue, dead.getBody(), SPRING_PROPERTIES
                        .toMessageProperties(dead.getProps(), dead.getEnvelope(), "UTF-8"));
        Map<String, Object> headers = dead.getProps().getHeaders() == null ? Map.of() : dead.getProps().getHeaders();
        int generation = headers.get(TaskHeaders.GENERATION) instanceof Number n ? n.intValue() : 0;
        String jobId = store.jobId(id, queue);
        Optional<JobStore.Existing> job = jobId == null ? Optional.empty() : store.existing(jobId);
        if (job.isEmpty()) {
            Map<String, Object> kept = new LinkedHashMap<>();
            headers.forEach((name, value) -> kept.put(name, value == null ? null : value.toString()));
            kept.keySet().removeIf(TaskHeaders::isBrokerDeathHeader);
            // under its job's id: a copy fanned out to this queue whose id names another queue's job is "{queue}:{id}"
            OutgoingMessage letter = new OutgoingMessage("", queue, jobId, dead.getBody(), kept,
                    dead.getProps().getContentType(), dead.getProps().getContentEncoding());
            return store.tracking() ? replayAsNewJob(letter) : publishAsItIs(letter);
        }
        // a worker that dead-letters a task records its job as failed; the broker (TTL, length or delivery limit)
        // dead-letters a message whose job never ended
        boolean byWorker = headers.containsKey(TaskHeaders.FAILED_AT);
        JobStatus.Change change = byWorker ? JobStatus.Change.REPLAY : JobStatus.Change.REPLAY_BROKER_DEAD_LETTER;
        Optional<JobStore.Republish> republish = store.requeue(jobId, change, generation);
        if (republish.isEmpty()) {
            return store.existing(jobId)
                    .filter(now -> byWorker && now.generation() == generation && !now.status().isTerminal())
                    .map(now -> Move.KEPT).orElse(Move.STALE);
        }
        try {
            publish(Jobs.message(republish.get()));
            return Move.MOVED;
        } catch (RuntimeException e) {
            store.unrequeue(republish.get());
            throw e;
        }
    }

    /** Without job tracking: the letter is moved as it is. */
    private Move publishAsItIs(OutgoingMessage letter) {
        publish(letter);
        return Move.MOVED;
    }

    /**
     * A dead letter without a job (its failed job was deleted after warren.jobs.failed-retention, or warren never saw
     * the message) gets a new job: its id, queue, payload and headers, queued, attempts counted from 1 again; it is
     * published as that job's message, so that a worker delivers it and records its attempts.
     */
    private Move replayAsNewJob(OutgoingMessage letter) {
        JobStore.NewJob job = Jobs.newJob(letter.routingKey(), letter);
        if (store.insert(List.of(job)).get(0).isPresent()) {
            // a job with its id appeared meanwhile (a publish of the same id): the next replay decides with it
            return Move.KEPT;
        }
        try {
            publish(Jobs.message(new JobStore.Republish(job.id(), job.queue(), 0, job.payload(), job.headers(),
                    job.contentType(), job.contentEncoding(), null)));
        } catch (RuntimeException e) {
            store.forget(List.of(job.id()));
            throw e;
        }
        store.confirmed(List.of(job.id()));
        LOG.info("Dead letter {} of {} had no job (deleted after its retention, or never kept): replayed as a new job",
                job.id(), job.queue());
        return Move.MOVED;
    }

    private void publish(OutgoingMessage message) {
        if (publisher.publish(List.of(message)).contains(false)) {
            throw ProblemException.notFound("Queue " + message.routingKey() + " does not exist any more");
        }
    }
}
