package dev.warren.jobs;

import com.rabbitmq.client.GetResponse;
import dev.warren.api.ProblemException;
import dev.warren.broker.BrokerErrors;
import dev.warren.broker.ConfirmedPublisher;
import dev.warren.broker.Names;
import dev.warren.broker.OutgoingMessage;
import dev.warren.tasks.TaskHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

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
        // records land, or a job still marked started would look moved on and its dead letter be dropped
        store.flush();
        try {
            return template.execute(channel -> {
                // only the dead letters there now: a replayed task that fails again comes back behind them
                long present = channel.messageCount(deadLetters);
                int replayed = 0;
                for (long taken = 0; taken < present && replayed < limit; taken++) {
                    GetResponse dead = channel.basicGet(deadLetters, false);
                    if (dead == null) {
                        break;
                    }
                    long tag = dead.getEnvelope().getDeliveryTag();
                    try {
                        if (move(queue, dead)) {
                            replayed++;
                        }
                        channel.basicAck(tag, false);
                    } catch (RuntimeException e) {
                        channel.basicNack(tag, false, true);
                        throw e;
                    }
                }
                LOG.info("Replayed {} dead letter(s) of {}", replayed, queue);
                return replayed;
            });
        } catch (AmqpException e) {
            throw BrokerErrors.toProblem(e, "Dead-letter queue " + deadLetters);
        }
    }

    /** Publishes the dead letter's job again; false when the dead letter is stale and only to be dropped. */
    private boolean move(String queue, GetResponse dead) {
        String id = dead.getProps().getMessageId();
        Map<String, Object> headers = dead.getProps().getHeaders() == null ? Map.of() : dead.getProps().getHeaders();
        int generation = headers.get(TaskHeaders.GENERATION) instanceof Number n ? n.intValue() : 0;
        String jobId = id == null ? null : store.jobId(id, queue);
        Optional<JobStore.Existing> job = jobId == null ? Optional.empty() : store.existing(jobId);
        if (job.isEmpty()) {
            // a message warren never tracked: move it as it is
            Map<String, Object> kept = new LinkedHashMap<>();
            headers.forEach((name, value) -> kept.put(name, value == null ? null : value.toString()));
            kept.keySet().removeIf(TaskHeaders::isBrokerDeathHeader);
            return publish(new OutgoingMessage("", queue, id != null ? id : dev.warren.tasks.TaskMessages.newId(),
                    dead.getBody(), kept));
        }
        Optional<JobStore.Republish> republish = store.requeue(jobId, List.of(JobStatus.FAILED), generation);
        if (republish.isEmpty()) {
            return false;
        }
        try {
            return publish(Jobs.message(republish.get()));
        } catch (RuntimeException e) {
            store.unrequeue(jobId, JobStatus.FAILED);
            throw e;
        }
    }

    private boolean publish(OutgoingMessage message) {
        if (publisher.publish(List.of(message)).contains(false)) {
            throw ProblemException.notFound("Queue " + message.routingKey() + " does not exist any more");
        }
        return true;
    }
}
