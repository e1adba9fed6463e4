package dev.warren.broker;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.amqp.core.QueueInformation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads queue views from the broker. Ready messages and consumers come from a passive declare (live); the
 * type and the unacknowledged count only the management API knows (it samples them every few seconds); without
 * it, one queue's view still answers with a note, and the list of queues cannot.
 */
public final class QueueViews {

    private final QueueAdmin admin;
    private final ManagementClient management;
    /** The wait queues of a queue that this instance declared (see DelayQueues#declared). */
    private final java.util.function.Function<String, List<String>> declaredWaitQueues;

    public QueueViews(QueueAdmin admin, ManagementClient management,
                      java.util.function.Function<String, List<String>> declaredWaitQueues) {
        this.admin = admin;
        this.management = management;
        this.declaredWaitQueues = declaredWaitQueues;
    }

    /** The view of one queue, or empty when the broker has no such queue. */
    public Optional<QueueView> find(String queue) {
        Optional<QueueInformation> live = admin.live(queue);
        if (live.isEmpty()) {
            return Optional.empty();
        }
        JsonNode stats;
        String note = null;
        try {
            stats = management.queue(queue).orElse(null);
        } catch (dev.warren.common.ProblemException unavailable) {
            if (unavailable.problem().status() != 503) {
                throw unavailable;
            }
            // publishing and delivery need only AMQP: the view shows what AMQP knows rather than failing
            stats = null;
            note = QueueView.NO_MANAGEMENT_API;
        }
        long ready = live.get().getMessageCount();
        Long unacked = stats == null ? null : stats.path("messages_unacknowledged").asLong();
        String deadLetterQueue = Names.deadLetterQueue(queue);
        QueueView.DeadLetter deadLetter = admin.live(deadLetterQueue)
                .map(info -> new QueueView.DeadLetter(deadLetterQueue, info.getMessageCount())).orElse(null);
        return Optional.of(new QueueView(queue, stats == null ? null : stats.path("type").asText(null),
                stats == null || stats.path("durable").asBoolean(), ready + (unacked == null ? 0 : unacked), ready, unacked,
                live.get().getConsumerCount(), deadLetter, null, note, QueueLimits.of(stats)));
    }

    /** Every queue of the virtual host except warren's companions, sorted by name, as the management API counts them. */
    public List<QueueView> all() {
        Map<String, JsonNode> byName = new HashMap<>();
        management.queues().forEach(queue -> byName.put(queue.path("name").asText(), queue));
        List<QueueView> views = new ArrayList<>();
        byName.keySet().stream().filter(name -> !Names.isCompanion(name)).sorted().forEach(name -> {
            JsonNode queue = byName.get(name);
            JsonNode dlq = byName.get(Names.deadLetterQueue(name));
            views.add(new QueueView(name, queue.path("type").asText(null), queue.path("durable").asBoolean(),
                    queue.path("messages").asLong(), queue.path("messages_ready").asLong(),
                    queue.path("messages_unacknowledged").asLong(), queue.path("consumers").asLong(),
                    dlq == null ? null : new QueueView.DeadLetter(dlq.path("name").asText(), dlq.path("messages").asLong()),
                    null, null));
        });
        return views;
    }

    /** The queue's type (quorum, classic) as the management API tells it; empty when it does not (or the queue is gone). */
    public Optional<String> type(String queue) {
        try {
            return management.queue(queue).map(q -> q.path("type").asText(null));
        } catch (dev.warren.common.ProblemException unavailable) {
            return Optional.empty();
        }
    }

    /**
     * Names of the companions (dead-letter and wait queues) the broker holds for this queue. Without the management API:
     * the dead-letter queue and the wait queues this instance declared (another instance's expire by their x-expires).
     */
    public List<String> companions(String queue) {
        java.util.Set<String> names = new java.util.TreeSet<>();
        names.add(Names.deadLetterQueue(queue));
        names.addAll(declaredWaitQueues.apply(queue));
        JsonNode queues;
        try {
            queues = management.queues();
        } catch (dev.warren.common.ProblemException e) {
            return List.copyOf(names);
        }
        names.clear();
        queues.forEach(q -> {
            String name = q.path("name").asText();
            if (name.equals(Names.deadLetterQueue(queue)) || Names.waitQueueOwner(name).filter(queue::equals).isPresent()) {
                names.add(name);
            }
        });
        return List.copyOf(names);
    }

    /**
     * What the broker holds of this queue's messages: in it (ready or unacknowledged), its wait queues and its
     * dead-letter queue (nothing also when the queue is gone). Empty when that cannot be told (the management API,
     * which counts unacknowledged messages, or the broker does not answer).
     */
    public Optional<BrokerHolds> holds(String queue) {
        try {
            Optional<QueueView> view = find(queue);
            if (view.isEmpty()) {
                return Optional.of(BrokerHolds.NOTHING);
            }
            if (view.get().type() == null) {
                return Optional.empty();
            }
            if (view.get().messages() > 0) {
                return Optional.of(BrokerHolds.MESSAGES);
            }
            for (String companion : companions(queue)) {
                if (Names.waitQueueOwner(companion).isPresent()) {
                    Optional<QueueView> waiting = find(companion);
                    if (waiting.isPresent() && (waiting.get().type() == null || waiting.get().messages() > 0)) {
                        return waiting.get().type() == null ? Optional.empty() : Optional.of(BrokerHolds.MESSAGES);
                    }
                }
            }
            boolean deadLetters = view.get().deadLetter() != null && view.get().deadLetter().messages() > 0;
            return Optional.of(deadLetters ? BrokerHolds.DEAD_LETTERS_ONLY : BrokerHolds.NOTHING);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
