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
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Creates the listener containers of worker routes and remembers them by queue, so that a group can be resized
 * live: camel-spring-rabbitmq gives no other access to a consumer's container.
 */
public final class ListenerContainers extends DefaultListenerContainerFactory {

    private static final Logger LOG = LoggerFactory.getLogger(ListenerContainers.class);
    /** How long a scale-up waits for the broker to register the consumers it added. */
    private static final Duration START_WAIT = Duration.ofSeconds(10);
    /** How long cut deliveries get to give their messages back after the cut. */
    public static final Duration CLOSING = Duration.ofSeconds(5);

    /** A consumer thread of a group and when it started. */
    public record ConsumerThread(Thread thread, Instant started) {
    }

    private final Map<String, SimpleMessageListenerContainer> byQueue = new ConcurrentHashMap<>();
    private final Map<String, Integer> sizes = new ConcurrentHashMap<>();
    /** Each group's shutdown timeout when it stops alone (camel.component.spring-rabbitmq.shutdownTimeout). */
    private final Map<String, Duration> timeouts = new ConcurrentHashMap<>();
    /** The containers stopping now, each with what completes once it has stopped. */
    private final Map<String, CompletableFuture<Void>> stopping = new ConcurrentHashMap<>();
    /** Set when warren stops: a drained group is not started again, nor its route stopped on its own. */
    private volatile boolean closing;
    private final Map<String, ConsumerStarts> starts = new ConcurrentHashMap<>();
    private final Map<String, List<ConsumerThread>> threadsByQueue = new ConcurrentHashMap<>();
    /** True while a trial route is made on this thread: its container must not replace the group's running one. */
    private final ThreadLocal<Boolean> trial = ThreadLocal.withInitial(() -> false);
    private final Consumer<Collection<Thread>> cutCalls;
    private final java.util.concurrent.ScheduledExecutorService timer;

    /**
     * @param cutCalls cuts the calls to targets that these consumer threads have under way, and refuses their next ones
     * @param timer    runs the cut of a drain that outlasted its calls' timeout
     */
    public ListenerContainers(Consumer<Collection<Thread>> cutCalls, java.util.concurrent.ScheduledExecutorService timer) {
        this.cutCalls = cutCalls;
        this.timer = timer;
    }

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
     * Stops every group's consumers at once: Camel stops the worker routes one after the other, and each container
     * takes up to a second to stop even when idle (its consumers wait out their receive timeout), so that stopping them
     * one by one made shutdown grow with the groups. The deliveries in hand get the timeout to finish; then the calls
     * still under way are cut, and only after that do the channels close and give their messages back. Containers
     * already stopping (a group paused or leaving this instance) are waited for and cut with the others.
     *
     * @param cutAll cuts every call under way (and those that would start after)
     */
    public void stopAll(Duration timeout, Runnable cutAll) {
        closing = true;
        byQueue.forEach((queue, container) -> {
            if (container.isRunning()) {
                beginStop(queue, container, timeout);
            }
        });
        List<CompletableFuture<Void>> all = List.copyOf(stopping.values());
        CompletableFuture<Void> stopped = CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
        if (!await(stopped, timeout)) {
            LOG.warn("{} of {} worker groups still delivering after {} s: their calls are cut and their tasks go back"
                    + " to their queues", unfinished(all), all.size(), timeout.toSeconds());
            cutAll.run();
            if (!await(stopped, CLOSING)) {
                LOG.warn("{} worker groups' consumers still stopping {} s after the cut", unfinished(all),
                        CLOSING.toSeconds());
            }
        }
    }

    private static long unfinished(List<CompletableFuture<Void>> stops) {
        return stops.stream().filter(stop -> !stop.isDone()).count();
    }

