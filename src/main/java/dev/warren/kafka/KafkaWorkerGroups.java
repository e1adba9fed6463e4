package dev.warren.kafka;

import dev.warren.common.Problem.FieldError;
import dev.warren.common.ProblemException;
import dev.warren.ops.WarrenMetrics;
import dev.warren.secrets.SecretMask;
import dev.warren.workers.RetryPolicy;
import dev.warren.workers.Target;
import dev.warren.workers.WorkerGroupConfig;
import dev.warren.workers.TargetEndpoints;
import dev.warren.workers.WorkerTypes;
import dev.warren.workers.WorkerGroupSpec;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.camel.component.kafka.KafkaEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.IntUnaryOperator;

/**
 * Worker groups on Kafka topics: one route `kafka-worker-{topic}` per group, consuming with camel-kafka in the consumer
 * group warren-workers.{topic}, this instance's share of count consumers (Kafka gives each at most one partition's
 * worth: more stay idle, and spreads the partitions over the members on every instance), offsets committed by hand once
 * {@link KafkaDelivery} settled a record. Groups are kept in the store, restored at start-up and brought in line when
 * another instance changes one. A change of count, pause or share restarts the group's consumers (the record in hand is
 * settled first, or delivered again). The endpoint is built from fixed text and the validated topic; every other setting
 * is set on its configuration object, never through URI text.
 */
