package dev.warren.workers;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/** Stops, drains and, past their timeout, cuts the consumers of worker groups, so no task reaches its target twice. */
public final class GroupStops {

    private static final Logger LOG = LoggerFactory.getLogger(GroupStops.class);
    /** How long cut deliveries get to give their messages back after the cut. */
    public static final Duration CLOSING = Duration.ofSeconds(5);

    private final ListenerContainers containers;
    private final Consumer<Collection<Thread>> cutCalls;
    private final ScheduledExecutorService timer;
    /** The containers stopping now, each with what completes once it has stopped. */
    private final Map<String, CompletableFuture<Void>> stopping = new ConcurrentHashMap<>();
    /** Set when warren stops: a drained group is not started again, nor its route stopped on its own. */
    private volatile boolean closing;

    /**
     * @param cutCalls cuts the calls to targets that these consumer threads have under way, and refuses their next ones
     * @param timer    runs the cut of a drain that outlasted its calls' timeout
     */
    public GroupStops(ListenerContainers containers, Consumer<Collection<Thread>> cutCalls, ScheduledExecutorService timer) {
        this.containers = containers;
        this.cutCalls = cutCalls;
        this.timer = timer;
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
        containers.byQueue().forEach((queue, container) -> {
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
        SimpleMessageListenerContainer container = containers.container(queue);
        CompletableFuture<Void> stopped = stopping.get(queue);
        if (container == null || (stopped == null && !container.isRunning())) {
            return;
        }
        Duration timeout = shutdownTimeout(queue);
        if (stopped == null) {
            LOG.info("Worker group {}: consumers stopping; their deliveries in hand get {} s", queue, timeout.toSeconds());
            stopped = beginStop(queue, container, timeout);
        }
        if (!await(stopped, timeout)) {
            LOG.warn("Worker group {} still delivering {} s after it began to stop: its calls are cut and their tasks go"
                    + " back to the queue", queue, timeout.toSeconds());
            cutCallsOf(queue);
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
        SimpleMessageListenerContainer container = containers.container(queue);
        CompletableFuture<Void> stopped = stopping.get(queue);
        if (container == null || (stopped == null && !container.isRunning())) {
            return false;
        }
        if (stopped != null) {
            return true;
        }
        Duration timeout = shutdownTimeout(queue);
        Duration longest = callTimeout.plus(timeout);
        LOG.info("Worker group {}: consumers here stopping; their deliveries in hand finish first", queue);
        CompletableFuture<Void> drained = beginStop(queue, container, longest);
        ScheduledFuture<?> lateCut = timer.schedule(() -> {
            if (!drained.isDone() && !closing) {
                LOG.warn("Worker group {} still delivering {} s after its consumers here began to stop: their calls are"
                        + " cut and their tasks go back to the queue", queue, longest.toSeconds());
                cutCallsOf(queue);
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

    /** Forgets the group's stop under way, if any (its route is gone). */
    public void forget(String queue) {
        stopping.remove(queue);
    }

    private Duration shutdownTimeout(String queue) {
        return containers.shutdownTimeout(queue).orElse(CLOSING);
    }

    private void cutCallsOf(String queue) {
        cutCalls.accept(containers.threads(queue).stream().map(ListenerContainers.ConsumerThread::thread).toList());
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
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // not known to have stopped: the calls are cut all the same, so that none outlives its message's return
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }
}
