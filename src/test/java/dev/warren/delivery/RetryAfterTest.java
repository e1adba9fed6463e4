package dev.warren.delivery;

import dev.warren.workers.RetryPolicy;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Reading the wait a target asks for in Retry-After: delta-seconds or an HTTP date. */
class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2025-03-04T10:15:30Z");

    private static String httpDate(Instant instant) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atOffset(ZoneOffset.UTC));
    }

    @Test
    void secondsAreTurnedIntoMilliseconds() {
        assertEquals(2000L, RetryAfter.parseMs("2", NOW));
        assertEquals(120_000L, RetryAfter.parseMs("120", NOW));
        assertEquals(0L, RetryAfter.parseMs("0", NOW));
    }

    @Test
    void surroundingWhitespaceIsIgnored() {
        assertEquals(3000L, RetryAfter.parseMs("  3 ", NOW));
    }

    @Test
    void anHttpDateIsTheWaitUntilThen() {
        assertEquals(10_000L, RetryAfter.parseMs(httpDate(NOW.plusSeconds(10)), NOW));
        assertEquals(10_000L, RetryAfter.parseMs("Tue, 4 Mar 2025 10:15:40 GMT", NOW));
        assertEquals(3_600_000L, RetryAfter.parseMs("Tue, 04 Mar 2025 11:15:30 GMT", NOW));
    }

    @Test
    void anHttpDateInThePastMeansNoWait() {
        assertEquals(0L, RetryAfter.parseMs(httpDate(NOW.minusSeconds(30)), NOW));
        assertEquals(0L, RetryAfter.parseMs("Sun, 06 Nov 1994 08:49:37 GMT", NOW));
    }

    @Test
    void aWaitBeyondTheLongestBackoffIsCapped() {
        assertEquals(RetryPolicy.MAX_BACKOFF_MS, RetryAfter.parseMs("999999999", NOW));
        assertEquals(RetryPolicy.MAX_BACKOFF_MS, RetryAfter.parseMs(httpDate(NOW.plusSeconds(365L * 24 * 3600)), NOW));
    }

    @Test
    void anAbsentValueGivesNothing() {
        assertNull(RetryAfter.parseMs(null, NOW));
        assertNull(RetryAfter.parseMs("", NOW));
        assertNull(RetryAfter.parseMs("   ", NOW));
    }

    @Test
    void aNegativeNumberIsIgnored() {
        assertNull(RetryAfter.parseMs("-1", NOW));
        assertNull(RetryAfter.parseMs("-120", NOW));
    }

    @Test
    void garbageIsIgnored() {
        assertNull(RetryAfter.parseMs("soon", NOW));
        assertNull(RetryAfter.parseMs("1.5", NOW));
        assertNull(RetryAfter.parseMs("2s", NOW));
        assertNull(RetryAfter.parseMs("2025-03-04T10:15:40Z", NOW));
        assertNull(RetryAfter.parseMs("99999999999999999999999", NOW));
    }
}
