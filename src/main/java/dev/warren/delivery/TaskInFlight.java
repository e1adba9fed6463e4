package dev.warren.delivery;

import dev.warren.broker.Names;
import dev.warren.broker.OutgoingMessage;
import dev.warren.ops.WarrenMetrics;
import dev.warren.tasks.TaskHeaders;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A task taken from its queue by a worker: what is needed to retry it or dead-letter it. id is the message's
 * id, jobId the job it is tracked as (they differ for a fanned-out copy); attempt counts the attempts of this
 * run (against maxAttempts); jobAttempt counts every attempt of the job, across retries; worker is the consumer
 * thread making the attempt; contentType and contentEncoding are the message's, as published.
 */
public record TaskInFlight(String queue, String id, String jobId, int attempt, int jobAttempt, String worker, byte[] body,
                           Map<String, Object> headers, Instant startedAt, String contentType, String contentEncoding)
        implements WarrenMetrics.Attempt {

    /** The same task for its next attempt, carrying why this one failed. */
    public OutgoingMessage nextAttempt(String reason, Integer httpStatus) {
        Map<String, Object> next = failureHeaders(reason, httpStatus);
        next.put(TaskHeaders.ATTEMPT, attempt + 1);
        return new OutgoingMessage("", queue, id, body, next, contentType, contentEncoding);
    }

    /** The same task again with the same attempt number: this attempt is not counted (a failed breaker probe). */
    public OutgoingMessage sameAttempt(String reason, Integer httpStatus) {
        Map<String, Object> next = failureHeaders(reason, httpStatus);
        next.put(TaskHeaders.ATTEMPT, attempt);
        return new OutgoingMessage("", queue, id, body, next, contentType, contentEncoding);
    }

    /** The task as it goes to the dead-letter queue, carrying why and after how many attempts. */
    public OutgoingMessage deadLetter(String reason, Integer httpStatus) {
        Map<String, Object> dead = failureHeaders(reason, httpStatus);
        dead.put(TaskHeaders.ATTEMPT, attempt);
        dead.put(TaskHeaders.ATTEMPTS, attempt);
        dead.put(TaskHeaders.FAILED_AT, Instant.now().toString());
        return new OutgoingMessage("", Names.deadLetterQueue(queue), id, body, dead, contentType, contentEncoding);
    }

    private Map<String, Object> failureHeaders(String reason, Integer httpStatus) {
        Map<String, Object> out = new LinkedHashMap<>(headers);
        out.put(TaskHeaders.ERROR, reason);
        if (httpStatus != null) {
            out.put(TaskHeaders.LAST_STATUS, httpStatus);
        } else {
            out.remove(TaskHeaders.LAST_STATUS);
        }
        return out;
    }
}
