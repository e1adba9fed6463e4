package dev.warren.jobs;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;

/**
 * A job as the API shows it: its task, status, times, every attempt and the last result. The payload is JSON when it
 * is JSON (payloadEncoding "json"), else a string of its text ("text") or of its bytes in base64 ("base64");
 * contentType is the one it was published with (null when none was set). attemptCount is how many attempts it has had
 * (lists carry it without the attempts themselves).
 */
public record JobView(String id, String queue, JobStatus status, JsonNode payload, String contentType,
                      String payloadEncoding, Instant createdAt, Instant startedAt,
                      Instant finishedAt, Long durationMs, int attemptCount, List<Attempt> attempts, Result result, String error) {

    /**
     * One delivery attempt: when, how long, by which consumer, and what came of it; retryAfterMs is the wait the
     * target asked for with Retry-After (null when it sent none).
     */
    public record Attempt(int n, Instant startedAt, Long durationMs, String worker, Integer httpStatus, String error,
                          Long retryAfterMs) {

        public Attempt(int n, Instant startedAt, Long durationMs, String worker, Integer httpStatus, String error) {
            this(n, startedAt, durationMs, worker, httpStatus, error, null);
        }
    }

    /** The target's answer to the last attempt: status and the first 4 KiB of its body. */
    public record Result(Integer httpStatus, String body) {
    }
}
