package dev.warren.instances;

import dev.warren.delivery.TargetGates;
import dev.warren.delivery.TargetNews;
import dev.warren.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ExecutorService;

/**
 * Shares the target gates' pauses and breaker states between the instances on one PostgreSQL store: this instance's
 * news goes out as a notification on the "gates" channel at once, the others' is applied to the gate here. Nothing is
 * stored: a pause or an opening ends by its time anyway, so a lost notification only means this instance finds out
 * from the target itself, as it would alone.
 */
public final class SharedGates {

    private static final Logger LOG = LoggerFactory.getLogger(SharedGates.class);
    static final String TOPIC = "gates";

    private final Store store;
    private final String instance;
    private final TargetGates gates;
    private final ExecutorService sender;

    /** @param sender the thread notifications are sent on (gates tell under their lock, and a consumer must not wait) */
    public SharedGates(Store store, String instance, TargetGates gates, ExecutorService sender) {
        this.store = store;
        this.instance = instance;
        this.gates = gates;
        this.sender = sender;
    }

    /** Tells the other instances of a gate's news, from another thread. */
    public void tell(TargetNews told) {
        try {
            sender.execute(() -> send(told));
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // warren stops: nobody needs to hear it
        }
    }

    private void send(TargetNews told) {
        try {
            store.sendNotification(TOPIC, GateNotices.write(told, instance, System.currentTimeMillis()));
        } catch (RuntimeException e) {
            LOG.warn("Worker group {}: the other instances could not be told of the target gate ({}): {}",
                    told.news().queue(), told.news().getClass().getSimpleName(), e.getMessage());
        }
    }

    /** A notification heard on the "gates" channel: another instance's news applied here; this instance's own ignored. */
    public void heard(String payload) {
        GateNotices.read(payload, System.currentTimeMillis())
                .filter(notice -> !notice.from().equals(instance))
                .ifPresent(notice -> gates.apply(notice.news(), notice.from()));
    }
}