public final class KafkaWorkerGroups {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaWorkerGroups.class);
    /** The type of a group that names none. */
    public static final String DEFAULT_TYPE = "http";
    /** An idle consumer's poll: a stop (pause, scale, delete, shutdown) waits for it (camel-kafka's default is 5 s). */
    static final long POLL_TIMEOUT_MS = 1000;

    /** A group as configured. */
    private record Group(WorkerGroupSpec spec, boolean paused, Target target, RetryPolicy retry) {

        Group(KafkaWorkerGroupStore.Stored stored) {
            this(stored.spec(), stored.paused(), stored.spec().target() == null ? null : stored.spec().target().withDefaults(),
                    (stored.spec().retry() != null ? stored.spec().retry() : RetryPolicy.DEFAULT).withDefaults());
        }

        /** The group as the target gates and rate limits see it, under its job queue's name. */
        WorkerGroupConfig config(String topic) {
            return spec.toConfig(KafkaNames.jobQueue(topic), paused ? WorkerGroupConfig.State.PAUSED
                    : WorkerGroupConfig.State.RUNNING, null);
        }

        /** Whether a record may wait in place for a permit or the target gate before an attempt. */
        boolean gated() {
            return spec.circuitBreaker() != null || spec.slowDown() != null || spec.rateLimit() != null;
        }

        String type() {
            return spec.type() != null ? spec.type() : DEFAULT_TYPE;
        }
    }

    /** A route running a group here: its consumers, and whether it is being stopped (a retry wait then gives up). */
    private record Running(int consumers, AtomicBoolean stopping) {
    }

    private final CamelContext context;
    private final KafkaSettings settings;
    private final KafkaTopics topics;
    private final KafkaDelivery delivery;
    private final KafkaWorkerGroupStore store;
    private final WorkerTypes types;
    private final KafkaStepRoutes stepRoutes;
    private final Function<String, Optional<String>> targetUrlViolation;
    private final IntUnaryOperator localShare;
    private final Map<String, Group> groups = new ConcurrentHashMap<>();
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private volatile java.util.function.Consumer<String> whenRemoved = queue -> { };

    /**
     * @param localShare the consumers this instance runs of a group of this count (the whole count when alone)
     */
    public KafkaWorkerGroups(CamelContext context, KafkaSettings settings, KafkaTopics topics, KafkaDelivery delivery,
                             KafkaWorkerGroupStore store, WorkerTypes types, KafkaStepRoutes stepRoutes,
                             Function<String, Optional<String>> targetUrlViolation, IntUnaryOperator localShare) {
        this.context = context;
        this.settings = settings;
        this.topics = topics;
        this.delivery = delivery;
        this.store = store;
        this.types = types;
        this.stepRoutes = stepRoutes;
        this.targetUrlViolation = targetUrlViolation;
        this.localShare = localShare;
    }

    public static String routeId(String topic) {
        return "kafka-worker-" + topic;
    }

    /** Creates or replaces the topic's group (a paused group stays paused): 400 for a spec it cannot run, 404 without the topic. */
    public synchronized KafkaWorkerGroupView put(String topic, WorkerGroupSpec spec) {
        List<FieldError> errors = new java.util.ArrayList<>(spec.errors());
        if (spec.target() != null && spec.target().url() != null) {
            targetUrlViolation.apply(spec.target().url()).ifPresent(why -> errors.add(new FieldError("target.url", why)));
        }
        if (spec.autoscale() != null) {
            errors.add(new FieldError("autoscale", "is not taken by Kafka worker groups"));
        }
        types.targetError(spec.type(), spec.target() != null).ifPresent(errors::add);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        Group group = new Group(new KafkaWorkerGroupStore.Stored(topic, spec, false));
        // a type that cannot make the group's steps route is a 400 before anything is stored
        try {
            stepRoutes.trial(topic, group.type(), stepParameters(topic, group));
        } catch (ProblemException e) {
            throw e;
        } catch (RuntimeException e) {
            throw ProblemException.invalid("type", "worker type '" + group.type() + "' cannot run on a Kafka topic: "
                    + e.getMessage());
        }
        topics.require(topic);
        topics.ensure(KafkaNames.deadLetterTopic(topic));
        // paused as stored, not as this instance last heard: a pause made elsewhere meanwhile is kept
        return change(topic, store.put(topic, stored -> new KafkaWorkerGroupStore.Stored(topic, spec,
                stored != null && stored.paused())));
    }

    public synchronized KafkaWorkerGroupView scale(String topic, int count) {
        if (count < 0 || count > WorkerGroupSpec.MAX_COUNT) {
            throw ProblemException.invalid("count", "must be between 0 and " + WorkerGroupSpec.MAX_COUNT);
        }
        return update(topic, old -> {
            WorkerGroupSpec spec = old.spec();
            return new KafkaWorkerGroupStore.Stored(topic, new WorkerGroupSpec(count, spec.type(), spec.prefetch(),
                    spec.target(), spec.retry(), spec.parameters(), spec.circuitBreaker(), spec.slowDown(), null,
                    spec.rateLimit()), old.paused());
        });
    }

    /** Stops the group's consumers on every instance; the offsets stay where they are. */
    public synchronized KafkaWorkerGroupView pause(String topic) {
        return update(topic, old -> new KafkaWorkerGroupStore.Stored(topic, old.spec(), true));
    }

    public synchronized KafkaWorkerGroupView resume(String topic) {
        return update(topic, old -> new KafkaWorkerGroupStore.Stored(topic, old.spec(), false));
    }

    /** Who is told the job queue ("kafka:{topic}") of a group gone from this instance (its gates and gauges go). */
    public void whenRemoved(java.util.function.Consumer<String> listener) {
        this.whenRemoved = listener;
    }

    /** Stops the group's consumers (the record in hand is settled first, or delivered again later) and forgets it. */
    public synchronized void delete(String topic) {
        boolean deleted = store.delete(topic);
        forgetHere(topic);
        if (!deleted) {
            throw notFound(topic);
        }
        LOG.info("Kafka worker group {} removed", topic);
    }

    /** Whether the topic has a worker group (running or paused). */
    public boolean has(String topic) {
        return groups.containsKey(topic);
    }

    /** The group of a job queue "kafka:{topic}" as the target gates and rate limits see it; null without one. */
    public WorkerGroupConfig config(String queue) {
        if (!queue.startsWith(KafkaNames.QUEUE_PREFIX)) {
            return null;
        }
        String topic = queue.substring(KafkaNames.QUEUE_PREFIX.length());
        Group group = groups.get(topic);
        return group == null ? null : group.config(topic);
    }

    public Optional<KafkaWorkerGroupView> find(String topic) {
        return Optional.ofNullable(groups.get(topic)).map(group -> view(topic, group));
    }

    /** Makes every stored group run here; one whose topic is gone is logged and left stopped. */
    public synchronized void restore() {
        for (String topic : store.topics()) {
            try {
                Optional<KafkaWorkerGroupStore.Stored> stored = store.find(topic);
                if (stored.isEmpty()) {
                    continue;
                }
                Group group = new Group(stored.get());
                groups.put(topic, group);
                if (!topicExists(topic)) {
                    LOG.error("Kafka worker group {} not restored: its topic does not exist; create it and set the group"
                            + " again", topic);
                    continue;
                }
                apply(topic, group);
                LOG.info("Kafka worker group {} restored: {} consumer(s) here of {}{}", topic, consumersHere(group),
                        group.spec().count(), group.paused() ? ", paused" : "");
            } catch (RuntimeException e) {
                LOG.error("Kafka worker group {} could not be restored: {}", topic, e.getMessage());
            }
        }
    }

    /** Brings this instance's group of the topic in line with the store after another instance changed it. */
    public synchronized void sync(String topic) {
        Optional<KafkaWorkerGroupStore.Stored> stored = store.find(topic);
        if (stored.isEmpty()) {
            if (forgetHere(topic)) {
                LOG.info("Kafka worker group {} removed (through another instance)", topic);
            }
            return;
        }
        Group group = new Group(stored.get());
        if (group.equals(groups.get(topic)) && runsAsItShould(topic, group)) {
            return;
        }
        groups.put(topic, group);
        apply(topic, group);
        LOG.info("Kafka worker group {} (through another instance): {} consumer(s) in all, {} here{}", topic,
                group.spec().count(), consumersHere(group), group.paused() ? ", paused" : "");
    }

    /** Re-reads every group from the store: those stored and those this instance runs. */
    public void syncAll() {
        java.util.Set<String> all = new java.util.TreeSet<>(store.topics());
        all.addAll(groups.keySet());
        all.forEach(this::sync);
    }

    /** Restarts the running groups of these types with their new definition (the record in hand is settled first). */
    public synchronized void reinstantiate(java.util.Set<String> changedTypes) {
        groups.forEach((topic, group) -> {
            if (changedTypes.contains(group.type()) && running.containsKey(topic)) {
                try {
                    apply(topic, group);
                    LOG.info("Kafka worker group {} now runs the new definition of type {}", topic, group.type());
                } catch (RuntimeException e) {
                    LOG.error("Kafka worker group {} could not take the new definition of type {}: {}", topic,
                            group.type(), e.getMessage());
                }
            }
        });
    }

    /** Gives each group this instance's new share after an instance joined or left (restarting its consumers). */
    public synchronized void rebalance() {
        groups.forEach((topic, group) -> {
            if (!runsAsItShould(topic, group)) {
                apply(topic, group);
                LOG.info("Kafka worker group {}: {} consumer(s) here of {}", topic, consumersHere(group), group.spec().count());
            }
        });
    }

    /** Consumers running on this instance, by "kafka:{topic}" (for the heartbeat beside the queue groups). */
    public Map<String, Integer> runningHere() {
        Map<String, Integer> here = new java.util.TreeMap<>();
        running.forEach((topic, route) -> here.put(KafkaNames.jobQueue(topic), route.consumers()));
        return here;
    }

    /** Changes the stored group on its latest version (404 when none is stored, also when deleted elsewhere), then runs it here. */
    private KafkaWorkerGroupView update(String topic, java.util.function.UnaryOperator<KafkaWorkerGroupStore.Stored> change) {
        Optional<KafkaWorkerGroupStore.Stored> changed = store.update(topic, change);
        if (changed.isEmpty()) {
            forgetHere(topic);
            throw notFound(topic);
        }
        return change(topic, changed.get());
    }

    /** Runs the group here as it is stored now; the other instances follow the store. */
    private KafkaWorkerGroupView change(String topic, KafkaWorkerGroupStore.Stored stored) {
        Group group = new Group(stored);
        if (group.equals(groups.get(topic)) && runsAsItShould(topic, group)) {
            // a resume of a running group, say: restarting its consumers would only make the cluster rebalance
            return view(topic, group);
        }
        groups.put(topic, group);
        apply(topic, group);
        LOG.info("Kafka worker group {}: {} consumer(s) ({} here) to {}{}", topic, group.spec().count(),
                consumersHere(group), group.target() == null ? "type " + group.type() : SecretMask.url(group.target().url()),
                group.paused() ? ", paused" : "");
        return view(topic, group);
    }

    /** (Re)starts the group's route with this instance's share, or stops it when paused or the share is 0. */
    private void apply(String topic, Group group) {
        stopRoute(topic);
        int consumers = consumersHere(group);
        if (consumers > 0) {
            startRoute(topic, group, consumers);
        }
    }

    private boolean runsAsItShould(String topic, Group group) {
        Running route = running.get(topic);
        return (route == null ? 0 : route.consumers()) == consumersHere(group);
    }

    private int consumersHere(Group group) {
        return group.paused() ? 0 : localShare.applyAsInt(group.spec().count());
    }

    private boolean topicExists(String topic) {
        try {
            return topics.exists(topic);
        } catch (RuntimeException e) {
            // the cluster does not answer now: the consumers wait for it
            return true;
        }
    }

    /** Stops and forgets the group here (it is no longer stored); false when this instance had none. */
    private boolean forgetHere(String topic) {
        if (groups.remove(topic) == null) {
            return false;
        }
        stopRoute(topic);
        whenRemoved.accept(KafkaNames.jobQueue(topic));
        return true;
    }

    private static ProblemException notFound(String topic) {
        return ProblemException.notFound("Kafka topic " + topic + " has no worker group");
    }

    private KafkaWorkerGroupView view(String topic, Group group) {
        int partitions = partitions(topic);
        ServiceStatus status = context.getRouteController().getRouteStatus(routeId(topic));
        Running route = running.get(topic);
        boolean started = route != null && status != null && status.isStarted();
        int count = group.spec().count();
        int consumers = started ? Math.min(route.consumers(), partitions) : 0;
        String note = count > partitions ? "count " + count + " is over the topic's " + partitions + " partitions: "
                + (count - partitions) + " consumer(s) stay idle (Kafka gives a partition to one consumer of a group)" : null;
        String state = group.paused() ? "paused" : started ? "running" : "stopped";
        WarrenMetrics.KafkaTotals totals = delivery.totals(topic);
        WorkerGroupConfig gates = group.config(topic);
        return new KafkaWorkerGroupView(topic, group.type(), count, consumers, partitions, state,
                KafkaNames.workerGroup(topic), KafkaNames.deadLetterTopic(topic), group.target(), group.retry(), note,
                totals.succeeded() + totals.failed(), totals.succeeded(), totals.failed(), totals.retried(),
                gates.circuitBreaker(), gates.slowDown(), delivery.targetState(topic), gates.rateLimit(),
                delivery.rateLimitState(topic));
    }

    private int partitions(String topic) {
        try {
            return topics.describe(topic).partitionCount();
        } catch (ProblemException e) {
            return 0;
        }
    }

    /** The parameters of the group's steps route, as a queue group's route gets them (a job queue for a queue). */
    private Map<String, Object> stepParameters(String topic, Group group) {
        Map<String, Object> offered = new java.util.LinkedHashMap<>();
        offered.put("queue", KafkaNames.jobQueue(topic));
        offered.put("consumers", 1);
        offered.put("prefetch", 1);
        if (group.target() != null) {
            // fixed text and validated numbers only; the URL itself goes with each request
            offered.put("target", TargetEndpoints.uri(group.target()));
        }
        return types.templateParameters(group.type(), group.spec().parameters(), offered);
    }

    private void startRoute(String topic, Group group, int consumers) {
        try {
            // the steps first: the consumer sends every record through them
            stepRoutes.create(topic, group.type(), stepParameters(topic, group));
            KafkaEndpoint endpoint = endpoint(topic, group, consumers);
            AtomicBoolean stopping = new AtomicBoolean();
            KafkaDelivery.Plan plan = new KafkaDelivery.Plan(topic, group.target(), group.retry(), stopping::get);
            // a lambda, not a RouteBuilder subclass: Camel Main would find and instantiate one by package scanning
            RouteBuilder.addRoutes(context, routes -> routes.from(endpoint).routeId(routeId(topic))
                    .process(exchange -> delivery.deliver(exchange, plan)));
            running.put(topic, new Running(consumers, stopping));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start the Kafka worker group of " + topic + ": " + e.getMessage(), e);
        }
    }

    private void stopRoute(String topic) {
        Running old = running.remove(topic);
        if (old != null) {
            old.stopping().set(true);
        }
        String id = routeId(topic);
        try {
            if (context.getRoute(id) != null) {
                context.getRouteController().stopRoute(id);
                context.removeRoute(id);
            }
        } catch (Exception e) {
            throw new IllegalStateException("Cannot stop the Kafka worker group of " + topic + ": " + e.getMessage(), e);
        }
        // after the consumers: a record in hand still goes through the steps
        stepRoutes.remove(KafkaStepRoutes.routeId(topic));
    }

    /** The group's consumer endpoint: its topic checked by {@link KafkaNames}, its settings set as values. */
    private KafkaEndpoint endpoint(String topic, Group group, int consumers) {
        if (KafkaNames.topicViolation(topic).isPresent()) {
            throw new IllegalArgumentException("not a Kafka topic name");
        }
        KafkaComponent component = context.getComponent("kafka", KafkaComponent.class);
        KafkaConfiguration configuration = component.getConfiguration().copy();
        configuration.setTopic(topic);
        configuration.setBrokers(settings.bootstrapServers());
        settings.clientSettings().forEach((name, value) -> clientSetting(configuration, name, value));
        configuration.setGroupId(KafkaNames.workerGroup(topic));
        configuration.setConsumersCount(consumers);
        configuration.setAutoCommitEnable(false);
        configuration.setAllowManualCommit(true);
        configuration.setAutoOffsetReset("earliest");
        configuration.setBreakOnFirstError(true);
        configuration.setMaxPollRecords(1);
        configuration.setPollTimeoutMs(POLL_TIMEOUT_MS);
        // a gated record may also wait in place for permits and admissions, up to its allowance
        configuration.setMaxPollIntervalMs((int) Math.min(Integer.MAX_VALUE, KafkaDelivery.maxPollIntervalMs(group.retry(),
                group.target()) + (group.gated() ? KafkaGate.MOST_WAITED_MS : 0)));
        configuration.setKeyDeserializer("org.apache.kafka.common.serialization.ByteArrayDeserializer");
        configuration.setValueDeserializer("org.apache.kafka.common.serialization.ByteArrayDeserializer");
        KafkaEndpoint endpoint = new KafkaEndpoint("kafka:" + topic, component);
        endpoint.setConfiguration(configuration);
        return endpoint;
    }

    private static void clientSetting(KafkaConfiguration configuration, String name, String value) {
        switch (name) {
            case "security.protocol" -> configuration.setSecurityProtocol(value);
            case "sasl.mechanism" -> configuration.setSaslMechanism(value);
            case "sasl.jaas.config" -> configuration.setSaslJaasConfig(value);
            case "ssl.truststore.location" -> configuration.setSslTruststoreLocation(value);
            case "ssl.truststore.password" -> configuration.setSslTruststorePassword(value);
            case "ssl.truststore.type" -> configuration.setSslTruststoreType(value);
            case "ssl.keystore.location" -> configuration.setSslKeystoreLocation(value);
            case "ssl.keystore.password" -> configuration.setSslKeystorePassword(value);
            case "ssl.keystore.type" -> configuration.setSslKeystoreType(value);
            case "ssl.key.password" -> configuration.setSslKeyPassword(value);
            case "ssl.endpoint.identification.algorithm" -> configuration.setSslEndpointAlgorithm(value);
            default -> throw new IllegalArgumentException("unknown Kafka client setting " + name);
        }
    }
}
