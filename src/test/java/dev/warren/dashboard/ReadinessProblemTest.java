package dev.warren.dashboard;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ReadinessProblemTest {

    @Test
    void aProblemAboutWarrenAsAWholeIsSeenByEveryone() {
        ReadinessProblem store = ReadinessProblem.general("the store (database) does not answer");
        assertEquals("the store (database) does not answer", store.text());
        assertEquals(Optional.of("the store (database) does not answer"), store.seenBy(queue -> false));
    }

    @Test
    void aProblemAboutQueuesNamesOnlyTheOnesTheCallerMayUse() {
        ReadinessProblem starved = new ReadinessProblem("worker groups without running consumers",
                List.of("orders.eu", "billing", "orders.us"));
        assertEquals("worker groups without running consumers: orders.eu, billing, orders.us", starved.text());
        assertEquals(Optional.of("worker groups without running consumers: orders.eu, orders.us"),
                starved.seenBy(queue -> queue.startsWith("orders.")));
        assertEquals(Optional.empty(), starved.seenBy("mail"::equals), "none of its queues: not seen at all");
    }
}
