package dev.warren.broker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.GetResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Delays messages on the broker: a message waits in a queue `{queue}.wait.{ms}` whose message TTL dead-letters it
 * back to `{queue}`. Nothing waits in warren, so delays survive its restarts and hold no consumer. Delays are
 * rounded up to two significant digits so that a queue serves many of them; unused wait queues expire. Tasks a target
 * gate turned away wait apart, in `{queue}.wait.gate.{ms}`, so that they can be sent back early ({@link #releaseHeld}).
 */
public final class DelayQueues {

    private static final Logger LOG = LoggerFactory.getLogger(DelayQueues.class);
    /** Messages moved per publish (and its one confirm) when held tasks are sent back early. */
    private static final int RELEASE_BATCH = 200;

    /** A wait queue outlives its last declaration by its TTL plus this margin; warren redeclares well before. */
    private static final long LEASE_MARGIN_MS = TimeUnit.MINUTES.toMillis(10);
    private static final long REDECLARE_AFTER_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final RabbitAdmin admin;
    private final RabbitTemplate template;
    private final ConfirmedPublisher publisher;
    private final boolean classicVersion2;
    private final Map<String, Long> declaredAt = new ConcurrentHashMap<>();

    public DelayQueues(RabbitAdmin admin, RabbitTemplate template, ConfirmedPublisher publisher, boolean classicVersion2) {
        this.admin = admin;
        this.template = template;
        this.publisher = publisher;
        this.classicVersion2 = classicVersion2;
    }

    /** The delay actually applied for a requested one: rounded up to two significant digits. */
    public static long bucket(long delayMs) {
        if (delayMs <= 0) {
            return 0;
        }
        long magnitude = 1;
        while (delayMs / magnitude >= 100) {
            magnitude *= 10;
        }
        return (delayMs + magnitude - 1) / magnitude * magnitude;
    }

    public static String waitQueue(String queue, long bucketMs) {
        return queue + Names.WAIT_INFIX + bucketMs;
    }

    public static String gateWaitQueue(String queue, long bucketMs) {
        return queue + Names.GATE_WAIT_INFIX + bucketMs;
    }

    /** Publishes the message so that it reaches `queue` after about delayMs; returns once the broker confirmed. */
    public void publish(String queue, long delayMs, OutgoingMessage message) {
        publish(queue, delayMs, message, false);
    }

    /**
     * Like {@link #publish}, for a task the queue's target gate turned away: it waits in a gate wait queue, from which
     * {@link #releaseHeld} can send it back before its time.
     */
    public void hold(String queue, long delayMs, OutgoingMessage message) {
        publish(queue, delayMs, message, true);
    }

    private void publish(String queue, long delayMs, OutgoingMessage message, boolean held) {
        long bucket = bucket(delayMs);
        if (bucket == 0) {
            publisher.publish(List.of(message));
            return;
        }
        String waitQueue = held ? gateWaitQueue(queue, bucket) : waitQueue(queue, bucket);
        OutgoingMessage delayed = message.to("", waitQueue, message.headers());
        declare(queue, waitQueue, bucket, false);
        if (publisher.publish(List.of(delayed)).contains(false)) {
            // the wait queue expired between our declaration and the publish: declare it again and retry once
            declare(queue, waitQueue, bucket, true);
            publisher.publish(List.of(delayed));
        }
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
    public long releaseHeld(String queue, java.util.Collection<String> candidates) {
        java.util.Set<String> held = new java.util.TreeSet<>();
        java.util.stream.Stream.concat(candidates.stream(), declared(queue).stream())
                .filter(name -> name.startsWith(queue + Names.GATE_WAIT_INFIX)
                        && Names.waitQueueOwner(name).filter(queue::equals).isPresent())
                .forEach(held::add);
        long moved = 0;
        for (String waitQueue : held) {
            try {
                moved += release(queue, waitQueue);
            } catch (AmqpException | dev.warren.common.ProblemException e) {
                // what stays there comes back by its TTL as before
                LOG.warn("Tasks held in {} could not all be sent back to {} early: {}", waitQueue, queue, e.getMessage());
            }
        }
        return moved;
    }

    /** The wait queues of the queue (retry and gate) this instance declared; another instance's are not known here. */
    public List<String> declared(String queue) {
        return declaredAt.keySet().stream().filter(name -> Names.waitQueueOwner(name).filter(queue::equals).isPresent())
                .sorted().toList();
    }

    private long release(String queue, String waitQueue) {
        Long result = template.execute(channel -> {
            long present;
            try {
                present = channel.messageCount(waitQueue);
            } catch (java.io.IOException e) {
                return 0L; // expired meanwhile: nothing held there
            }
            long moved = 0;
            while (moved < present) {
                List<OutgoingMessage> batch = new java.util.ArrayList<>();
                long lastTag = 0;
                for (GetResponse got; batch.size() < Math.min(RELEASE_BATCH, present - moved)
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
        Map<String, Object> headers = props.getHeaders() == null ? Map.of() : new java.util.LinkedHashMap<>(props.getHeaders());
        return new OutgoingMessage("", queue, props.getMessageId(), got.getBody(), headers, props.getContentType(),
                props.getContentEncoding());
    }

    private void declare(String queue, String waitQueue, long bucket, boolean force) {
        Long last = declaredAt.get(waitQueue);
        if (!force && last != null && System.nanoTime() - last < REDECLARE_AFTER_NANOS) {
            return;
        }
        Map<String, Object> args = new java.util.LinkedHashMap<>();
        if (classicVersion2) {
            args.put("x-queue-version", 2);
        }
        args.put("x-message-ttl", bucket);
        args.put("x-dead-letter-exchange", "");
        args.put("x-dead-letter-routing-key", queue);
        args.put("x-expires", bucket + LEASE_MARGIN_MS);
        try {
            admin.declareQueue(new Queue(waitQueue, true, false, false, args));
        } catch (AmqpException e) {
            throw BrokerErrors.toProblem(e, "Wait queue " + waitQueue);
        }
        declaredAt.put(waitQueue, System.nanoTime());
    }
}
