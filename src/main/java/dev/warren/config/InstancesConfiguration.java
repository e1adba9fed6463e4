package dev.warren.config;

import dev.warren.delivery.TargetGates;
import dev.warren.instances.InstancePeers;
import dev.warren.instances.InstanceRegistry;
import dev.warren.kafka.KafkaWorkerGroupStore;
import dev.warren.kafka.KafkaWorkerGroups;
import dev.warren.instances.SharedGates;
import dev.warren.instances.StoreNotifications;
import dev.warren.instances.StoreTurn;
import dev.warren.store.Store;
import org.apache.camel.CamelContext;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Wires several warren instances on one PostgreSQL store into one: heartbeats, shares of each group's count, group
 * changes and target-gate states heard from the others, and work that runs on one instance at a time. On the embedded
 * store warren runs alone.
 */
final class InstancesConfiguration {

    private final long heartbeatMs;
    private final long expireMs;
    private final long resyncMs;

    private CamelContext context;
    private Store store;
    private InstanceRegistry registry;
    private StoreNotifications notifications;
    private final java.util.List<Runnable> alsoRebalance = new java.util.concurrent.CopyOnWriteArrayList<>();

    InstancesConfiguration(Settings settings) {
        heartbeatMs = settings.number("warren.instances.heartbeat-ms", 1);
        expireMs = settings.number("warren.instances.expire-ms", 1);
        resyncMs = settings.number("warren.instances.resync-ms", 1);
    }

    /** Joins this instance to the others of the store (PostgreSQL only); nothing happens until {@link #start}. */
    void instances(CamelContext context, Store store, WorkerConfiguration.Workers workers) throws Exception {
        this.context = context;
        this.store = store;
        if (!store.postgres()) {
            return;
        }
        registry = new InstanceRegistry(store, Duration.ofMillis(expireMs), workers.groups()::runningHere,
                workers.routeFiles()::templateHashes);
        workers.groups().runWith(new InstancePeers(registry));
        registry.onMembershipChanged(() -> {
            workers.groups().rebalance();
            alsoRebalance.forEach(Runnable::run);
        });
        notifications = new StoreNotifications(store, Duration.ofMillis(resyncMs))
                .on("groups", workers.groups()::sync, workers.groups()::syncAll);
    }

    /** Shares the groups' target-gate pauses and breaker states with the other instances (PostgreSQL only). */
    void shareGates(TargetGates gates) throws Exception {
        if (registry == null) {
            return;
        }
        SharedGates shared = new SharedGates(store, registry.id(), gates, Background.thread(context, "warren-gate-news"));
        gates.tellOthers(shared::tell);
        // nothing to re-read after a lost notification: gate states end by their time
        notifications.on("gates", shared::heard, () -> { });
    }

    /**
     * Runs the Kafka worker groups on every instance as the queue groups are: changes heard on their own channel,
     * re-read with every resync, and each instance's share given again when an instance joins or leaves.
     */
    void kafkaGroups(java.util.Optional<KafkaWorkerGroups> groups) {
        if (notifications == null || groups.isEmpty()) {
            return;
        }
        notifications.on(KafkaWorkerGroupStore.CHANNEL, groups.get()::sync, groups.get()::syncAll);
        alsoRebalance.add(groups.get()::rebalance);
    }

    /** The first heartbeat, before the groups are restored: a starting instance takes only its share. */
    void start(CamelContext started) {
        if (registry == null) {
            return;
        }
        try {
            // added last, so stopped first after the routes (their consumers have finished their tasks) and while
            // the store is still open: the row goes, and the others take this instance's shares at once
            Background.stopWithCamel(started, "warren-instance", registry);
            Background.stopWithCamel(started, "warren-store-notifications", notifications);
            registry.start(Background.thread(started, "warren-instance-heartbeat"), Duration.ofMillis(heartbeatMs));
        } catch (Exception e) {
            throw new IllegalStateException("warren could not join the other instances: " + e.getMessage(), e);
        }
    }

    /** Listens for group changes and gate states from other instances, once this one runs its groups. */
    void listen() {
        if (notifications != null) {
            notifications.start();
        }
    }

    /** Whether it is this instance's turn to do the named once-only work now (always, alone on an embedded store). */
    BooleanSupplier turn(String name) throws Exception {
        if (!store.postgres()) {
            return () -> true;
        }
        StoreTurn turn = new StoreTurn(store, name, registry.id());
        Background.stopWithCamel(context, name + "-turn", turn);
        return turn::ours;
    }
}
