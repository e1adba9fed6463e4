package dev.warren.instances;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A group's count split over the live instances, by sorted id, the remainder to the first ones. */
class SharesTest {

    @Test
    void twentyOverThreeIsSevenSevenSix() {
        assertEquals(Map.of("a", 7, "b", 7, "c", 6), Shares.split(20, List.of("c", "a", "b")));
        assertEquals(List.of("a", "b", "c"), List.copyOf(Shares.split(20, List.of("c", "a", "b")).keySet()));
    }

    @Test
    void theSharesAlwaysAddUpToTheCount() {
        for (int instances = 1; instances <= 5; instances++) {
            List<String> ids = List.of("i1", "i2", "i3", "i4", "i5").subList(0, instances);
            for (int count = 0; count <= 25; count++) {
                int total = Shares.split(count, ids).values().stream().mapToInt(Integer::intValue).sum();
                assertEquals(count, total, count + " over " + instances);
            }
        }
    }

    @Test
    void fewerConsumersThanInstancesLeavesTheLastOnesNone() {
        assertEquals(Map.of("a", 1, "b", 1, "c", 0), Shares.split(2, List.of("a", "b", "c")));
    }

    @Test
    void anInstanceAloneRunsTheWholeCount() {
        assertEquals(6, Shares.of(6, List.of("x"), "x"));
        assertEquals(3, Shares.of(6, List.of("x", "y"), "y"));
    }

    @Test
    void anInstanceNotYetSeenCountsItselfIn() {
        assertEquals(3, Shares.of(6, List.of("x"), "y"));
    }
}
