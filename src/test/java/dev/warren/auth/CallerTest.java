package dev.warren.auth;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallerTest {

    @Test
    void patternsAreGlobsWhereAStarIsAnyCharacters() {
        Caller caller = new Caller("k", "n", Role.OPERATOR, List.of("orders.*", "billing", "*-dlq-test"));
        assertTrue(caller.mayUseQueue("orders.eu"));
        assertTrue(caller.mayUseQueue("orders."));
        assertTrue(caller.mayUseQueue("billing"));
        assertTrue(caller.mayUseQueue("a-dlq-test"));
        assertFalse(caller.mayUseQueue("orders"));
        assertFalse(caller.mayUseQueue("ordersXeu"), "a dot is a dot, not any character");
        assertFalse(caller.mayUseQueue("billing2"));
        assertFalse(caller.mayUseQueue(null));
    }

    @Test
    void aKeyWithoutPatternsMayUseEveryQueue() {
        Caller caller = new Caller("k", "n", Role.VIEWER, List.of());
        assertFalse(caller.scoped());
        assertTrue(caller.mayUseQueue("anything"));
    }

    @Test
    void rolesIncludeTheOnesBelow() {
        assertTrue(Role.ADMIN.includes(Role.VIEWER));
        assertTrue(Role.OPERATOR.includes(Role.PUBLISHER));
        assertFalse(Role.PUBLISHER.includes(Role.OPERATOR));
        assertTrue(new Caller("k", "n", Role.OPERATOR, List.of()).allows(Role.OPERATOR));
        assertFalse(new Caller("k", "n", Role.VIEWER, List.of()).allows(Role.PUBLISHER));
    }
}
