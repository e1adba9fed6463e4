package dev.warren.ops;

import dev.warren.tasks.TaskHeaders;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** warren's task metrics by queue, in the registry Camel scrapes; they belong to no route, so reloads keep them. */
public final class WarrenMetrics {

    /** The outcome label of warren_tasks_total. */
    public enum Outcome {
        /** accepted by the broker */
        PUBLISHED,
        /** taken by a worker for an attempt */
        DELIVERED,
        /** the attempt succeeded: the task is done */
        SUCCEEDED,
        /** the attempt failed and the task waits on the broker for the next one */
        RETRIED,
        /** the task was dead-lettered */
        FAILED,
        /** a worker dropped the message because its job was cancelled, had ended or was published again */
        CANCELLED;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final Duration[] DELIVERY_BUCKETS = seconds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60);
    private static final Duration[] LATENCY_BUCKETS = seconds(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600);

    private final MeterRegistry registry;
    private final Map<String, AtomicInteger> circuits = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, RateLimitMeters> rateLimits = new ConcurrentHashMap<>();
    private final Map<String, QueueMeters> byQueue = new ConcurrentHashMap<>();

    public WarrenMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void published(String queue, int tasks) {
        meters(queue).outcomes.get(Outcome.PUBLISHED).increment(tasks);
    }

    /** A schedule's run was published (ok) or could not be. */
    public void scheduleRun(String schedule, boolean ok) {
        Counter.builder("warren.schedule.runs").description("Runs of each schedule by outcome")
                .tag("schedule", schedule).tag("outcome", ok ? "published" : "failed").register(registry).increment();
    }

    public void cancelled(String queue) {
        meters(queue).outcomes.get(Outcome.CANCELLED).increment();
    }

