package dev.warren.dashboard;

import dev.warren.ops.WarrenMetrics.Totals;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RateHistoryTest {

    @Test
    void eachSampleHoldsWhatHappenedSinceThePreviousOne() {
        RateHistory history = new RateHistory(10);
        history.record(Map.of("q", new Totals(5, 2, 0)));
        history.record(Map.of("q", new Totals(8, 6, 1)));
        history.record(Map.of("q", new Totals(8, 6, 1)));

        RateHistory.Rates rates = history.rates("q");
        assertEquals(List.of(5L, 3L, 0L), rates.published());
        assertEquals(List.of(2L, 4L, 0L), rates.succeeded());
        assertEquals(List.of(0L, 1L, 0L), rates.failed());
    }

    @Test
    void onlyTheLastCapacitySamplesAreKeptOldestFirst() {
        RateHistory history = new RateHistory(3);
        for (long total = 1; total <= 5; total++) {
            history.record(Map.of("q", new Totals(total * total, 0, 0)));
        }
        // totals 1, 4, 9, 16, 25: per sample 1, 3, 5, 7, 9
        assertEquals(List.of(5L, 7L, 9L), history.rates("q").published());
    }

    @Test
    void aQueueFirstSeenLaterCountsFromZeroAndAnUnknownQueueHasNoSamples() {
        RateHistory history = new RateHistory(5);
        history.record(Map.of("a", new Totals(1, 0, 0)));
        history.record(Map.of("a", new Totals(1, 0, 0), "b", new Totals(4, 3, 0)));

        assertEquals(List.of(4L), history.rates("b").published());
        assertEquals(List.of(1L, 0L), history.rates("a").published());
        assertEquals(List.of(), history.rates("none").published());
    }

    @Test
    void aCounterThatWentBackCountsAsNothingRatherThanNegative() {
        RateHistory history = new RateHistory(5);
        history.record(Map.of("q", new Totals(10, 10, 10)));
        history.record(Map.of("q", new Totals(3, 3, 3)));
        assertEquals(List.of(10L, 0L), history.rates("q").failed());
    }

    @Test
    void aHistoryHoldsAtLeastOneSample() {
        assertThrows(IllegalArgumentException.class, () -> new RateHistory(0));
    }
}
