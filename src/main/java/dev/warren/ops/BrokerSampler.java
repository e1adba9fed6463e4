package dev.warren.ops;

import dev.warren.broker.QueueView;
import dev.warren.broker.QueueViews;
import dev.warren.workers.WorkerGroupView;
import dev.warren.workers.WorkerGroups;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples in the background what a scrape must not ask the broker for (queue and dead-letter depths, one
 * management API call for all queues), and keeps the consumer gauges and the {@link ConsumerWatch} current.
 */
public final class BrokerSampler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerSampler.class);

    private final QueueViews queues;
    private final WorkerGroups groups;
    private final ConsumerWatch watch;
    private final MultiGauge messages;
    private final MultiGauge deadLetters;
    private final MultiGauge consumers;
    private ScheduledExecutorService scheduler;
    private volatile boolean brokerFailing;

    public BrokerSampler(MeterRegistry registry, QueueViews queues, WorkerGroups groups, ConsumerWatch watch) {
        this.queues = queues;
        this.groups = groups;
        this.watch = watch;
        this.messages = MultiGauge.builder("warren.queue.messages")
                .description("Messages in the queue, ready and unacknowledged, as the broker last reported").register(registry);
        this.deadLetters = MultiGauge.builder("warren.queue.dead.letters")
                .description("Messages in the queue's dead-letter queue, as the broker last reported").register(registry);
        this.consumers = MultiGauge.builder("warren.worker.consumers")
                .description("Consumers of a worker group: desired, and running now").register(registry);
    }

    /** Runs on this scheduler (a thread of its own from Camel's ExecutorServiceManager), now first, then every every. */
    public void start(ScheduledExecutorService scheduler, Duration every) {
        this.scheduler = scheduler;
        scheduler.scheduleWithFixedDelay(this::sample, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    void sample() {
        try {
            sampleGroups();
            watch.starved();
            sampleQueues();
        } catch (RuntimeException e) {
            LOG.warn("Sampling metrics failed: {}", e.toString());
        }
    }

    private void sampleGroups() {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (WorkerGroupView group : groups.all()) {
            String queue = group.queue();
            rows.add(MultiGauge.Row.of(Tags.of("queue", queue, "kind", "desired"), watch, w -> w.desired(queue)));
            rows.add(MultiGauge.Row.of(Tags.of("queue", queue, "kind", "running"), watch, w -> w.running(queue)));
        }
        consumers.register(rows, true);
    }

    private void sampleQueues() {
        List<QueueView> views;
        try {
            views = queues.all();
            if (brokerFailing) {
                LOG.info("Queue depths are read from the broker again");
                brokerFailing = false;
            }
        } catch (RuntimeException e) {
            if (!brokerFailing) {
                LOG.warn("Cannot read queue depths from the broker; the gauges show none until it answers: {}", e.getMessage());
                brokerFailing = true;
            }
            // a stale depth would look like a live one: show none
            messages.register(List.of(), true);
            deadLetters.register(List.of(), true);
            return;
        }
        List<MultiGauge.Row<?>> depth = new ArrayList<>();
        List<MultiGauge.Row<?>> dead = new ArrayList<>();
        for (QueueView view : views) {
            depth.add(MultiGauge.Row.of(Tags.of("queue", view.name()), view.messages()));
            if (view.deadLetter() != null) {
                dead.add(MultiGauge.Row.of(Tags.of("queue", view.name()), view.deadLetter().messages()));
            }
        }
        messages.register(depth, true);
        deadLetters.register(dead, true);
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