    /** A worker took a task for an attempt; it counts as in flight until its exchange completes. */
    public void attemptStarted(Exchange exchange, String queue) {
        QueueMeters meters = meters(queue);
        meters.outcomes.get(Outcome.DELIVERED).increment();
        meters.inFlight.incrementAndGet();
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                meters.inFlight.decrementAndGet();
            }
        });
    }

    /** An attempt ended as succeeded, retried or failed; a success also ends the task's time from publish. */
    public void attemptEnded(Attempt task, Outcome outcome) {
        QueueMeters meters = meters(task.queue());
        Instant now = Instant.now();
        meters.outcomes.get(outcome).increment();
        meters.delivery.record(Duration.between(task.startedAt(), now));
        if (outcome == Outcome.SUCCEEDED) {
            publishedAt(task.headers().get(TaskHeaders.PUBLISHED_AT))
                    .ifPresent(published -> meters.latency.record(Duration.between(published, now)));
        }
    }

    private static Optional<Instant> publishedAt(Object header) {
        try {
            return header == null ? Optional.empty() : Optional.of(Instant.parse(header.toString()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Each queue's tasks published, succeeded and failed so far (the dashboard samples these into rates). */
    public Map<String, Totals> totals() {
        Map<String, Totals> totals = new java.util.TreeMap<>();
        byQueue.forEach((queue, meters) -> totals.put(queue, new Totals(count(meters, Outcome.PUBLISHED),
                count(meters, Outcome.SUCCEEDED), count(meters, Outcome.FAILED))));
        return totals;
    }

    private static long count(QueueMeters meters, Outcome outcome) {
        return (long) meters.outcomes.get(outcome).count();
    }

    /** How many tasks of a queue were published, succeeded and failed since warren started. */
    public record Totals(long published, long succeeded, long failed) {
    }

    /** Messages a Kafka cluster acknowledged to a publish of warren's API. */
    public void kafkaPublished(String topic, int messages) {
        kafka(topic, "published").increment(messages);
    }

    /** Messages a pull took (and committed) from a Kafka topic. */
    public void kafkaPulled(String topic, int messages) {
        kafka(topic, "pulled").increment(messages);
    }

    /** A Kafka worker group's delivery ended: succeeded, retried or failed (dead-lettered). */
    public void kafkaDelivery(String topic, Outcome outcome) {
        kafka(topic, outcome.label()).increment();
    }

    /** What a Kafka topic's worker group did on this instance since warren started: deliveries by outcome. */
    public record KafkaTotals(long succeeded, long retried, long failed) {
    }

    public KafkaTotals kafkaDeliveries(String topic) {
        return new KafkaTotals(kafkaCount(topic, Outcome.SUCCEEDED), kafkaCount(topic, Outcome.RETRIED),
                kafkaCount(topic, Outcome.FAILED));
    }

    private long kafkaCount(String topic, Outcome outcome) {
        Counter counter = registry.find("warren.kafka.messages").tag("topic", topic).tag("outcome", outcome.label()).counter();
        return counter == null ? 0 : (long) counter.count();
    }

    private Counter kafka(String topic, String outcome) {
        return Counter.builder("warren.kafka.messages").description("Kafka messages by topic and what became of them")
                .tag("topic", topic).tag("outcome", outcome).register(registry);
    }

    /** The state of a group's circuit breaker (0 closed, 1 open, 2 half-open), as gauge warren.circuit.state. */
    public void circuitState(String queue, int state) {
        circuits.computeIfAbsent(queue, q -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder("warren.circuit.state", value, AtomicInteger::get)
                    .description("Circuit breaker of a worker group's target: 0 closed, 1 open, 2 half-open")
                    .tag("queue", q).strongReference(true).register(registry);
            return value;
        }).set(state);
    }

    /** Removes gauge warren.circuit.state of a group that no longer has a breaker (or is gone): no last value lingers. */
    public void circuitGone(String queue) {
        if (circuits.remove(queue) != null) {
            registry.find("warren.circuit.state").tag("queue", queue).meters().forEach(registry::remove);
        }
    }

    /** The autoscaler changed a group's count, as counter warren.autoscale.changes by direction. */
    public void autoscaled(String queue, int from, int to) {
        Counter.builder("warren.autoscale.changes").description("Changes of an autoscaled worker group's count")
                .tag("queue", queue).tag("direction", to > from ? "up" : "down").register(registry).increment();
    }

    /** The rate a group's limit allows on this instance now (deliveries a second), as gauge warren.rate.limit. */
    public void rateLimit(String queue, double perSecond) {
        rateLimitMeters(queue).perSecond.set(Double.doubleToLongBits(perSecond));
    }

    /** Removes the meters of a group's rate limit (gauge and waits) once the group has none, or is gone. */
    public void rateLimitGone(String queue) {
        if (rateLimits.remove(queue) != null) {
            registry.find("warren.rate.limit").tag("queue", queue).meters().forEach(registry::remove);
            registry.find("warren.rate.limit.wait").tag("queue", queue).meters().forEach(registry::remove);
        }
    }

    /** A consumer of a rate-limited group waited this long for its permit, in timer warren.rate.limit.wait. */
    public void rateLimitWaited(String queue, Duration waited) {
        rateLimitMeters(queue).waits.record(waited);
    }

    private RateLimitMeters rateLimitMeters(String queue) {
        return rateLimits.computeIfAbsent(queue, q -> {
            AtomicLong bits = new AtomicLong(Double.doubleToLongBits(0));
            Gauge.builder("warren.rate.limit", bits, b -> Double.longBitsToDouble(b.get()))
                    .description("Deliveries a second a worker group's rate limit allows on this instance")
                    .tag("queue", q).strongReference(true).register(registry);
            Timer waits = Timer.builder("warren.rate.limit.wait")
                    .description("Waits of a rate-limited group's consumers for a permit")
                    .tag("queue", q).register(registry);
            return new RateLimitMeters(bits, waits);
        });
    }

    private record RateLimitMeters(AtomicLong perSecond, Timer waits) {
    }

    private QueueMeters meters(String queue) {
        return byQueue.computeIfAbsent(queue, this::register);
    }

    /** Every meter of a queue at once, so that each outcome shows from 0 and rates work from the first task. */
    private QueueMeters register(String queue) {
        Map<Outcome, Counter> outcomes = new EnumMap<>(Outcome.class);
        for (Outcome outcome : Outcome.values()) {
            outcomes.put(outcome, Counter.builder("warren.tasks").description("Tasks by what became of them")
                    .tag("queue", queue).tag("outcome", outcome.label()).register(registry));
        }
        Timer delivery = Timer.builder("warren.delivery.duration").description("Duration of one delivery attempt")
                .tag("queue", queue).serviceLevelObjectives(DELIVERY_BUCKETS).register(registry);
        Timer latency = Timer.builder("warren.task.latency")
                .description("Time from publish to success, including delays and retries")
                .tag("queue", queue).serviceLevelObjectives(LATENCY_BUCKETS).register(registry);
        AtomicLong inFlight = new AtomicLong();
        Gauge.builder("warren.tasks.in.flight", inFlight, AtomicLong::get).description("Tasks being delivered now")
                .tag("queue", queue).strongReference(true).register(registry);
        return new QueueMeters(outcomes, delivery, latency, inFlight);
    }

    private record QueueMeters(Map<Outcome, Counter> outcomes, Timer delivery, Timer latency, AtomicLong inFlight) {
    }

    private static Duration[] seconds(double... values) {
        Duration[] durations = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            durations[i] = Duration.ofNanos((long) (values[i] * 1_000_000_000L));
        }
        return durations;
    }

    /** What the meters need of an ended delivery attempt (a task in flight is one). */
    public interface Attempt {
        String queue();

        Instant startedAt();

        Map<String, Object> headers();
    }
}
