package dev.warren.broker;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.core.RabbitAdmin;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Delays messages on the broker: a message waits in a queue `{queue}.wait.{ms}` whose message TTL dead-letters it
 * back to `{queue}`. Nothing waits in warren, so delays survive its restarts and hold no consumer. Delays are
 * rounded up to two significant digits so that a queue serves many of them; unused wait queues expire. Tasks a target
 * gate turned away wait apart, in `{queue}.wait.gate.{ms}`, so that they can be sent back early ({@link HeldTasks}).
 */
public final class DelayQueues {

    /** A wait queue outlives its last declaration by its TTL plus this margin; warren redeclares well before. */
    private static final long LEASE_MARGIN_MS = TimeUnit.MINUTES.toMillis(10);
    private static final long REDECLARE_AFTER_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final RabbitAdmin admin;
    private final ConfirmedPublisher publisher;
    private final boolean classicVersion2;
    private final Map<String, Long> declaredAt = new ConcurrentHashMap<>();

    public DelayQueues(RabbitAdmin admin, ConfirmedPublisher publisher, boolean classicVersion2) {
        this.admin = admin;
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
     * {@link HeldTasks} can send it back before its time.
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

    /** The wait queues of the queue (retry and gate) this instance declared; another instance's are not known here. */
    public List<String> declared(String queue) {
        return declaredAt.keySet().stream().filter(name -> Names.waitQueueOwner(name).filter(queue::equals).isPresent())
                .sorted().toList();
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
