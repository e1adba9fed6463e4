package dev.warren.workers;

import dev.warren.common.Problem.FieldError;
import dev.warren.common.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/** The worker groups: create, scale, pause, resume and remove them, keep them in the store and restore them. */
public final class WorkerGroups {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerGroups.class);

    private final WorkerGroupStore store;
    private final WorkerRoutes routes;
    private final WorkerTypes types;
    private final ListenerContainers containers;
    private final TypeChangeRefusals refusals;
    private final java.util.function.Predicate<String> queueExists;
    private final Function<String, Optional<String>> targetUrlViolation;
    private final Map<String, WorkerGroupConfig> groups = new ConcurrentHashMap<>();
    private final Map<String, GroupStats> stats = new ConcurrentHashMap<>();
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private volatile GroupPeers peers = GroupPeers.ALONE;
    private volatile java.util.concurrent.Executor remakes = Runnable::run;
    private final java.util.Set<String> remakesWaiting = ConcurrentHashMap.newKeySet();
    private volatile Function<String, WorkerGroupView.TargetState> targetStates = queue -> null;
    private volatile Function<String, WorkerGroupView.RateLimitState> rateLimitStates = queue -> null;
    private volatile java.util.function.Consumer<String> whenRemoved = queue -> { };
    private volatile java.util.function.BiConsumer<String, Boolean> whenTargetChanged = (queue, here) -> { };

    public WorkerGroups(WorkerGroupStore store, WorkerRoutes routes, WorkerTypes types, ListenerContainers containers,
                        java.util.function.Predicate<String> queueExists,
                        Function<String, Optional<String>> targetUrlViolation) {
        this.refusals = types.refusals();
        this.targetUrlViolation = targetUrlViolation;
        this.store = store;
        this.routes = routes;
        this.types = types;
        this.containers = containers;
        this.queueExists = queueExists;
        routes.whenDrained(this::applyDrained);
    }

    /** Where the group view reads how deliveries to a group's target stand (circuit breaker, slow-down). */
    public void showTargetStates(Function<String, WorkerGroupView.TargetState> states) {
        this.targetStates = states;
    }

    /** Where the group view reads how a group's rate limit stands on this instance. */
    public void showRateLimitStates(Function<String, WorkerGroupView.RateLimitState> states) {
        this.rateLimitStates = states;
    }

    /** Who is told that a queue's group is gone from this instance (what it kept for the group, such as gauges, goes). */
    public void whenRemoved(java.util.function.Consumer<String> listener) {
        this.whenRemoved = listener;
    }

    /**
     * Who is told that a queue's group was given another target URL (the old target's holds no longer apply): with true
     * after a PUT on this instance, with false when this instance applied one made on another.
     */
    public void whenTargetChanged(java.util.function.BiConsumer<String, Boolean> listener) {
        this.whenTargetChanged = listener;
    }

    /** Who else runs the groups (several instances on one PostgreSQL store); alone by default. */
    public void runWith(GroupPeers others) {
        this.peers = others;
    }

    /**
     * Creates or replaces the group of a queue. The spec is validated here, the one place for it (400 when it cannot
     * make a group), before anything changes; then queueReady makes sure of the queue (404 when it must exist, or
     * declares it); then the new route is made on trial first: a request that fails leaves a running group as it was.
     */
    public WorkerGroupView put(String queue, WorkerGroupSpec spec, Runnable queueReady) {
        checkSpec(spec);
        templateParameters(spec.toConfig(queue, WorkerGroupConfig.State.RUNNING, null));
        queueReady.run();
        PutHere put = locked(queue, () -> {
            WorkerGroupConfig current = groups.get(queue);
            WorkerGroupConfig proposed = spec.toConfig(queue, WorkerGroupConfig.State.RUNNING, current);
            // a group that could not take its type's latest definition takes it now, or the PUT says why not
            boolean anew = current != null && refusals.of(queue, current.type()).isPresent();
            if (current == null || anew || !sameRoute(current, proposed)) {
                try {
                    routes.trial(proposed, templateParameters(local(proposed)));
                } catch (RuntimeException e) {
                    LOG.warn("Worker group {}: the route of type {} cannot be made with the group's values: {}", queue,
                            proposed.type(), e.getMessage());
                    throw ProblemException.invalid(proposed.parameters().isEmpty() ? "type" : "parameters",
                            "worker type '" + proposed.type() + "' cannot make a route with these values (see warren's log)");
                }
            }
            // on the stored version, not this instance's copy: a pause or scale made elsewhere meanwhile is kept
            WorkerGroupStore.Change stored = store.put(queue, before -> spec.toConfig(queue,
                    before != null ? before.state() : WorkerGroupConfig.State.RUNNING, before));
            WorkerGroupConfig config = stored.after();
            runHere(queue, config, anew);
            LOG.info("Worker group {}: type {}, {} consumer(s), {}", queue, config.type(), config.count(), config.state().json());
            return new PutHere(view(config, false), stored.before());
        });
        tellIfTargetChanged(queue, put.storedBefore(), true);
        return put.view();
    }

    /** What a PUT made of the group, and the group stored before it (null when there was none). */
    private record PutHere(WorkerGroupView view, WorkerGroupConfig storedBefore) {
    }

    /** Tells whenTargetChanged when the group's target URL is another than before (outside the group's lock). */
    private void tellIfTargetChanged(String queue, WorkerGroupConfig before, boolean here) {
        String urlBefore = targetUrl(before);
        String urlAfter = targetUrl(groups.get(queue));
        if (urlBefore == null || urlAfter == null || urlBefore.equals(urlAfter)) {
            return;
        }
        try {
            whenTargetChanged.accept(queue, here);
        } catch (RuntimeException e) {
            // the group is changed all the same; what waits for the old target comes back in its own time
            LOG.warn("Worker group {}: tasks held for the old target could not be sent back early: {}", queue,
                    e.getMessage());
        }
    }

    private static String targetUrl(WorkerGroupConfig config) {
        return config == null || config.target() == null ? null : config.target().url();
    }

    public WorkerGroupView scale(String queue, int count) {
        if (count < 0 || count > WorkerGroupSpec.MAX_COUNT) {
            throw ProblemException.invalid("count", "must be between 0 and " + WorkerGroupSpec.MAX_COUNT);
        }
        return update(queue, config -> {
            if (config.autoscale() != null) {
                throw autoscaled(queue);
            }
            return config.withCount(count);
        });
    }

    /** The 409 of setting by hand the count of a group that scales itself. */
    public static ProblemException autoscaled(String queue) {
        return ProblemException.conflict("The worker group of queue " + queue + " is autoscaled: warren sets its count"
                + " between autoscale.min and autoscale.max. To set the count by hand, turn autoscaling off: PUT the group"
                + " without \"autoscale\"");
    }

    /**
     * Applies the autoscaler's decision as a scale through the API would, if the group is still autoscaled, running
     * and at the count the decision was made from (a request may have changed it meanwhile).
     *
     * @return whether the count changed
     */
    public boolean applyScaling(String queue, ScaleDecision decision) {
        return locked(queue, () -> {
            Optional<WorkerGroupStore.Change> change = store.update(queue,
                    stored -> decision.appliesTo(stored) ? stored.scaledBy(decision) : stored);
            if (change.isEmpty() || !change.get().changed()) {
                return false;
            }
            runHere(queue, change.get().after());
            return true;
        });
    }

    /** Every group's configuration, by queue. */
    public List<WorkerGroupConfig> configs() {
        return groups.values().stream().sorted(java.util.Comparator.comparing(WorkerGroupConfig::queue)).toList();
    }

    public WorkerGroupView pause(String queue) {
        return update(queue, config -> config.withState(WorkerGroupConfig.State.PAUSED));
    }

    public WorkerGroupView resume(String queue) {
        return update(queue, config -> config.withState(WorkerGroupConfig.State.RUNNING));
    }

    /** Stops the group's consumers (in-flight tasks finish, prefetched ones go back to the queue) and forgets it. */
    public void delete(String queue) {
        locked(queue, () -> {
            boolean deleted = store.delete(queue);
            forgetHere(queue);
            if (!deleted) {
                throw notFound(queue);
            }
            LOG.info("Worker group {} removed", queue);
            return null;
        });
    }

    public Optional<WorkerGroupView> find(String queue, boolean withConsumers) {
        return Optional.ofNullable(groups.get(queue)).map(config -> view(config, withConsumers));
    }

    public List<WorkerGroupView> all() {
        return groups.values().stream().sorted(java.util.Comparator.comparing(WorkerGroupConfig::queue))
                .map(config -> view(config, false)).toList();
    }

    /** The configuration of a queue's group, for the worker routes; null when it has none. */
    public WorkerGroupConfig config(String queue) {
        return groups.get(queue);
    }

    public GroupStats stats(String queue) {
        return stats.computeIfAbsent(queue, q -> new GroupStats());
    }

    /** Recreates every stored group; one that cannot be recreated is logged and left stopped. */
    public void restore() {
        for (WorkerGroupConfig config : store.all()) {
            try {
                // a consumer of a missing queue would hold up start-up with declaration retries
                if (!queueExists.test(config.queue())) {
                    groups.put(config.queue(), config);
                    LOG.error("Worker group {} not restored: its queue does not exist; declare it and set the group again",
                            config.queue());
                    continue;
                }
                Map<String, Object> parameters = templateParameters(local(config));
                // before the route starts: tasks waiting in the queue are delivered at once, to this group's target
                groups.put(config.queue(), config);
                routes.create(local(config), parameters);
                LOG.info("Worker group {} restored: type {}, {} consumer(s), {}", config.queue(), config.type(),
                        config.count(), config.state().json());
            } catch (RuntimeException e) {
                groups.put(config.queue(), config);
                LOG.error("Worker group {} could not be restored: {}", config.queue(), e.getMessage());
            }
        }
    }

    /**
     * Re-creates the routes of the groups of these types from their new definition, on the remakes executor: a group's
     * route is stopped gracefully first (tasks in hand finish, prefetched ones go back to the queue), so none is lost or
     * doubled, and waiting for that holds up neither the other groups nor the next change of routes/.
     */
    public void reinstantiate(java.util.Set<String> changedTypes) {
        groups.values().stream().filter(config -> changedTypes.contains(config.type())).map(WorkerGroupConfig::queue)
                // a remake still waiting for this group will read the latest definition anyway
                .filter(remakesWaiting::add)
                .forEach(queue -> {
                    try {
                        remakes.execute(() -> remake(queue));
                    } catch (java.util.concurrent.RejectedExecutionException e) {
                        remakesWaiting.remove(queue);
                        LOG.warn("Worker group {} keeps its definition: warren is stopping", queue);
                    }
                });
    }

    /** Where groups of a changed type are made anew (at once, on the caller's thread, unless set). */
    public void remakeOn(java.util.concurrent.Executor executor) {
        this.remakes = executor;
    }

    /**
     * Makes the group's route anew from its type's definition as it is now, once a trial shows that it can. Its
     * consumers finish their tasks in hand first, while routes/ may change again; the trial and the new route are then
     * made while it cannot, so that both read the same definition: one that changed meanwhile and cannot make the route
     * leaves the group running its last good version, as one that never could.
     */
    private void remake(String queue) {
        locked(queue, () -> {
            // under the lock, so that a change arriving while this one runs gets a remake of its own, after this one
            remakesWaiting.remove(queue);
            WorkerGroupConfig config = groups.get(queue);
            if (config == null) {
                return null;
            }
            try {
                routes.trial(local(config), templateParameters(local(config)));
                routes.stopConsumers(queue);
                types.whileUnchanged(() -> routes.replace(local(config), templateParameters(local(config))));
                refusals.cleared(queue);
                LOG.info("Worker group {} now runs the new definition of type {}", queue, config.type());
            } catch (RuntimeException e) {
                refusals.refused(queue, config.type(), e);
                LOG.error("Worker group {} could not take the new definition of type {}: {}", queue, config.type(),
                        e.getMessage());
                restartLastGoodVersion(config);
            }
            return null;
        });
    }

    /** Starts again the consumers of the group's route as it was, if they were stopped for a remake that failed. */
    private void restartLastGoodVersion(WorkerGroupConfig config) {
        try {
            if (routes.exists(config.queue())) {
                routes.apply(local(config));
            }
        } catch (RuntimeException e) {
            LOG.error("Worker group {}: its last good version could not start again: {}", config.queue(), e.getMessage());
        }
    }

    /**
     * Brings this instance's group of the queue in line with the store after another instance changed it: made,
     * changed, resized or removed here. The store is read under the group's lock, so changes apply in their order.
     */
    public void sync(String queue) {
        WorkerGroupConfig before = locked(queue, () -> syncHere(queue));
        // here too: a task this instance's old gate held after the other instance moved the held ones back goes now
        tellIfTargetChanged(queue, before, false);
    }

    /** Brings this instance's group in line with the store, under its lock; returns the group as it was here (or null). */
    private WorkerGroupConfig syncHere(String queue) {
        Optional<WorkerGroupConfig> stored = store.find(queue);
        WorkerGroupConfig current = groups.get(queue);
        if (stored.isEmpty()) {
            if (forgetHere(queue)) {
                LOG.info("Worker group {} removed (through another instance)", queue);
            }
            return current;
        }
        WorkerGroupConfig config = stored.get();
        if (config.equals(current)) {
            if (routes.exists(queue)) {
                applyHere(config);
            }
            return current;
        }
        if (!queueExists.test(queue)) {
            groups.put(queue, config);
            LOG.error("Worker group {} not started here: its queue does not exist", queue);
            return current;
        }
        try {
            runHere(queue, config);
            LOG.info("Worker group {} (through another instance): type {}, {} consumer(s) in all, {} here, {}", queue,
                    config.type(), config.count(), local(config).desiredConsumers(), config.state().json());
        } catch (RuntimeException e) {
            groups.put(queue, config);
            LOG.error("Worker group {} could not be made here: {}", queue, e.getMessage());
        }
        return current;
    }

    /** Re-reads every group from the store: those stored and those this instance runs. */
    public void syncAll() {
        java.util.Set<String> queues = new java.util.TreeSet<>(store.queues());
        queues.addAll(groups.keySet());
        queues.forEach(this::sync);
    }

    /** Gives each group this instance's new share after an instance joined or left. */
    public void rebalance() {
        for (String queue : List.copyOf(groups.keySet())) {
            locked(queue, () -> {
                WorkerGroupConfig config = groups.get(queue);
                if (config != null && routes.exists(queue)) {
                    try {
                        applyHere(config);
                        LOG.info("Worker group {}: {} consumer(s) here of {}", queue, local(config).desiredConsumers(),
                                config.count());
                    } catch (RuntimeException e) {
                        LOG.error("Worker group {}: cannot take its new share: {}", queue, e.getMessage());
                    }
                }
                return null;
            });
        }
    }

    /** Consumers running on this instance, by queue (for the heartbeat). */
    public Map<String, Integer> runningHere() {
        Map<String, Integer> running = new java.util.TreeMap<>();
        groups.keySet().forEach(queue -> running.put(queue, routes.running(queue)));
        return running;
    }

    /** The consumers this instance runs of a group of this count (its share; the whole count when alone). */
    public int localShare(int count) {
        return peers.localShare(count);
    }

    /** Brings the group's running route here in line with its share (see WorkerRoutes#apply). */
    private void applyHere(WorkerGroupConfig config) {
        routes.apply(local(config), config.desiredConsumers() > 0);
    }

    /** Once the consumers of a share that went to 0 have finished their tasks: the route stops, or starts again. */
    private void applyDrained(String queue) {
        locked(queue, () -> {
            WorkerGroupConfig config = groups.get(queue);
            try {
                if (config != null && routes.exists(queue)) {
                    applyHere(config);
                }
            } catch (RuntimeException e) {
                LOG.error("Worker group {}: cannot take its share after its consumers here stopped: {}", queue,
                        e.getMessage());
            }
            return null;
        });
    }

    /** The group as this instance runs it: its share of the count. */
    private WorkerGroupConfig local(WorkerGroupConfig config) {
        return config.withCount(peers.localShare(config.count()));
    }

    /**
     * Changes the stored group and then runs it here as stored; the other instances follow the store. The change is made
     * on the stored version, so changes made at once through several instances all apply, one after another.
     */
    private WorkerGroupView update(String queue, java.util.function.UnaryOperator<WorkerGroupConfig> change) {
        return locked(queue, () -> {
            Optional<WorkerGroupStore.Change> changed = store.update(queue, change);
            if (changed.isEmpty()) {
                forgetHere(queue);
                throw notFound(queue);
            }
            WorkerGroupConfig config = changed.get().after();
            runHere(queue, config);
            LOG.info("Worker group {}: {} consumer(s), {}", queue, config.count(), config.state().json());
            return view(config, false);
        });
    }

    /** Runs this version of the group here: its route resized live when only the count or state changed, else made anew. */
    private void runHere(String queue, WorkerGroupConfig config) {
        runHere(queue, config, false);
    }

    /** As runHere, making its route anew even when only the count or state changed when anew is true. */
    private void runHere(String queue, WorkerGroupConfig config, boolean anew) {
        WorkerGroupConfig current = groups.get(queue);
        if (!anew && current != null && routes.exists(queue) && sameRoute(current, config)) {
            // shown at its new count once the consumers it stops have finished their tasks
            applyHere(config);
            groups.put(queue, config);
            return;
        }
        Map<String, Object> parameters = templateParameters(local(config));
        if (routes.exists(queue)) {
            routes.remove(queue);
        }
        // the new route reads its target from here as soon as it starts, with tasks already waiting
        groups.put(queue, config);
        routes.create(local(config), parameters);
        refusals.cleared(queue);
    }

    /** Stops and forgets the group here (it is no longer stored); false when this instance had none. */
    private boolean forgetHere(String queue) {
        if (groups.get(queue) == null) {
            return false;
        }
        if (routes.exists(queue)) {
            routes.remove(queue);
        }
        groups.remove(queue);
        stats.remove(queue);
        refusals.cleared(queue);
        whenRemoved.accept(queue);
        return true;
    }

    private static ProblemException notFound(String queue) {
        return ProblemException.notFound("Queue " + queue + " has no worker group; set one first");
    }

    /** 400 for a spec that is invalid on its own, or whose target the target policy refuses. */
    private void checkSpec(WorkerGroupSpec spec) {
        List<FieldError> errors = new ArrayList<>(spec.errors());
        if (errors.isEmpty() && spec.target() != null) {
            targetUrlViolation.apply(spec.target().url()).ifPresent(rule -> errors.add(new FieldError("target.url", rule)));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }

    /** The template parameters of the group's route (see {@link WorkerTypes#templateParameters}). */
    private Map<String, Object> templateParameters(WorkerGroupConfig config) {
        Map<String, Object> offered = new LinkedHashMap<>();
        offered.put("queue", config.queue());
        offered.put("consumers", Math.max(1, config.count()));
        offered.put("prefetch", config.prefetch());
        if (config.target() != null) {
            // fixed text and validated numbers only; the URL itself is never route text (it goes with each message)
            offered.put("target", TargetEndpoints.uri(config.target()));
        }
        return types.templateParameters(config.type(), config.parameters(), offered);
    }

    /** Only the count and the state can change on a running route; anything else needs a new one. */
    private static boolean sameRoute(WorkerGroupConfig a, WorkerGroupConfig b) {
        return a.type().equals(b.type()) && a.prefetch() == b.prefetch() && java.util.Objects.equals(a.target(), b.target())
                && a.parameters().equals(b.parameters());
    }

    private WorkerGroupView view(WorkerGroupConfig config, boolean withConsumers) {
        String queue = config.queue();
        GroupStats s = stats(queue);
        int runningHere = routes.running(queue);
        int share = peers.localShare(config.count());
        List<WorkerGroupView.InstanceShare> shares = peers.shares(queue, config.type(), config.count(), runningHere);
        int running = shares == null ? runningHere : shares.stream().mapToInt(WorkerGroupView.InstanceShare::running).sum();
        String problem = problem(config);
        String state = config.state() == WorkerGroupConfig.State.PAUSED ? "paused"
                : config.count() == 0 || (share > 0 && !routes.isStarted(queue)) ? "stopped" : "running";
        List<WorkerGroupView.Consumer> consumers = null;
        if (withConsumers) {
            consumers = containers.threads(queue).stream().map(t -> {
                GroupStats.Activity activity = s.activity(t.thread().getName(), t.started());
                return new WorkerGroupView.Consumer(t.thread().getName(), t.thread().getName(), activity.job(),
                        activity.since());
            }).toList();
        }
        return new WorkerGroupView(queue, config.type(), config.count(), running, state, config.prefetch(),
                config.target(), config.retry(), config.parameters().isEmpty() ? null : config.parameters(), s.processed.get(), s.succeeded.get(), s.failed.get(),
                s.retried.get(), s.inFlight.get(), consumers, problem, shares,
                peers.typeAgrees(config.type()), config.circuitBreaker(), config.slowDown(), targetStates.apply(queue),
                WorkerGroupView.Autoscale.of(config.autoscale(), config.lastScaling()), config.rateLimit(),
                rateLimitStates.apply(queue));
    }

    /**
     * What the group's view says is wrong: with a route, its type broken or gone or a latest definition it could not
     * take (it runs its last good version meanwhile); without one, why it has none.
     */
    private String problem(WorkerGroupConfig config) {
        String queue = config.queue();
        if (!routes.exists(queue)) {
            return Optional.ofNullable(typeProblem(config.type(), "the group starts when its file is back or fixed"))
                    .orElse("the group's route could not be made (its queue was missing at start-up, or its"
                            + " parameters are refused); set the group again");
        }
        return Optional.ofNullable(typeProblem(config.type(), "this group runs its last good version"))
                .or(() -> refusals.of(queue, config.type()).map(why -> "this group could not take the latest definition"
                        + " of worker type '" + config.type() + "' and runs its last good version: " + why
                        + "; fix the type, or set the group again with values the type takes"))
                .orElse(null);
    }

    /**
     * Why the group's type cannot be (re)made now, or null when it can; then says what the group does meanwhile:
     * runs its last good version, or (a group without a route) starts once its type's file is back or fixed.
     */
    private String typeProblem(String typeName, String meanwhile) {
        Optional<WorkerTypes.WorkerType> type = types.find(typeName);
        if (type.isEmpty()) {
            return "worker type '" + typeName + "' is no longer defined in routes/; " + meanwhile;
        }
        if (type.get().error() != null) {
            return "worker type '" + typeName + "' is broken (" + type.get().file() + "): " + type.get().error()
                    + "; " + meanwhile;
        }
        return null;
    }

    private <T> T locked(String queue, Supplier<T> action) {
        ReentrantLock lock = locks.computeIfAbsent(queue, q -> new ReentrantLock());
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }
}
