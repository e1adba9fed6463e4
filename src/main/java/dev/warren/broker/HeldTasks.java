package dev.warren.broker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.GetResponse;
import dev.warren.common.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;

/** Sends the tasks a queue's target gate held in its gate wait queues back to the queue before their time. */
public final class HeldTasks {

    private static final Logger LOG = LoggerFactory.getLogger(HeldTasks.class);
    /** Messages moved per publish (and its one confirm). */
    private static final int BATCH = 200;

    private final RabbitTemplate template;
    private final ConfirmedPublisher publisher;
    private final Function<String, List<String>> declaredWaitQueues;

    /** @param declaredWaitQueues the wait queues of a queue that this instance declared (see DelayQueues#declared) */
    public HeldTasks(RabbitTemplate template, ConfirmedPublisher publisher, Function<String, List<String>> declaredWaitQueues) {
        this.template = template;
        this.publisher = publisher;
        this.declaredWaitQueues = declaredWaitQueues;
    }

    /**
     * Sends the tasks held for the queue by its target gate back to it now (its target changed: the old one's breaker or
     * pause no longer holds). Each batch is published with confirms and only then acknowledged, so a failure or a crash
     * half-way loses none (a task may then be delivered to the queue and also still wait: its claim drops the second).
     * Only what the gate wait queues hold when this starts is moved.
     *
     * @param candidates names of queues the broker holds (from its management API; may be empty): this queue's gate wait
     *                   queues among them, and those this instance declared, are emptied
     * @return how many tasks went back
     */
    public long release(String queue, Collection<String> candidates) {
        Set<String> held = new TreeSet<>();
        Stream.concat(candidates.stream(), declaredWaitQueues.apply(queue).stream())
                .filter(name -> name.startsWith(queue + Names.GATE_WAIT_INFIX)
                        && Names.waitQueueOwner(name).filter(queue::equals).isPresent())
                .forEach(held::add);
        long moved = 0;
        for (String waitQueue : held) {
            try {
                moved += moveBack(queue, waitQueue);
            } catch (AmqpException | ProblemException e) {
                // what stays there comes back by its TTL as before
                LOG.warn("Tasks held in {} could not all be sent back to {} early: {}", waitQueue, queue, e.getMessage());
            }
        }
        return moved;
    }

    private long moveBack(String queue, String waitQueue) {
        Long result = template.execute(channel -> {
            long present;
            try {
                present = channel.messageCount(waitQueue);
            } catch (IOException e) {
                return 0L; // expired meanwhile: nothing held there
            }
            long moved = 0;
            while (moved < present) {
                List<OutgoingMessage> batch = new ArrayList<>();
                long lastTag = 0;
                for (GetResponse got; batch.size() < Math.min(BATCH, present - moved)
                        && (got = channel.basicGet(waitQueue, false)) != null; ) {
                    lastTag = got.getEnvelope().getDeliveryTag();
                    batch.add(back(queue, got));
                }
                if (batch.isEmpty()) {
                    break;
                }
                boolean published = false;
                try {
                    published = !publisher.publish(batch).contains(false);
                } finally {
                    if (published) {
                        channel.basicAck(lastTag, true);
                    } else {
                        // not confirmed, or the queue is gone: they wait on as they were
                        channel.basicNack(lastTag, true, true);
                    }
                }
                if (!published) {
                    break;
                }
                moved += batch.size();
            }
            return moved;
        });
        if (result != null && result > 0) {
            LOG.info("{} task(s) held in {} sent back to {} early", result, waitQueue, queue);
        }
        return result == null ? 0 : result;
    }

    /**
     * The held message as it goes back to its queue: the same id, body, headers (warren published it without the
     * broker's own) and content type.
     */
    private static OutgoingMessage back(String queue, GetResponse got) {
        AMQP.BasicProperties props = got.getProps();
        Map<String, Object> headers = props.getHeaders() == null ? Map.of() : new LinkedHashMap<>(props.getHeaders());
        return new OutgoingMessage("", queue, props.getMessageId(), got.getBody(), headers, props.getContentType(),
                props.getContentEncoding());
    }
}
