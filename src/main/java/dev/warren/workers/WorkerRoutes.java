package dev.warren.workers;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.TemplatedRouteBuilder;

import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/** The Camel side of worker groups: one route `worker-{queue}` per group, made from its type's template. */
public final class WorkerRoutes {

    /** The route configuration every worker route opts into (see delivery's WorkerErrorHandling). */
    public static final String ERROR_HANDLING = "worker-errors";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WorkerRoutes.class);

    private final CamelContext context;
    private final ListenerContainers containers;
    private final GroupStops stops;
    private volatile Consumer<String> drained = queue -> { };

    public WorkerRoutes(CamelContext context, ListenerContainers containers, GroupStops stops) {
        this.context = context;
        this.containers = containers;
        this.stops = stops;
    }

    public static String routeId(String queue) {
        return "worker-" + queue;
    }

    /** Creates the group's route from the template with these parameters, started only if it should consume. */
    public void create(WorkerGroupConfig config, Map<String, Object> parameters) {
        add(routeId(config.queue()), config, parameters);
        apply(config);
    }

    /**
     * Makes the route these parameters give under a trial id, never started, and removes it: a route that cannot
     * be made (an endpoint the template cannot resolve, a value it cannot take) fails here, before a running group
     * is touched.
     *
     * @throws RuntimeException why the route cannot be made
     */
    public void trial(WorkerGroupConfig config, Map<String, Object> parameters) {
        String id = "trial-" + routeId(config.queue());
        try {
            containers.trial(() -> add(id, config, parameters));
        } finally {
            try {
                if (context.getRoute(id) != null) {
                    context.removeRoute(id);
                }
            } catch (Exception e) {
                LOG.warn("Trial route {} could not be removed: {}", id, e.getMessage());
            }
        }
    }

    /** Replaces the group's route by one made from the new config, once a trial shows that it can be made. */
    public void replace(WorkerGroupConfig config, Map<String, Object> parameters) {
        trial(config, parameters);
        remove(config.queue());
        create(config, parameters);
    }

    private void add(String id, WorkerGroupConfig config, Map<String, Object> parameters) {
        TemplatedRouteBuilder builder = TemplatedRouteBuilder.builder(context, config.type())
                .routeId(id)
                // started by apply() once warren knows how many consumers the group wants, if any
                .handler(template -> {
                    template.getRoute().autoStartup(false);
                    // the handler changes the type's template itself, not a copy: added once
                    String own = template.getRoute().getRouteConfigurationId();
                    if (own == null || !java.util.List.of(own.split(",")).contains(ERROR_HANDLING)) {
                        template.getRoute().routeConfigurationId(own == null ? ERROR_HANDLING : own + "," + ERROR_HANDLING);
                    }
                });
        parameters.forEach(builder::parameter);
        builder.add();
    }

    /** Stops the group's consumers, letting their tasks in hand finish (see GroupStops#stop); the route stays. */
    public void stopConsumers(String queue) {
        stops.stop(queue);
    }

    /** Stops the route, letting in-flight tasks finish, and removes it. */
    public void remove(String queue) {
        String id = routeId(queue);
        try {
            if (context.getRoute(id) != null) {
                stop(id, queue);
                if (!context.isStopping()) {
                    context.removeRoute(id);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("Cannot remove route " + id + ": " + e.getMessage(), e);
        } finally {
            stops.forget(queue);
            containers.forget(queue);
        }
    }

    /** Brings the running route in line with the group: started and resized, or stopped when it wants none. */
    public void apply(WorkerGroupConfig config) {
        apply(config, false);
    }

    /**
     * Brings the running route in line with the group as this instance runs it (its share of the count): started and
     * resized, or stopped when it wants none here. When the group still runs elsewhere (this instance's share went to
     * 0), its consumers here finish their tasks in hand, however long, as those removed by a lower count do: this
     * returns at once, and the route stops once they have; a share back above 0 meanwhile starts them again then.
     */
    public void apply(WorkerGroupConfig config, boolean runsElsewhere) {
        String id = routeId(config.queue());
        int desired = config.desiredConsumers();
        try {
            ServiceStatus status = context.getRouteController().getRouteStatus(id);
            boolean started = status != null && status.isStarted();
            if (desired == 0) {
                if (started && !(runsElsewhere && stops.drain(config.queue(), callTimeout(config),
                        () -> drained.accept(config.queue())))) {
                    stop(id, config.queue());
                }
                return;
            }
            if (stops.isStopping(config.queue()) || context.isStopping()) {
                // the consumers of a share that went to 0 are still finishing their tasks: started again when they have;
                // and nothing starts again while warren stops
                return;
            }
            if (started && !containers.isRunning(config.queue())) {
                // drained while its route stayed started
                context.getRouteController().stopRoute(id);
                started = false;
            }
            if (!started) {
                context.getRouteController().startRoute(id);
            }
            containers.resize(config.queue(), desired);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot apply worker group of " + config.queue() + ": " + e.getMessage(), e);
        }
    }

    /** Who brings a queue's route in line with its group again once its consumers here have drained (see apply). */
    public void whenDrained(Consumer<String> listener) {
        this.drained = listener;
    }

    /** The longest a call of the group's can take: its target's timeout. */
    private static Duration callTimeout(WorkerGroupConfig config) {
        Long ms = config.target() == null ? null : config.target().timeoutMs();
        return Duration.ofMillis(ms != null ? ms : Target.DEFAULT_TIMEOUT_MS);
    }

    /**
     * Stops the route: its consumers first, so that their calls still running at the timeout are cut (see
     * GroupStops#stop). While warren stops, Camel stops the route itself: stopping it here as well waited for
     * Camel's stop, which waited for this request to end, until Camel forced both and the request was answered 500.
     */
    private void stop(String id, String queue) throws Exception {
        stops.stop(queue);
        if (!context.isStopping()) {
            context.getRouteController().stopRoute(id);
        }
    }

    public boolean exists(String queue) {
        return context.getRoute(routeId(queue)) != null;
    }

    public boolean isStarted(String queue) {
        Route route = context.getRoute(routeId(queue));
        ServiceStatus status = route == null ? null : context.getRouteController().getRouteStatus(route.getRouteId());
        return status != null && status.isStarted();
    }

    public int running(String queue) {
        return isStarted(queue) ? containers.running(queue) : 0;
    }
}
