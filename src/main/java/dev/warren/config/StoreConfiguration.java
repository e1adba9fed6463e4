package dev.warren.config;

import dev.warren.broker.ConfirmedPublisher;
import dev.warren.broker.QueueViews;
import dev.warren.jobs.JobCleanup;
import dev.warren.jobs.JobReconciler;
import dev.warren.jobs.JobStore;
import dev.warren.jobs.Jobs;
import dev.warren.kafka.KafkaNames;
import dev.warren.store.Store;
import org.apache.camel.CamelContext;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/** Wires the database and the job store, its cleanup and its reconciliation, and closes them in order. */
final class StoreConfiguration {

    /** The job services the other features use. */
    record JobServices(JobStore jobStore, Jobs jobs) {
    }

    private final String storeUrl;
    private final String storeUser;
    private final int storePoolSize;
    private final long storeConnectionTimeoutMs;
    private final long storeCommitLingerUs;
    private final boolean jobsTracking;
    private final Duration jobsRetention;
    private final Duration jobsFailedRetention;
    private final long jobsCleanupIntervalMs;
    private final long jobsReconcileIntervalMs;

    StoreConfiguration(Settings settings) {
        storeUrl = settings.text("warren.store.url");
        storeUser = settings.text("warren.store.user");
        storePoolSize = settings.integer("warren.store.pool-size", 1);
        storeConnectionTimeoutMs = settings.number("warren.store.connection-timeout-ms", 1);
        storeCommitLingerUs = settings.number("warren.store.commit-linger-us", 0);
        jobsTracking = settings.flag("warren.jobs.tracking");
        jobsRetention = settings.duration("warren.jobs.retention");
        jobsFailedRetention = settings.duration("warren.jobs.failed-retention");
        jobsCleanupIntervalMs = settings.number("warren.jobs.cleanup-interval-ms", 1);
        jobsReconcileIntervalMs = settings.number("warren.jobs.reconcile-interval-ms", 1);
    }

    Store store(CamelContext context) {
        String url = withSsl(storeUrl, WarrenConfiguration.optional(context, "warren.store.ssl-mode"),
                WarrenConfiguration.optional(context, "warren.store.ssl-root-cert"));
        Store store = new Store(url, storeUser, WarrenConfiguration.optional(context, "warren.store.password").orElse(null),
                storePoolSize, Duration.ofMillis(storeConnectionTimeoutMs));
        store.start();
        // closed by StoreShutdown, after the job store
        context.getRegistry().bind(Beans.STORE, Store.class, store);
        return store;
    }

    /**
     * The PostgreSQL URL with the driver's sslmode and sslrootcert parameters added from their own properties (a URL
     * that already has them keeps its own); the URL's parameters work as well, these are for settings kept apart.
     */
    static String withSsl(String url, Optional<String> sslMode, Optional<String> sslRootCert) {
        if (sslMode.isEmpty() && sslRootCert.isEmpty()) {
            return url;
        }
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalStateException("warren.store.ssl-mode and warren.store.ssl-root-cert apply to a "
                    + "jdbc:postgresql: store only");
        }
        StringBuilder result = new StringBuilder(url);
        sslMode.filter(mode -> !url.contains("sslmode=")).ifPresent(mode -> append(result, "sslmode", mode));
        sslRootCert.filter(path -> !url.contains("sslrootcert=")).ifPresent(path -> append(result, "sslrootcert", path));
        return result.toString();
    }

    private static void append(StringBuilder url, String name, String value) {
        url.append(url.indexOf("?") < 0 ? '?' : '&').append(name).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    JobServices jobs(CamelContext context, Store store, ConfirmedPublisher publisher, long confirmTimeoutMs,
                     java.util.function.BooleanSupplier cleanupTurn) throws Exception {
        JobStore jobStore = new JobStore(store, jobsTracking, name -> Background.thread(context, name),
                Duration.ofNanos(storeCommitLingerUs * 1000));
        context.getRegistry().bind(Beans.JOB_STORE, JobStore.class, jobStore);
        // the first background service added, so the last one Camel stops
        StoreShutdown shutdown = new StoreShutdown(jobStore, store);
        context.getRegistry().bind(Beans.STORE_SHUTDOWN, StoreShutdown.class, shutdown);
        Background.stopWithCamel(context, Beans.STORE_SHUTDOWN, shutdown);
        // a publish waits for the store about as long as for a connection, and never longer than for the broker
        Jobs jobs = new Jobs(jobStore, publisher, unconfirmedAfter(confirmTimeoutMs),
                Duration.ofMillis(Math.min(confirmTimeoutMs, 2 * storeConnectionTimeoutMs)));
        JobCleanup cleanup = new JobCleanup(jobStore, jobsRetention, jobsFailedRetention);
        context.getRegistry().bind(Beans.JOB_CLEANUP, JobCleanup.class, cleanup);
        Background.stopWithCamel(context, Beans.JOB_CLEANUP, cleanup);
        cleanup.start(Background.thread(context, "warren-job-cleanup"), Duration.ofMillis(jobsCleanupIntervalMs), cleanupTurn);
        return new JobServices(jobStore, jobs);
    }

    JobReconciler reconciler(CamelContext context, JobStore jobStore, QueueViews queueViews, long confirmTimeoutMs)
            throws Exception {
        // the jobs of Kafka worker groups ("kafka:{topic}") have their records in Kafka: never taken for gone here
        JobReconciler reconciler = new JobReconciler(jobStore, queue -> queue.startsWith(KafkaNames.QUEUE_PREFIX)
                ? Optional.empty() : queueViews.holds(queue),
                Duration.ofMillis(jobsReconcileIntervalMs), unconfirmedAfter(confirmTimeoutMs));
        context.getRegistry().bind(Beans.JOB_RECONCILER, JobReconciler.class, reconciler);
        Background.stopWithCamel(context, Beans.JOB_RECONCILER, reconciler);
        return reconciler;
    }

    /** After this long a publish that never got its confirm counts as never made (jobs.md). */
    private static Duration unconfirmedAfter(long confirmTimeoutMs) {
        return Duration.ofMillis(confirmTimeoutMs * 2);
    }

    void startReconciler(CamelContext context, JobReconciler reconciler, java.util.function.BooleanSupplier turn) {
        reconciler.start(Background.thread(context, "warren-job-reconciler"), Duration.ofMillis(jobsReconcileIntervalMs), turn);
    }
}
