package dev.warren.workers;

import org.apache.camel.component.springrabbit.DefaultListenerContainerFactory;
import org.apache.camel.component.springrabbit.SpringRabbitMQEndpoint;
import org.springframework.amqp.rabbit.listener.AbstractMessageListenerContainer;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Creates the listener containers of worker routes and remembers them by queue, so that a group can be resized
 * live: camel-spring-rabbitmq gives no other access to a consumer's container.
 */
public final class ListenerContainers extends DefaultListenerContainerFactory {

    private static final Logger LOG = LoggerFactory.getLogger(ListenerContainers.class);
    /** How long a scale-up waits for the broker to register the consumers it added. */
    private static final Duration START_WAIT = Duration.ofSeconds(10);

    /** A consumer thread of a group and when it started. */
    public record ConsumerThread(Thread thread, Instant started) {
    }

    private final Map<String, SimpleMessageListenerContainer> byQueue = new ConcurrentHashMap<>();
    private final Map<String, Integer> sizes = new ConcurrentHashMap<>();
    /** Each group's shutdown timeout when it stops alone (camel.component.spring-rabbitmq.shutdownTimeout). */
    private final Map<String, Duration> timeouts = new ConcurrentHashMap<>();
    private final Map<String, ConsumerStarts> starts = new ConcurrentHashMap<>();
    private final Map<String, List<ConsumerThread>> threadsByQueue = new ConcurrentHashMap<>();
    /** True while a trial route is made on this thread: its container must not replace the group's running one. */
    private final ThreadLocal<Boolean> trial = ThreadLocal.withInitial(() -> false);

    @Override
    public AbstractMessageListenerContainer createListenerContainer(SpringRabbitMQEndpoint endpoint) {
        AbstractMessageListenerContainer container = super.createListenerContainer(endpoint);
        if (trial.get()) {
            return container;
        }
        String queue = endpoint.getQueues();
        AtomicInteger sequence = new AtomicInteger();
        List<ConsumerThread> threads = threadsByQueue.computeIfAbsent(queue, q -> new java.util.concurrent.CopyOnWriteArrayList<>());
        container.setTaskExecutor(new SimpleAsyncTaskExecutor(runnable -> {
            Thread thread = new Thread(runnable, "worker-" + queue + "-" + sequence.incrementAndGet());
            threads.add(new ConsumerThread(thread, Instant.now()));
            return thread;
        }));
        if (container instanceof SimpleMessageListenerContainer simple) {
            ConsumerStarts consumerStarts = new ConsumerStarts();
            simple.setApplicationEventPublisher(consumerStarts);
            starts.put(queue, consumerStarts);
            byQueue.put(queue, simple);
            sizes.put(queue, endpoint.getConcurrentConsumers() != null ? endpoint.getConcurrentConsumers() : 1);
            timeouts.put(queue, Duration.ofMillis(endpoint.getComponent().getShutdownTimeout()));
        }
        return container;
    }

    /**
     * Changes the number of consumers without restarting the container. The order matters: raising the maximum
     * first lets new consumers start at once; lowering it last stops idle ones at once rather than one a minute.
     * The consumers added start together, and this returns once the broker has registered them (10 s at most).
     */
    public void resize(String queue, int consumers) {
        SimpleMessageListenerContainer container = byQueue.get(queue);
        if (container == null || consumers < 1) {
            return;
        }
        // the size last set, not the active count: stopped consumers count as active until their threads end
        int size = sizes.getOrDefault(queue, 1);
        if (consumers > size) {
            container.setMaxConcurrentConsumers(consumers);
            if (!container.isActive()) {
                // a container that is not running only takes the number, and starts that many when it starts
                container.setConcurrentConsumers(consumers);
            } else if (!starts.get(queue).startTogether(() -> container.setConcurrentConsumers(consumers), consumers - size,
                    START_WAIT)) {
                LOG.warn("Worker group {}: not all of the {} consumers added were registered by the broker within {} s",
                        queue, consumers - size, START_WAIT.toSeconds());
            }
        } else if (consumers < size) {
            container.setConcurrentConsumers(consumers);
            container.setMaxConcurrentConsumers(consumers);
        }
        sizes.put(queue, consumers);
    }

    /** Consumers running now; 0 when the container is stopped or unknown. */
    public int running(String queue) {
        SimpleMessageListenerContainer container = byQueue.get(queue);
        return container == null || !container.isRunning() ? 0
                : Math.min(container.getActiveConsumerCount(), sizes.getOrDefault(queue, 1));
    }

    /** Whether the group's container runs (false while it stops, and once stopped). */
    public boolean isRunning(String queue) {
        SimpleMessageListenerContainer container = byQueue.get(queue);
        return container != null && container.isRunning();
    }

    /** The group's container; null when unknown. */
    SimpleMessageListenerContainer container(String queue) {
        return byQueue.get(queue);
    }

    /** Every group's container, by queue (a live view). */
    Map<String, SimpleMessageListenerContainer> byQueue() {
        return java.util.Collections.unmodifiableMap(byQueue);
    }

    /** The group's shutdown timeout when it stops alone; empty when unknown. */
    Optional<Duration> shutdownTimeout(String queue) {
        return Optional.ofNullable(timeouts.get(queue));
    }

    /** The live consumer threads of the queue's group, oldest first. */
    public List<ConsumerThread> threads(String queue) {
        List<ConsumerThread> threads = threadsByQueue.get(queue);
        if (threads == null) {
            return List.of();
        }
        threads.removeIf(t -> !t.thread().isAlive() && t.thread().getState() != Thread.State.NEW);
        return new ArrayList<>(threads);
    }

    /** Runs the action (making a route that will never start) without remembering the containers it creates. */
    public void trial(Runnable action) {
        trial.set(true);
        try {
            action.run();
        } finally {
            trial.remove();
        }
    }

    public void forget(String queue) {
        byQueue.remove(queue);
        sizes.remove(queue);
        timeouts.remove(queue);
        starts.remove(queue);
        threadsByQueue.remove(queue);
    }
}
