package dev.warren.kafka;

import dev.warren.delivery.AttemptDecider;
import dev.warren.delivery.AttemptOutcome;
import dev.warren.delivery.RetryAfter;
import dev.warren.delivery.TargetRefusedException;
import dev.warren.ops.WarrenMetrics;
import dev.warren.ops.WarrenMetrics.Outcome;
import dev.warren.tasks.TaskHeaders;
import dev.warren.workers.RetryPolicy;
import dev.warren.workers.Target;
import dev.warren.workers.TargetEndpoints;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Delivers one Kafka record of a worker group to its target over HTTP and settles it before its offset is committed:
 * failed attempts are retried in place after the group's backoff (the partition waits, so its order is kept), and the
 * last failed attempt (or a status that is not retryable) writes the record to {topic}.dlt, acknowledged by the
 * cluster, before the commit. A group stopping mid-wait commits nothing: the record is delivered again later.
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

    public KafkaDelivery(ProducerTemplate http, KafkaPublisher publisher, WarrenMetrics metrics) {
        this.http = http;
        this.publisher = publisher;
        this.metrics = metrics;
    }

    /**
     * The longest one record can take (every attempt timing out, every backoff at its longest) plus a margin: the
     * consumer's max.poll.interval.ms, so that Kafka does not take the partition away while a record is retried.
     */
    public static long maxPollIntervalMs(RetryPolicy retry, Target target) {
        long total = POLL_INTERVAL_MARGIN_MS;
        for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
            total += 2 * target.timeoutMs();
            if (attempt < retry.maxAttempts()) {
                total += retry.backoffAfter(attempt);
            }
        }
        return Math.min(Integer.MAX_VALUE, Math.max(300_000, total));
    }

    public void deliver(Exchange exchange, Plan plan) {
        Message in = exchange.getMessage();
        byte[] value = in.getBody(byte[].class);
        Map<String, String> headers = recordHeaders(in);
        int partition = in.getHeader(KafkaConstants.PARTITION, -1, Integer.class);
        long offset = in.getHeader(KafkaConstants.OFFSET, -1L, Long.class);
        String id = headers.getOrDefault(KafkaMessages.ID, plan.topic() + "-" + partition + "-" + offset);
        metrics.kafkaDelivery(plan.topic(), Outcome.DELIVERED);
        for (int attempt = 1; ; attempt++) {
            Exchange answer = call(plan, id, attempt, value);
            Exception failure = answer.getException();
            Integer status = failure != null ? null : answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
            String error = failure == null ? null : dev.warren.delivery.DeliverySteps.describe(failure);
            boolean refused = TargetRefusedException.in(failure) != null;
            Long retryAfter = status == null ? null
                    : RetryAfter.parseMs(answer.getMessage().getHeader("Retry-After", String.class), Instant.now());
            AttemptOutcome outcome = AttemptDecider.decide(attempt, status, error, !refused, retryAfter, plan.retry());
            if (outcome instanceof AttemptOutcome.Succeeded) {
                metrics.kafkaDelivery(plan.topic(), Outcome.SUCCEEDED);
                LOG.debug("Kafka record {} of {} delivered: attempt {}", id, plan.topic(), attempt);
                break;
            }
            if (outcome instanceof AttemptOutcome.Retry retry) {
                metrics.kafkaDelivery(plan.topic(), Outcome.RETRIED);
                LOG.info("Kafka record {} of {}: attempt {} failed ({}), retry in {} ms", id, plan.topic(), attempt,
                        retry.reason(), retry.delayMs());
                waitOrStop(retry.delayMs(), plan.stopping(), id);
                continue;
            }
            AttemptOutcome.DeadLetter dead = (AttemptOutcome.DeadLetter) outcome;
            deadLetter(plan.topic(), in, headers, value, dead.reason(), attempt, partition, offset, id);
            metrics.kafkaDelivery(plan.topic(), Outcome.FAILED);
            LOG.info("Kafka record {} of {} dead-lettered to {}: {}", id, plan.topic(),
                    KafkaNames.deadLetterTopic(plan.topic()), dead.reason());
            break;
        }
        KafkaManualCommit commit = in.getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class);
        if (commit != null) {
            commit.commit();
        }
    }

    private Exchange call(Plan plan, String id, int attempt, byte[] value) {
        Target target = plan.target();
        return http.send(TargetEndpoints.uri(target), request -> {
            Message message = request.getMessage();
            target.headers().forEach(message::setHeader);
            message.setHeader(Exchange.CONTENT_TYPE, "application/json");
            message.setHeader("webhook-id", id);
            message.setHeader("webhook-timestamp", String.valueOf(Instant.now().getEpochSecond()));
            message.setHeader("X-Warren-Topic", plan.topic());
            message.setHeader("X-Warren-Attempt", String.valueOf(attempt));
            // the request URL as message data: camel-http never reads it as endpoint options
            message.setHeader(Exchange.HTTP_URI, Target.requestUrl(target.url()));
            message.setBody(value);
        });
    }

    private void deadLetter(String topic, Message in, Map<String, String> headers, byte[] value, String reason,
                            int attempts, int partition, long offset, String id) {
        Map<String, String> dead = new LinkedHashMap<>(headers);
        dead.put(KafkaMessages.ID, id);
        dead.put(TaskHeaders.ERROR, reason);
        dead.put(TaskHeaders.ATTEMPTS, String.valueOf(attempts));
        dead.put(TaskHeaders.FAILED_AT, Instant.now().toString());
        dead.put(TaskHeaders.PREFIX + "source", topic + "/" + partition + "/" + offset);
        Object key = in.getHeader(KafkaConstants.KEY);
        String textKey = key instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : key == null ? null : key.toString();
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
