package dev.warren.delivery;

import dev.warren.workers.RetryPolicy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What becomes of a task after an attempt: acknowledged, retried after a wait, or dead-lettered. */
class AttemptDeciderTest {

    private static final RetryPolicy THREE_ATTEMPTS = new RetryPolicy(3, 1000L, 2.0, 300_000L);

    @ParameterizedTest
    @ValueSource(ints = {200, 201, 202, 204, 299})
    void aTwoHundredAnswerSucceeds(int status) {
        assertInstanceOf(AttemptOutcome.Succeeded.class, AttemptDecider.decide(1, status, null, null, THREE_ATTEMPTS));
    }

    @Test
    void aTwoHundredAnswerSucceedsEvenOnTheLastAttempt() {
        assertInstanceOf(AttemptOutcome.Succeeded.class, AttemptDecider.decide(3, 200, null, null, THREE_ATTEMPTS));
    }

    @ParameterizedTest
    @ValueSource(ints = {301, 304, 400, 401, 403, 404, 405, 409, 410, 413, 422})
    void anyOtherStatusIsDeadLetteredAtOnce(int status) {
        AttemptOutcome outcome = AttemptDecider.decide(1, status, null, null, THREE_ATTEMPTS);
        AttemptOutcome.DeadLetter dead = assertInstanceOf(AttemptOutcome.DeadLetter.class, outcome,
                "HTTP " + status + " on the first of 3 attempts");
        assertTrue(dead.reason().contains(String.valueOf(status)), "the reason names the status: " + dead.reason());
        assertFalse(AttemptDecider.isRetryable(status));
    }

    @Test
    void aNonRetryableStatusIsNotRetriedEvenWhenTheTargetAsksForIt() {
        assertInstanceOf(AttemptOutcome.DeadLetter.class, AttemptDecider.decide(1, 400, null, 2000L, THREE_ATTEMPTS));
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 429, 500, 502, 503, 504, 599})
    void transientStatusesAreRetriedWithTheBackoff(int status) {
        AttemptOutcome.Retry retry = assertInstanceOf(AttemptOutcome.Retry.class,
                AttemptDecider.decide(1, status, null, null, THREE_ATTEMPTS), "HTTP " + status + " on attempt 1 of 3");
        assertEquals(1000, retry.delayMs(), "the first backoff");
        assertTrue(retry.reason().contains(String.valueOf(status)), "the reason names the status: " + retry.reason());
        assertTrue(AttemptDecider.isRetryable(status));
    }

    @Test
    void aTimeoutIsRetried() {
        AttemptOutcome.Retry retry = assertInstanceOf(AttemptOutcome.Retry.class,
                AttemptDecider.decide(1, null, "timeout (Read timed out)", null, THREE_ATTEMPTS));
        assertEquals(1000, retry.delayMs());
        assertTrue(retry.reason().contains("timeout"), "the reason keeps the error: " + retry.reason());
    }

    @Test
    void noAnswerAtAllIsRetried() {
        AttemptOutcome.Retry retry = assertInstanceOf(AttemptOutcome.Retry.class,
                AttemptDecider.decide(2, null, null, null, THREE_ATTEMPTS));
        assertEquals(2000, retry.delayMs(), "the second backoff doubles the first");
        assertTrue(AttemptDecider.isRetryable(null));
    }

    @Test
    void retriesFollowTheExponentialBackoffUntilTheLastAttemptThenDeadLetter() {
        RetryPolicy five = new RetryPolicy(5, 100L, 3.0, 1000L);
        long[] expected = {100, 300, 900, 1000};
        for (int attempt = 1; attempt < 5; attempt++) {
            AttemptOutcome.Retry retry = assertInstanceOf(AttemptOutcome.Retry.class,
                    AttemptDecider.decide(attempt, 503, null, null, five), "attempt " + attempt + " of 5");
            assertEquals(expected[attempt - 1], retry.delayMs(), "wait after attempt " + attempt);
        }
        AttemptOutcome.DeadLetter dead = assertInstanceOf(AttemptOutcome.DeadLetter.class,
                AttemptDecider.decide(5, 503, null, null, five), "attempt 5 of 5");
        assertTrue(dead.reason().contains("503") && dead.reason().contains("5 attempts"), dead.reason());
    }

    @Test
    void aTimeoutOnTheLastAttemptIsDeadLettered() {
        AttemptOutcome.DeadLetter dead = assertInstanceOf(AttemptOutcome.DeadLetter.class,
                AttemptDecider.decide(3, null, "timeout (Read timed out)", null, THREE_ATTEMPTS));
        assertTrue(dead.reason().contains("timeout"), dead.reason());
    }

    @Test
    void oneAttemptInAllMeansNoRetry() {
        RetryPolicy once = new RetryPolicy(1, 1000L, 2.0, 300_000L);
        AttemptOutcome.DeadLetter dead = assertInstanceOf(AttemptOutcome.DeadLetter.class,
                AttemptDecider.decide(1, 503, null, null, once));
        assertTrue(dead.reason().contains("1 attempt"), dead.reason());
    }

    @Test
    void retryAfterOverridesTheBackoffEitherWay() {
        RetryPolicy quick = new RetryPolicy(5, 100L, 2.0, 300_000L);
        assertEquals(5000, assertInstanceOf(AttemptOutcome.Retry.class,
                AttemptDecider.decide(1, 429, null, 5000L, quick)).delayMs(), "longer than the backoff");
        assertEquals(0, assertInstanceOf(AttemptOutcome.Retry.class,
                AttemptDecider.decide(3, 503, null, 0L, quick)).delayMs(), "shorter than the backoff");
    }

    @Test
    void retryAfterDoesNotBuyAnAttemptBeyondTheLast() {
        assertInstanceOf(AttemptOutcome.DeadLetter.class, AttemptDecider.decide(3, 429, null, 1000L, THREE_ATTEMPTS));
    }

    @Test
    void anErrorThatIsNotRetryableSuchAsARefusedTargetIsDeadLetteredOnTheFirstAttempt() {
        AttemptOutcome outcome = AttemptDecider.decide(1, null, "target refused: 127.0.0.1:80 is denied", false, null,
                THREE_ATTEMPTS);
        AttemptOutcome.DeadLetter dead = assertInstanceOf(AttemptOutcome.DeadLetter.class, outcome);
        assertTrue(dead.reason().startsWith("target refused"), dead.reason());
        assertInstanceOf(AttemptOutcome.Retry.class,
                AttemptDecider.decide(1, null, "connection failed", true, null, THREE_ATTEMPTS), "other errors retry");
    }
}
