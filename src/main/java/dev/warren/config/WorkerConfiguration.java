package dev.warren.config;

import dev.warren.broker.ConfirmedPublisher;
import dev.warren.broker.DelayQueues;
import dev.warren.broker.QueueAdmin;
import dev.warren.broker.RawBodyConverter;
import dev.warren.delivery.DeliverySteps;
import dev.warren.delivery.StoreOutagePause;
import dev.warren.delivery.TargetConnections;
import dev.warren.delivery.TargetPolicy;
import dev.warren.delivery.WebhookSignature;
import dev.warren.jobs.JobStore;
import dev.warren.ops.RequeueOnError;
import dev.warren.ops.ShutdownGate;
import dev.warren.ops.WarrenMetrics;
import dev.warren.store.Store;
import dev.warren.workers.GroupStops;
import dev.warren.workers.ListenerContainers;
import dev.warren.workers.RouteFiles;
import dev.warren.workers.StopConsumersAtOnce;
import dev.warren.workers.WorkerGroupStore;
import dev.warren.workers.WorkerGroups;
import dev.warren.workers.WorkerRoutes;
import dev.warren.workers.WorkerTypes;
import org.apache.camel.CamelContext;
import org.apache.camel.component.springrabbit.SpringRabbitMQComponent;

import java.time.Duration;
import java.util.Optional;

/** Wires worker types, worker groups, their consumers and the delivery steps their routes call. */
final class WorkerConfiguration {

    /** How many groups of a changed worker type are made anew at once. */
    private static final int TYPE_CHANGE_THREADS = 4;

    /** The worker services the other features use. */
    record Workers(TargetPolicy targetPolicy, TargetConnections connections, ListenerContainers containers,
                   RouteFiles routeFiles, WorkerTypes workerTypes, WorkerGroups groups) {
    }

    private final String routesDirectory;
    private final long routesReloadIntervalMs;
    private final String deniedTargets;
    private final boolean allowUserinfo;
    private final int serverPort;
    private final boolean scraperAllowPort;
    private final long shutdownTimeoutSeconds;
    private final Optional<WebhookSignature> signature;

    WorkerConfiguration(Settings settings) {
        routesDirectory = settings.text("warren.routes.directory");
        routesReloadIntervalMs = settings.number("warren.routes.reload-interval-ms", 0);
        // empty: no target is denied (a choice for a closed network)
        deniedTargets = settings.optional("warren.delivery.denied-targets").orElse("");
        allowUserinfo = settings.flag("warren.delivery.allow-userinfo");
        serverPort = settings.port(PropertyPrecedence.SERVER_PORT);
        scraperAllowPort = settings.flag("warren.delivery.scraper-allow-port");
        shutdownTimeoutSeconds = settings.integer("warren.shutdown.timeout", 0);
        signature = signature(settings);
    }

    /** How deliveries are signed: by warren.delivery.signing-secret, when it is set (a secret: never quoted back). */
    static Optional<WebhookSignature> signature(Settings settings) {
        String key = "warren.delivery.signing-secret";
        try {
            return settings.optional(key).map(WebhookSignature::new);
        } catch (IllegalArgumentException e) {
            throw new Settings.Invalid(key + " is not a signing secret: whsec_ followed by base64, or any other text"
                    + " (the value is not repeated)");
        }
    }

    long routesReloadIntervalMs() {
        return routesReloadIntervalMs;
    }

