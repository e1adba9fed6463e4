package dev.warren.delivery;

import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Route;
import org.apache.camel.Suspendable;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Pauses the consumers of every worker group while the job store is unreachable, and resumes them once it answers
 * again: messages stay in their queues instead of being claimed, given back and counted against a quorum queue's
 * delivery limit over and over.
 */
public final class StoreOutagePause {

    private static final Logger LOG = LoggerFactory.getLogger(StoreOutagePause.class);

    private final CamelContext context;
    private final BooleanSupplier storeUp;
    private final Duration checkEvery;
    private final ExecutorService executor;
    private final AtomicBoolean paused = new AtomicBoolean();

    public StoreOutagePause(CamelContext context, BooleanSupplier storeUp, Duration checkEvery) {
        this.context = context;
        this.storeUp = storeUp;
        this.checkEvery = checkEvery;
        this.executor = context.getExecutorServiceManager().newSingleThreadExecutor(this, "warren-store-outage");
    }

    /** True while the worker consumers are paused for a store outage. */
    public boolean paused() {
        return paused.get();
    }

    /** The store could not be reached: pauses every worker consumer (once), on a thread of its own, until it is back. */
    public void storeUnreachable() {
        if (paused.compareAndSet(false, true)) {
            // a consumer thread calls this: stopping its own container from it would wait for itself
            executor.submit(this::pauseUntilStoreIsBack);
        }
    }

    private void pauseUntilStoreIsBack() {
        List<Consumer> suspended = new ArrayList<>();
        try {
            LOG.warn("The job store is unreachable: worker consumers paused until it answers again");
            for (Route route : context.getRoutes()) {
                if (route.getId().startsWith("worker-") && route.getConsumer() instanceof Suspendable
                        && ServiceHelper.isStarted(route.getConsumer())) {
                    ServiceHelper.suspendService(route.getConsumer());
                    suspended.add(route.getConsumer());
                }
            }
            while (!storeUp.getAsBoolean()) {
                Thread.sleep(checkEvery.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException e) {
            LOG.warn("Pausing the worker consumers failed: {}", e.toString());
        } finally {
            resume(suspended);
        }
    }

    private void resume(List<Consumer> suspended) {
        for (Consumer consumer : suspended) {
            try {
                // a group removed during the outage has its consumer stopped: it stays so
                if (ServiceHelper.isSuspended(consumer) && context.getStatus().isStarted()) {
                    ServiceHelper.resumeService(consumer);
                }
            } catch (RuntimeException e) {
                LOG.warn("Resuming a worker consumer failed: {}", e.toString());
            }
        }
        paused.set(false);
        LOG.info("The job store answers again: {} worker consumer(s) resumed", suspended.size());
    }
}