    /**
     * Stops one group's consumers (paused, replaced, removed), before Camel stops its route: the deliveries in hand get
     * the group's shutdown timeout to finish; then this group's calls still under way are cut (not other groups'), and
     * only after that do its channels close and give their messages back. Left to Camel, the container closed its
     * channels at the timeout while the calls ran on, and the task could reach its target twice at once. A container
     * already draining (see {@link #drain}) is stopped the same way, from now on.
     */
    public void stop(String queue) {
        SimpleMessageListenerContainer container = byQueue.get(queue);
        CompletableFuture<Void> stopped = stopping.get(queue);
        if (container == null || (stopped == null && !container.isRunning())) {
            return;
        }
        Duration timeout = timeouts.getOrDefault(queue, CLOSING);
        if (stopped == null) {
            LOG.info("Worker group {}: consumers stopping; their deliveries in hand get {} s", queue, timeout.toSeconds());
            stopped = beginStop(queue, container, timeout);
        }
        if (!await(stopped, timeout)) {
            LOG.warn("Worker group {} still delivering {} s after it began to stop: its calls are cut and their tasks go"
                    + " back to the queue", queue, timeout.toSeconds());
            cutCalls.accept(threads(queue).stream().map(ConsumerThread::thread).toList());
            if (!await(stopped, CLOSING)) {
                LOG.warn("Worker group {}: consumers still stopping {} s after the cut", queue, CLOSING.toSeconds());
            }
        }
        // a container started again stops by Camel alone on other paths (a store outage): with the usual timeout
        container.setShutdownTimeout(timeout.toMillis());
    }

    /**
     * Stops the group's consumers on this instance without a cut, and returns at once: each finishes its task in hand
     * as a consumer removed by a lower count does (this instance's share of a running group went to 0). A call cannot
     * outlast its target's timeout, so the deliveries get that and the group's shutdown timeout before their calls are
     * cut all the same. whenDrained runs once the consumers have stopped (not when warren stops meanwhile).
     *
     * @return false when the group's consumers are stopped already (nothing to wait for)
     */
    public boolean drain(String queue, Duration callTimeout, Runnable whenDrained) {
        SimpleMessageListenerContainer container = byQueue.get(queue);
        CompletableFuture<Void> stopped = stopping.get(queue);
        if (container == null || (stopped == null && !container.isRunning())) {
            return false;
        }
        if (stopped != null) {
            return true;
        }
        Duration timeout = timeouts.getOrDefault(queue, CLOSING);
        Duration longest = callTimeout.plus(timeout);
        LOG.info("Worker group {}: consumers here stopping; their deliveries in hand finish first", queue);
        CompletableFuture<Void> drained = beginStop(queue, container, longest);
        java.util.concurrent.ScheduledFuture<?> lateCut = timer.schedule(() -> {
            if (!drained.isDone() && !closing) {
                LOG.warn("Worker group {} still delivering {} s after its consumers here began to stop: their calls are"
                        + " cut and their tasks go back to the queue", queue, longest.toSeconds());
                cutCalls.accept(threads(queue).stream().map(ConsumerThread::thread).toList());
            }
        }, longest.toMillis(), TimeUnit.MILLISECONDS);
        drained.thenRun(() -> {
            // a pending timer would hold warren's shutdown for the executor's grace period
            lateCut.cancel(false);
            container.setShutdownTimeout(timeout.toMillis());
            if (!closing) {
                whenDrained.run();
            }
        });
        return true;
    }

    /** Whether the group's consumers are stopping (their deliveries in hand not all finished yet). */
    public boolean isStopping(String queue) {
        return stopping.containsKey(queue);
    }

    /** Whether the group's container runs (false while it stops, and once stopped). */
    public boolean isRunning(String queue) {
        SimpleMessageListenerContainer container = byQueue.get(queue);
        return container != null && container.isRunning();
    }

    /**
     * Begins to stop the container, which closes the channels of deliveries still running only well after timeout (by
     * then their calls are cut); the future completes when it has stopped.
     */
    private CompletableFuture<Void> beginStop(String queue, SimpleMessageListenerContainer container, Duration timeout) {
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        stopping.put(queue, stopped);
        container.setShutdownTimeout(timeout.plus(CLOSING).plus(CLOSING).toMillis());
        container.stop(() -> {
            stopping.remove(queue, stopped);
            stopped.complete(null);
        });
        return stopped;
    }

    private static boolean await(CompletableFuture<Void> stopped, Duration timeout) {
        try {
            stopped.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // not known to have stopped: the calls are cut all the same, so that none outlives its message's return
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return true;
        }
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
        stopping.remove(queue);
        sizes.remove(queue);
        timeouts.remove(queue);
        starts.remove(queue);
        threadsByQueue.remove(queue);
    }
}
