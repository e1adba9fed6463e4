package dev.warren.delivery;

import dev.warren.workers.RetryPolicy;

/** Decides the outcome of a delivery attempt from its HTTP status or error, the attempt number and the policy. */
public final class AttemptDecider {

    private AttemptDecider() {
    }

    /**
     * @param attempt      1-based number of the attempt that just ended
     * @param httpStatus   the target's status, or null when no answer came (connection error, timeout)
     * @param error        why no answer came, or null
     * @param retryAfterMs the wait the target asked for (Retry-After), or null
     */
    public static AttemptOutcome decide(int attempt, Integer httpStatus, String error, Long retryAfterMs, RetryPolicy policy) {
        return decide(attempt, httpStatus, error, true, retryAfterMs, policy);
    }

    /**
     * As above; an error that is not retryable (a target the policy refuses) dead-letters at once.
     *
     * @param errorRetryable whether the error (when no answer came) is worth another try
     */
    public static AttemptOutcome decide(int attempt, Integer httpStatus, String error, boolean errorRetryable,
                                        Long retryAfterMs, RetryPolicy policy) {
        if (httpStatus == null && error != null && !errorRetryable) {
            return new AttemptOutcome.DeadLetter(error + " is not retryable");
        }
        if (httpStatus != null && httpStatus >= 200 && httpStatus < 300) {
            return new AttemptOutcome.Succeeded();
        }
        String failure = httpStatus != null ? "HTTP " + httpStatus : (error != null ? error : "no answer");
        if (!isRetryable(httpStatus)) {
            return new AttemptOutcome.DeadLetter(failure + " is not retryable");
        }
        if (attempt >= policy.maxAttempts()) {
            return new AttemptOutcome.DeadLetter(failure + " after " + attempt + " attempt" + (attempt == 1 ? "" : "s"));
        }
        long delay = retryAfterMs != null ? retryAfterMs : policy.backoffAfter(attempt);
        return new AttemptOutcome.Retry(delay, failure);
    }

    /** 408, 429, 5xx and no answer at all are worth another try; any other status is final. */
    public static boolean isRetryable(Integer httpStatus) {
        return httpStatus == null || httpStatus == 408 || httpStatus == 429 || httpStatus >= 500;
    }
}
