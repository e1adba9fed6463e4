package dev.warren.broker;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.amqp.rabbit.core.RabbitAdmin;

import java.util.Map;
import java.util.Optional;

/** Declares, inspects, purges and deletes queues on the broker through Spring AMQP's admin. */
public final class QueueAdmin {

    private final RabbitAdmin admin;
    private final boolean classicVersion2;
    private final QuorumReplicas replicas;

    public QueueAdmin(RabbitAdmin admin, boolean classicVersion2) {
        this(admin, classicVersion2, null);
    }

    /** @param replicas the replica count of new quorum queues; null leaves it to the broker */
    public QueueAdmin(RabbitAdmin admin, boolean classicVersion2, QuorumReplicas replicas) {
        this.admin = admin;
        this.classicVersion2 = classicVersion2;
        this.replicas = replicas;
    }

    /**
     * Declares the queue and its dead-letter queue with these (default-filled) settings.
     *
     * @return true when the queue was created, false when it already existed with the same settings
     * @throws dev.warren.common.ProblemException 409 when it exists with other settings, 503 when the broker is down
     */
    public boolean declare(String queue, QueueSettings settings) {
        boolean existed = live(queue).isPresent();
        declare(queue, withReplicas(queue, () -> existed, settings, settings.queueArguments(queue, classicVersion2)),
                "Queue " + queue);
        String deadLetter = Names.deadLetterQueue(queue);
        declare(deadLetter, withReplicas(deadLetter, () -> live(deadLetter).isPresent(), settings,
                settings.deadLetterArguments(classicVersion2)), "Dead-letter queue " + deadLetter);
        return !existed;
    }

    /**
     * Declares the dead-letter queue of a queue the broker still has, of this type, when it went missing (deleted on the
     * broker behind warren's back).
     *
     * @return true when the queue is there and so, now, is its dead-letter queue
     */
    public boolean restoreDeadLetterQueue(String queue, String type) {
        if (!exists(queue)) {
            return false;
        }
        String deadLetter = Names.deadLetterQueue(queue);
        QueueSettings settings = new QueueSettings(type, null, null, null);
        declare(deadLetter, withReplicas(deadLetter, () -> live(deadLetter).isPresent(), settings,
                settings.deadLetterArguments(classicVersion2)), "Dead-letter queue " + deadLetter);
        return true;
    }

    /** The broker's live counts of a queue (passive declare), empty when there is no such queue. */
    public Optional<QueueInformation> live(String queue) {
        try {
            return Optional.ofNullable(admin.getQueueInfo(queue));
        } catch (AmqpException e) {
            throw BrokerErrors.toProblem(e, "Queue " + queue);
        }
    }

    public boolean exists(String queue) {
        return live(queue).isPresent();
    }

    /** False only when the broker says there is no such queue; an unreachable broker may still have it. */
    public boolean mayExist(String queue) {
        try {
            return exists(queue);
        } catch (dev.warren.common.ProblemException brokerUnreachable) {
            return true;
        }
    }

    /** Removes every ready message of the queue and answers how many there were. */
    public long purge(String queue) {
        try {
            return admin.purgeQueue(queue);
        } catch (AmqpException e) {
            throw BrokerErrors.toProblem(e, "Queue " + queue);
        }
    }

    /** Deletes the queue, whatever it holds, and the companions named. */
    public void delete(String queue, Iterable<String> companions) {
        try {
            admin.deleteQueue(queue);
            for (String companion : companions) {
                admin.deleteQueue(companion);
            }
        } catch (AmqpException e) {
            throw BrokerErrors.toProblem(e, "Queue " + queue);
        }
    }

    /** The arguments with the replica count of a quorum queue: decided for a new one, repeated for an existing one. */
    private Map<String, Object> withReplicas(String name, java.util.function.BooleanSupplier existed,
                                             QueueSettings settings, Map<String, Object> arguments) {
        if (replicas == null || !QueueSettings.QUORUM.equals(settings.type())) {
            return arguments;
        }
        Optional<?> count = existed.getAsBoolean() ? replicas.ofExisting(name) : replicas.forNewQueue();
        if (count.isEmpty()) {
            return arguments;
        }
        Map<String, Object> withCount = new java.util.LinkedHashMap<>(arguments);
        withCount.put(QuorumReplicas.ARGUMENT, count.get());
        return withCount;
    }

    private void declare(String name, Map<String, Object> arguments, String what) {
        try {
            admin.declareQueue(new Queue(name, true, false, false, arguments));
        } catch (AmqpException e) {
            throw BrokerErrors.toProblem(e, what);
        }
    }
}
