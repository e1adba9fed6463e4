package dev.warren.jobs;

import dev.warren.broker.BrokerHolds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Brings the store in line with the broker: a job still queued, started or retrying although its queue and wait
 * queues hold no message any more lost its message's outcome, e.g. to a crash between acknowledging a delivery and
 * recording it, or the broker dead-lettered its message (message TTL, length or delivery limit) when the dead-letter
 * queue holds messages. Such a job is marked failed with an error saying which, rather than left waiting forever;
 * one unchanged since warren purged or deleted its queue is marked cancelled instead, the purge having removed its
 * message. Runs at start-up and then periodically, on its own thread.
 */
public final class JobReconciler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JobReconciler.class);

    private final JobStore store;
    private final Function<String, Optional<BrokerHolds>> brokerHolds;
    private final Duration grace;
    private final Duration unconfirmedAfter;
    private ScheduledExecutorService scheduler;

    /**
     * @param brokerHolds for a queue: what the broker holds of its messages (in it, its wait queues, its dead-letter
     *                    queue), empty when that cannot be told now
     * @param grace            a job changed more recently than this is left alone (its message may be on its way)
     * @param unconfirmedAfter a job whose publish is not confirmed is left alone until it is this old (the time after
     *                         which such a publish counts as never made); then it is reconciled like any other
     */
    public JobReconciler(JobStore store, Function<String, Optional<BrokerHolds>> brokerHolds, Duration grace,
                         Duration unconfirmedAfter) {
        this.store = store;
        this.brokerHolds = brokerHolds;
        this.grace = grace;
        this.unconfirmedAfter = unconfirmedAfter;
    }

    /** Runs on this scheduler (a thread of its own from Camel's ExecutorServiceManager), now first, then every interval. */
    public void start(ScheduledExecutorService scheduler, Duration interval) {
        start(scheduler, interval, () -> true);
    }

    /** As {@link #start(ScheduledExecutorService, Duration)}, running only when it is this instance's turn (one at a time). */
    public void start(ScheduledExecutorService scheduler, Duration interval, java.util.function.BooleanSupplier ourTurn) {
        this.scheduler = scheduler;
        scheduler.scheduleWithFixedDelay(() -> {
            if (ourTurn.getAsBoolean()) {
                runSafely();
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Marks the jobs whose message is gone; answers how many. */
    public int run() {
        if (!store.tracking()) {
            return 0;
        }
        Instant now = Instant.now();
        Instant before = now.minus(grace);
        Instant unconfirmedBefore = now.minus(unconfirmedAfter);
        int marked = 0;
        for (String queue : store.queuesWithOpenJobs(before, unconfirmedBefore)) {
            Optional<BrokerHolds> holds = brokerHolds.apply(queue);
            if (holds.isPresent() && holds.get() != BrokerHolds.MESSAGES) {
                boolean deadLetters = holds.get() == BrokerHolds.DEAD_LETTERS_ONLY;
                GoneJobs.Marked gone = store.markGone(queue, before, unconfirmedBefore, deadLetters);
                if (gone.gone() > 0) {
                    LOG.warn("{} job(s) of {} had no message left in its queue{}: marked failed ({}){}", gone.gone(), queue,
                            deadLetters ? " but dead letters in its dead-letter queue" : " nor its dead-letter queue",
                            deadLetters ? "dead-lettered by the broker" : "outcome unknown",
                            gone.purged() > 0 ? ", " + gone.purged() + " more marked cancelled (removed by a purge or delete)" : "");
                } else if (gone.purged() > 0) {
                    LOG.info("{} job(s) of {} had their message removed by a purge or delete of the queue: marked cancelled",
                            gone.purged(), queue);
                }
                marked += gone.total();
            }
        }
        return marked;
    }

    private void runSafely() {
        try {
            run();
        } catch (RuntimeException e) {
            LOG.warn("Job reconciliation failed: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
