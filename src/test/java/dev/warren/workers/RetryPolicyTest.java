package dev.warren.workers;

import dev.warren.common.Problem.FieldError;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A group's retry policy: defaults, limits and the exponential, capped backoff. */
class RetryPolicyTest {

    private static List<String> fields(RetryPolicy policy) {
        return policy.errors("retry.").stream().map(FieldError::field).toList();
    }

    @Test
    void theBackoffGrowsExponentiallyFromTheFirstWait() {
        RetryPolicy policy = new RetryPolicy(10, 1000L, 2.0, 300_000L);
        assertEquals(1000, policy.backoffAfter(1));
        assertEquals(2000, policy.backoffAfter(2));
        assertEquals(4000, policy.backoffAfter(3));
        assertEquals(8000, policy.backoffAfter(4));
    }

    @Test
    void theBackoffIsCappedAtMaxBackoff() {
        RetryPolicy policy = new RetryPolicy(100, 1000L, 2.0, 5000L);
        assertEquals(4000, policy.backoffAfter(3));
        assertEquals(5000, policy.backoffAfter(4));
        assertEquals(5000, policy.backoffAfter(50));
    }

    @Test
    void aHugeAttemptNumberDoesNotOverflow() {
        RetryPolicy policy = new RetryPolicy(100, RetryPolicy.MAX_BACKOFF_MS, 10.0, RetryPolicy.MAX_BACKOFF_MS);
        assertEquals(RetryPolicy.MAX_BACKOFF_MS, policy.backoffAfter(100));
        assertEquals(RetryPolicy.MAX_BACKOFF_MS, policy.backoffAfter(Integer.MAX_VALUE));
    }

    @Test
    void aMultiplierOfOneWaitsTheSameEveryTime() {
        RetryPolicy policy = new RetryPolicy(5, 750L, 1.0, 300_000L);
        for (int attempt = 1; attempt <= 5; attempt++) {
            assertEquals(750, policy.backoffAfter(attempt), "attempt " + attempt);
        }
    }

    @Test
    void aZeroBackoffRetriesAtOnce() {
        assertEquals(0, new RetryPolicy(5, 0L, 2.0, 300_000L).backoffAfter(3));
    }

    @Test
    void theDefaultsAreFiveAttemptsFromOneSecondDoublingUpToFiveMinutes() {
        RetryPolicy defaults = new RetryPolicy(null, null, null, null).withDefaults();
        assertEquals(new RetryPolicy(5, 1000L, 2.0, 300_000L), defaults);
        assertEquals(RetryPolicy.DEFAULT, defaults);
    }

    @Test
    void withDefaultsKeepsWhatWasGiven() {
        assertEquals(new RetryPolicy(3, 200L, 2.0, 300_000L), new RetryPolicy(3, 200L, null, null).withDefaults());
        assertEquals(new RetryPolicy(5, 1000L, 1.5, 60_000L), new RetryPolicy(null, null, 1.5, 60_000L).withDefaults());
    }

    @Test
    void aFirstBackoffAboveTheDefaultCapRaisesTheCap() {
        RetryPolicy policy = new RetryPolicy(null, 600_000L, null, null).withDefaults();
        assertEquals(600_000L, policy.maxBackoffMs());
        assertTrue(policy.errors("retry.").isEmpty(), "the filled-in policy is valid: " + policy.errors("retry."));
        assertEquals(600_000L, policy.backoffAfter(1));
    }

    @Test
    void validPoliciesHaveNoErrors() {
        assertEquals(List.of(), fields(RetryPolicy.DEFAULT));
        assertEquals(List.of(), fields(new RetryPolicy(null, null, null, null)));
        assertEquals(List.of(), fields(new RetryPolicy(1, 0L, 1.0, 0L)));
        assertEquals(List.of(), fields(new RetryPolicy(RetryPolicy.MAX_ATTEMPTS, RetryPolicy.MAX_BACKOFF_MS, 10.0,
                RetryPolicy.MAX_BACKOFF_MS)));
    }

    @Test
    void eachValueOutOfRangeIsNamedWithItsPrefix() {
        assertEquals(List.of("retry.maxAttempts"), fields(new RetryPolicy(0, null, null, null)));
        assertEquals(List.of("retry.maxAttempts"), fields(new RetryPolicy(RetryPolicy.MAX_ATTEMPTS + 1, null, null, null)));
        assertEquals(List.of("retry.backoffMs"), fields(new RetryPolicy(null, -1L, null, null)));
        assertEquals(List.of("retry.backoffMs"), fields(new RetryPolicy(null, RetryPolicy.MAX_BACKOFF_MS + 1, null, null)));
        assertEquals(List.of("retry.backoffMultiplier"), fields(new RetryPolicy(null, null, 0.5, null)));
        assertEquals(List.of("retry.backoffMultiplier"), fields(new RetryPolicy(null, null, 10.5, null)));
        assertEquals(List.of("retry.maxBackoffMs"), fields(new RetryPolicy(null, null, null, -1L)));
        assertEquals(List.of("retry.maxBackoffMs"), fields(new RetryPolicy(null, 5000L, null, 1000L)));
    }

    @Test
    void everyErrorIsReportedAtOnceWithAMessage() {
        List<FieldError> errors = new RetryPolicy(0, -1L, 0.5, -5L).errors("retry.");
        assertEquals(List.of("retry.maxAttempts", "retry.backoffMs", "retry.backoffMultiplier", "retry.maxBackoffMs"),
                errors.stream().map(FieldError::field).distinct().toList());
        errors.forEach(e -> assertTrue(e.message() != null && !e.message().isBlank(), "a message for " + e.field()));
    }
}