    Workers workers(CamelContext context, Store store, QueueAdmin queueAdmin) throws Exception {
        TargetPolicy targetPolicy = TargetPolicy.of(deniedTargets,
                WarrenConfiguration.optional(context, "warren.delivery.allowed-targets").orElse(null), allowUserinfo)
                .refusingOwnPort(serverPort);
        TargetConnections connections = TargetConnections.install(context, targetPolicy);
        ListenerContainers containers = new ListenerContainers();
        GroupStops stops = new GroupStops(containers, connections::cut,
                context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "warren-group-drains"));
        // notified after the shutdown gate, which observability registered first: publishes are refused before this waits
        context.getManagementStrategy().addEventNotifier(new StopConsumersAtOnce(stops,
                Duration.ofSeconds(shutdownTimeoutSeconds), connections::cutAll));
        RouteFiles routeFiles = new RouteFiles(context, java.nio.file.Path.of(routesDirectory));
        context.getRegistry().bind(Beans.ROUTE_FILES, RouteFiles.class, routeFiles);
        Background.stopWithCamel(context, Beans.ROUTE_FILES, routeFiles);
        SpringRabbitMQComponent rabbit = context.getComponent("spring-rabbitmq", SpringRabbitMQComponent.class);
        rabbit.setListenerContainerFactory(new RequeueOnError(containers));
        rabbit.setMessageConverter(new RawBodyConverter(
                new org.apache.camel.component.springrabbit.DefaultMessageConverter(context)));
        WorkerTypes workerTypes = new WorkerTypes(context, routeFiles);
        WorkerGroups groups = new WorkerGroups(new WorkerGroupStore(store), new WorkerRoutes(context, containers, stops),
                workerTypes, containers, queueAdmin::mayExist, targetPolicy::urlViolation);
        // each remake mostly waits for its group's tasks in hand: a few threads keep many groups' waits apart
        groups.remakeOn(context.getExecutorServiceManager().newFixedThreadPool(this, "warren-type-changes",
                TYPE_CHANGE_THREADS));
        return new Workers(targetPolicy, connections, containers, routeFiles, workerTypes, groups);
    }

    /**
     * The groups' target gates and rate limits, by the name of a group's queue (other kinds of groups add theirs to
     * configs).
     */
    record Gates(dev.warren.delivery.TargetGates targets, dev.warren.delivery.RateLimits limits,
                 dev.warren.delivery.GroupConfigs configs) {

        /** Drops what the gates kept for a group that is gone (its breaker, limit and their gauges). */
        void forget(String queue) {
            targets.forget(queue);
            limits.forget(queue);
        }
    }

    /** The delivery steps the worker routes call; returns the groups' target gates and rate limits. */
    Gates delivery(CamelContext context, Workers workers, ConfirmedPublisher publisher,
                                             DelayQueues delays, JobStore jobStore, WarrenMetrics metrics,
                                             ShutdownGate gate, Store store,
                                             java.util.function.Predicate<String> restoreDeadLetterQueue) {
        DeliverySteps steps = new DeliverySteps(workers.groups(), publisher, delays, jobStore,
                signature,
                metrics, gate, workers.targetPolicy(), scraperAllowPort);
        // deliveries while the job store is unreachable: worker consumers pause until it answers again
        // a dead-letter queue deleted on the broker is declared again rather than the task redelivered without end
        steps.restoreDeadLetterQueuesWith(restoreDeadLetterQueue);
        // a call that failed because warren cut it (its group stopping alone) gives its task back, as at shutdown
        steps.seeCutsIn(workers.connections());
        steps.pauseOnStoreOutage(new StoreOutagePause(context, store::isUp, java.time.Duration.ofSeconds(1)));
        // each group's circuit breaker and slow-down for its target, asked before every delivery and shown in its view
        dev.warren.delivery.GroupConfigs configs = new dev.warren.delivery.GroupConfigs(workers.groups()::config);
        dev.warren.delivery.TargetGates gates = new dev.warren.delivery.TargetGates(configs, metrics);
        steps.gateWith(gates);
        workers.groups().showTargetStates(gates::state);
        // each rate-limited group's permits on this instance: its share of the group's limit
        dev.warren.delivery.RateLimits limits = new dev.warren.delivery.RateLimits(configs,
                workers.groups()::localShare, metrics);
        steps.limitWith(limits);
        workers.groups().showRateLimitStates(limits::state);
        context.getRegistry().bind(Beans.WORKER, steps);
        Gates made = new Gates(gates, limits, configs);
        workers.groups().whenRemoved(made::forget);
        return made;
    }
}
