package dev.warren.kafka;

import dev.warren.broker.OutgoingMessage;
import dev.warren.common.Json;
import dev.warren.delivery.AttemptDecider;
import dev.warren.delivery.DeliverySteps;
import dev.warren.delivery.AttemptOutcome;
import dev.warren.delivery.RetryAfter;
import dev.warren.delivery.TargetRefusedException;
import dev.warren.jobs.JobStatus;
import dev.warren.jobs.JobStore;
import dev.warren.ops.WarrenMetrics;
import dev.warren.ops.WarrenMetrics.Outcome;
import dev.warren.tasks.TaskHeaders;
import dev.warren.workers.RetryPolicy;
import dev.warren.workers.Target;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Delivers one Kafka record of a worker group through its worker type's steps (for type http: to its target over
 * HTTP) and settles it before its offset is committed:
 * failed attempts are retried in place after the group's backoff (the partition waits, so its order is kept), and the
 * last failed attempt (or a status that is not retryable) writes the record to {topic}.dlt, acknowledged by the
 * cluster, before the commit. Each record is a job of the queue "kafka:{topic}", claimed and ended per attempt as a
 * queue task's; a record whose job has ended already is committed without a delivery. A group stopping mid-wait
 * commits nothing: the record is delivered again later.
 */
public final class KafkaDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaDelivery.class);
    /** What Kafka's consumer is given on top of the longest time one record can take. */
    static final long POLL_INTERVAL_MARGIN_MS = 60_000;

    /** A group's delivery settings as one record sees them. */
    public record Plan(String topic, Target target, RetryPolicy retry, BooleanSupplier stopping) {
    }

    private final ProducerTemplate http;
    private final KafkaPublisher publisher;
    private final WarrenMetrics metrics;
    private final JobStore jobs;
    private volatile KafkaGate gate;
    private final KafkaSteps steps;

    public KafkaDelivery(ProducerTemplate http, KafkaPublisher publisher, WarrenMetrics metrics, JobStore jobs,
                         KafkaSteps steps) {
        this.steps = steps;
        this.http = http;
        this.publisher = publisher;
        this.metrics = metrics;
        this.jobs = jobs;
    }

    /**
     * The longest one record can take (every attempt timing out, every backoff at its longest) plus a margin: the
     * consumer's max.poll.interval.ms, so that Kafka does not take the partition away while a record is retried.
     */
    public static long maxPollIntervalMs(RetryPolicy retry, Target target) {
        long total = POLL_INTERVAL_MARGIN_MS;
        for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
            // a call of the target (a worker type may fetch first: twice its timeout), or a type's own steps
            total += 2 * (target != null ? target.timeoutMs() : Target.DEFAULT_TIMEOUT_MS);
            if (attempt < retry.maxAttempts()) {
                total += retry.backoffAfter(attempt);
            }
        }
        return Math.min(Integer.MAX_VALUE, Math.max(300_000, total));
    }

    /** Waits for each gated or rate-limited group's permit and admission before every attempt. */
    public void gateWith(KafkaGate gate) {
        this.gate = gate;
    }

    /** How the topic's group's target gate stands on this instance, or null without one. */
    public dev.warren.workers.WorkerGroupView.TargetState targetState(String topic) {
        KafkaGate current = gate;
        return current == null ? null : current.targetState(KafkaNames.jobQueue(topic));
    }

    /** How the topic's group's rate limit stands on this instance, or null without one. */
    public dev.warren.workers.WorkerGroupView.RateLimitState rateLimitState(String topic) {
        KafkaGate current = gate;
        return current == null ? null : current.rateLimitState(KafkaNames.jobQueue(topic));
    }

    /** What the topic's group delivered on this instance since warren started. */
    public WarrenMetrics.KafkaTotals totals(String topic) {
        return metrics.kafkaDeliveries(topic);
    }

    public void deliver(Exchange exchange, Plan plan) {
        Message in = exchange.getMessage();
        byte[] value = in.getBody(byte[].class);
        Map<String, String> headers = recordHeaders(in);
        int partition = in.getHeader(KafkaConstants.PARTITION, -1, Integer.class);
        long offset = in.getHeader(KafkaConstants.OFFSET, -1L, Long.class);
        String id = headers.getOrDefault(KafkaMessages.ID, plan.topic() + "-" + partition + "-" + offset);
        String queue = KafkaNames.jobQueue(plan.topic());
        String key = textKey(in);
        // a record published again by a retry carries the job's new generation: an older copy of it is then stale
        int generation = generation(headers.get(TaskHeaders.GENERATION));
        JobStore.Payload payload = new JobStore.Payload(value, OutgoingMessage.JSON, OutgoingMessage.UTF_8,
                keptHeaders(headers, key));
        String worker = Thread.currentThread().getName();
        metrics.kafkaDelivery(plan.topic(), Outcome.DELIVERED);
        KafkaGate.Waits waits = new KafkaGate.Waits(id, ms -> waitOrStop(ms, plan.stopping(), id));
        // a store that cannot be reached throws here: nothing is committed and the record comes again
        Turn turn = turn(queue, waits, plan, id, generation, payload, worker);
        for (int attempt = 1; turn.claim() instanceof JobStore.Claim.Proceed job; attempt++) {
            Instant startedAt = Instant.now();
            Exchange answer = call(plan, id, attempt, value);
            long durationMs = Duration.between(startedAt, Instant.now()).toMillis();
            String error = error(answer);
            Integer status = error != null ? null : answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
            String resultBody = status == null ? null : DeliverySteps.resultBody(answer);
            boolean refused = answer.getProperty(DeliverySteps.REFUSED, false, Boolean.class)
                    || TargetRefusedException.in(answer.getException()) != null;
            Long retryAfter = status == null ? null
                    : RetryAfter.parseMs(answer.getMessage().getHeader("Retry-After", String.class), Instant.now());
            if (settle(turn.pass(), queue, status, error, refused, retryAfter) != null) {
                // the breaker's probe failed and it opened again: the record waits in place, its attempt not counted
                String reason = (status != null ? "HTTP " + status : error) + " (circuit breaker probe)";
                record(new JobStore.EndedAttempt(job.jobId(), job.attempt(), startedAt, worker, durationMs, status,
                        reason, resultBody, retryAfter), JobStatus.RETRYING);
                metrics.kafkaDelivery(plan.topic(), Outcome.RETRIED);
                LOG.info("Kafka record {} of {}: {}, waits for the next probe without using an attempt", id,
                        plan.topic(), reason);
                turn = turn(queue, waits, plan, id, generation, payload, worker);
                attempt--;
                continue;
            }
            // steps that made no call and failed in nothing (a type that only logs, say) delivered the record
            AttemptOutcome outcome = status == null && error == null ? new AttemptOutcome.Succeeded()
                    : AttemptDecider.decide(attempt, status, error, !refused, retryAfter, plan.retry());
            if (outcome instanceof AttemptOutcome.Succeeded) {
                record(new JobStore.EndedAttempt(job.jobId(), job.attempt(), startedAt, worker, durationMs, status, null,
                        resultBody, retryAfter), JobStatus.FINISHED);
                metrics.kafkaDelivery(plan.topic(), Outcome.SUCCEEDED);
                LOG.debug("Kafka record {} of {} delivered: attempt {}", id, plan.topic(), attempt);
                break;
            }
            if (outcome instanceof AttemptOutcome.Retry retry) {
                record(new JobStore.EndedAttempt(job.jobId(), job.attempt(), startedAt, worker, durationMs, status,
                        retry.reason(), resultBody, retryAfter), JobStatus.RETRYING);
                metrics.kafkaDelivery(plan.topic(), Outcome.RETRIED);
                LOG.info("Kafka record {} of {}: attempt {} failed ({}), retry in {} ms", id, plan.topic(), attempt,
                        retry.reason(), retry.delayMs());
                waitOrStop(retry.delayMs(), plan.stopping(), id);
                // the job's next attempt, unless it was cancelled meanwhile
                turn = turn(queue, waits, plan, id, generation, payload, worker);
                continue;
            }
            AttemptOutcome.DeadLetter dead = (AttemptOutcome.DeadLetter) outcome;
            // the dead letter first: a job shown failed has its record in {topic}.dlt
            deadLetter(plan.topic(), key, headers, value, dead.reason(), attempt, partition, offset, id);
            record(new JobStore.EndedAttempt(job.jobId(), job.attempt(), startedAt, worker, durationMs, status,
                    dead.reason(), resultBody, retryAfter), JobStatus.FAILED);
            metrics.kafkaDelivery(plan.topic(), Outcome.FAILED);
            LOG.info("Kafka record {} of {} dead-lettered to {}: {}", id, plan.topic(),
                    KafkaNames.deadLetterTopic(plan.topic()), dead.reason());
            break;
        }
        if (turn.claim() instanceof JobStore.Claim.Drop drop) {
            // a repeat of a message whose job has ended (or was cancelled): settled without a delivery
            LOG.info("Kafka record {} of {} not delivered: {}", id, plan.topic(), drop.reason());
            jobs.dropped(drop.jobId(), drop.reason());
        }
        KafkaManualCommit commit = in.getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class);
        if (commit != null) {
            commit.commit();
        }
    }

    /** The gate's pass an attempt holds and the job's claim for it. */
    private record Turn(KafkaGate.Pass pass, JobStore.Claim claim) {
    }

    /**
     * Waits in place for the group's rate limit permit and target gate, when it has them (no attempt is used), then
     * claims the job; a job that is sure to be dropped (cancelled, ended, stale) is dropped before that wait.
     */
    private Turn turn(String queue, KafkaGate.Waits waits, Plan plan, String id, int generation,
                      JobStore.Payload payload, String worker) {
        KafkaGate current = gate;
        if (current == null) {
            return new Turn(KafkaGate.Pass.NONE, claim(KafkaGate.Pass.NONE, id, queue, generation, payload, worker));
        }
        if (current.waitsToStart(queue)) {
            Optional<JobStore.Claim.Drop> early = jobs.certainDrop(id, queue, generation);
            if (early.isPresent()) {
                return new Turn(KafkaGate.Pass.NONE, early.get());
            }
        }
        KafkaGate.Pass pass = current.pass(queue, plan.target() == null ? null : plan.target().url(), waits,
                plan.stopping());
        return new Turn(pass, claim(pass, id, queue, generation, payload, worker));
    }

    /** Claims the record's job for an attempt; the gate's admission goes back when no attempt follows. */
    private JobStore.Claim claim(KafkaGate.Pass pass, String id, String queue, int generation, JobStore.Payload payload,
                                 String worker) {
        JobStore.Claim claim;
        try {
            claim = jobs.claim(id, queue, generation, false, payload, worker);
        } catch (RuntimeException e) {
            release(pass);
            throw e;
        }
        if (!(claim instanceof JobStore.Claim.Proceed)) {
            release(pass);
        }
        return claim;
    }

    /** Tells the group's gate how the attempt ended: the wait when it was a failed breaker probe, else null. */
    private Long settle(KafkaGate.Pass pass, String queue, Integer status, String error, boolean refused, Long retryAfter) {
        KafkaGate current = gate;
        return current == null ? null : current.settle(pass, queue, status, error, refused, retryAfter);
    }

    private void release(KafkaGate.Pass pass) {
        KafkaGate current = gate;
        if (current != null) {
            current.release(pass);
        }
    }

    /**
     * Records how an attempt ended and waits until the store committed it, before the offset is: a store that cannot
     * be reached throws (the record comes again, its attempt then shown interrupted). A change the store refuses for
     * another reason is logged, so that the record does not come back forever.
     */
    private void record(JobStore.EndedAttempt attempt, JobStatus status) {
        try {
            jobs.waitFor(jobs.attemptEnded(attempt, status), "end of attempt " + attempt.n() + " of job " + attempt.jobId());
        } catch (JobStore.Unavailable e) {
            if (JobStore.unreachable(e)) {
                throw e;
            }
            LOG.error("The end of attempt {} of job {} could not be recorded: {}", attempt.n(), attempt.jobId(),
                    e.getMessage());
        }
    }

    /** Runs one attempt through the group's steps route (its worker type's steps, the HTTP call among them). */
    private Exchange call(Plan plan, String id, int attempt, byte[] value) {
        return http.send(KafkaStepRoutes.uri(plan.topic()), request -> {
            request.setProperty(KafkaSteps.ATTEMPT, new KafkaSteps.Attempt(plan.topic(), id, attempt, plan.target()));
            request.setProperty(DeliverySteps.SOURCE_STEPS, steps);
            request.getMessage().setBody(value);
        });
    }

    /** What failed in the attempt: an error the steps caught (the call's), else one that ended the route, else null. */
    private static String error(Exchange answer) {
        String caught = answer.getProperty(DeliverySteps.ERROR, String.class);
        if (caught != null) {
            return caught;
        }
        Exception failure = answer.getException();
        return failure == null ? null : DeliverySteps.describe(failure);
    }

    private void deadLetter(String topic, String textKey, Map<String, String> headers, byte[] value, String reason,
                            int attempts, int partition, long offset, String id) {
        Map<String, String> dead = new LinkedHashMap<>(headers);
        dead.put(KafkaMessages.ID, id);
        dead.put(TaskHeaders.ERROR, reason);
        dead.put(TaskHeaders.ATTEMPTS, String.valueOf(attempts));
        dead.put(TaskHeaders.FAILED_AT, Instant.now().toString());
        dead.put(TaskHeaders.PREFIX + "source", topic + "/" + partition + "/" + offset);
        // throws (nothing committed, the record comes again) when the cluster does not take the dead letter
        publisher.publish(KafkaNames.deadLetterTopic(topic), java.util.List.of(new KafkaPublisher.Outgoing(id, textKey, value, dead)));
    }

    private static void waitOrStop(long delayMs, BooleanSupplier stopping, String id) {
        long until = System.currentTimeMillis() + delayMs;
        try {
            while (System.currentTimeMillis() < until) {
                if (stopping.getAsBoolean()) {
                    throw new IllegalStateException("Kafka record " + id + " not settled: its worker group is stopping");
                }
                Thread.sleep(Math.min(100, Math.max(1, until - System.currentTimeMillis())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Kafka record " + id + " not settled: interrupted", e);
        }
    }

    private static String textKey(Message in) {
        Object key = in.getHeader(KafkaConstants.KEY);
        return key instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : key == null ? null : key.toString();
    }

    /** The generation a record's header names; 0 (the first) without one, or with one that is not a number. */
    static int generation(String header) {
        try {
            return header == null ? 0 : Math.max(0, Integer.parseInt(header.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** What the record's job keeps to publish it again on a retry: its headers but warren's id and generation, its key. */
    static String keptHeaders(Map<String, String> headers, String key) {
        Map<String, String> kept = new LinkedHashMap<>(headers);
        kept.remove(KafkaMessages.ID);
        kept.remove(TaskHeaders.GENERATION);
        if (key != null) {
            kept.put(KafkaMessages.KEY, key);
        }
        return new String(Json.write(kept), StandardCharsets.UTF_8);
    }

    /** The record's headers as camel-kafka gives them (byte arrays), as text. */
    private static Map<String, String> recordHeaders(Message in) {
        Map<String, String> headers = new LinkedHashMap<>();
        in.getHeaders().forEach((name, value) -> {
            if (value instanceof byte[] bytes && !name.startsWith("Camel") && !name.startsWith("kafka.")) {
                headers.put(name, new String(bytes, StandardCharsets.UTF_8));
            }
        });
        return headers;
    }
}
