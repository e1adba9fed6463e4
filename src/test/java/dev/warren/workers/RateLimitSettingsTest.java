package dev.warren.workers;

import dev.warren.common.Problem.FieldError;
import dev.warren.instances.Shares;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A group's rate limit: what is valid, and each instance's part of it by its share of the group's consumers. */
class RateLimitSettingsTest {

    private static final RateLimitSettings FIFTY = new RateLimitSettings(50.0, 10);

    @Test
    void anInstanceRunningTheWholeGroupHasTheWholeLimit() {
        assertEquals(FIFTY, FIFTY.here(4, 4));
    }

    @Test
    void instancesGetTheRateInProportionToTheirConsumers() {
        assertEquals(new RateLimitSettings(25.0, 5), FIFTY.here(2, 4));
        RateLimitSettings third = FIFTY.here(1, 3);
        assertEquals(50.0 / 3, third.perSecond(), 1e-9);
        assertEquals(3, third.burst());
    }

    @Test
    void thePartsOfEveryInstanceAddUpToTheGroupsRate() {
        for (int instances = 1; instances <= 5; instances++) {
            List<String> ids = List.of("i1", "i2", "i3", "i4", "i5").subList(0, instances);
            for (int count = 1; count <= 25; count++) {
                Map<String, Integer> shares = Shares.split(count, ids);
                int total = count;
                double sum = shares.values().stream().map(share -> FIFTY.here(share, total))
                        .mapToDouble(part -> part == null ? 0 : part.perSecond()).sum();
                assertEquals(50.0, sum, 1e-9, count + " over " + instances);
            }
        }
    }

    @Test
    void theBurstHereIsAtLeastOne() {
        assertEquals(1, new RateLimitSettings(50.0, 1).here(1, 20).burst());
    }

    @Test
    void anInstanceWithoutConsumersOfTheGroupHasNoLimitToKeep() {
        assertNull(FIFTY.here(0, 4));
        assertNull(FIFTY.here(0, 0));
    }

    @Test
    void aPeriodHandsOutTheBurstAtTheRate() {
        assertEquals(200_000_000L, FIFTY.periodNanos());
        assertEquals(20_000_000L, new RateLimitSettings(50.0, 1).periodNanos());
        assertEquals(100_000_000_000L, new RateLimitSettings(0.01, 1).periodNanos());
    }

    @Test
    void theBurstDefaultsToOne() {
        assertEquals(new RateLimitSettings(50.0, 1), new RateLimitSettings(50.0, null).withDefaults());
    }

    @Test
    void theRateIsRequiredAndBounded() {
        assertEquals(List.of("rateLimit.perSecond"), fields(new RateLimitSettings(null, null)));
        assertEquals(List.of("rateLimit.perSecond"), fields(new RateLimitSettings(0.0, null)));
        assertEquals(List.of("rateLimit.perSecond"), fields(new RateLimitSettings(-1.0, 1)));
        assertEquals(List.of("rateLimit.perSecond"), fields(new RateLimitSettings(10_001.0, null)));
        assertEquals(List.of("rateLimit.perSecond"), fields(new RateLimitSettings(Double.NaN, null)));
        assertTrue(fields(new RateLimitSettings(0.01, null)).isEmpty());
        assertTrue(fields(new RateLimitSettings(10_000.0, 10_000)).isEmpty());
    }

    @Test
    void theBurstIsAtMostOneSecondsPermits() {
        assertEquals(List.of("rateLimit.burst"), fields(new RateLimitSettings(50.0, 0)));
        assertEquals(List.of("rateLimit.burst"), fields(new RateLimitSettings(50.0, 51)));
        assertTrue(fields(new RateLimitSettings(50.0, 50)).isEmpty());
        assertTrue(fields(new RateLimitSettings(0.5, 1)).isEmpty());
        assertEquals(List.of("rateLimit.burst"), fields(new RateLimitSettings(0.5, 2)));
    }

    @Test
    void aLimitedGroupsConsumersPrefetchOneTask() {
        WorkerGroupSpec limited = new WorkerGroupSpec(4, "http", 10, null, null, null, null, null, null, FIFTY);
        assertEquals(List.of("prefetch"), limited.errors().stream().map(FieldError::field).toList());
        assertTrue(new WorkerGroupSpec(4, "http", 1, null, null, null, null, null, null, FIFTY).errors().isEmpty());
        assertEquals(1, new WorkerGroupSpec(4, "http", null, null, null, null, null, null, null, FIFTY)
                .toConfig("q", WorkerGroupConfig.State.RUNNING, null).prefetch());
        assertTrue(new WorkerGroupSpec(4, "http", 10, null, null, null, null, null, null, null).errors().isEmpty());
    }

    private static List<String> fields(RateLimitSettings settings) {
        return settings.errors("rateLimit.").stream().map(FieldError::field).toList();
    }
}
