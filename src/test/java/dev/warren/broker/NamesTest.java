package dev.warren.broker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "orders", "Orders-2024_v1.high", "a.b.c", "-", "_", "0", "x.amq.y", "amqp", "amq"})
    void acceptsNamesOfLettersDigitsDotsUnderscoresAndDashes(String name) {
        assertTrue(Names.violation(name).isEmpty(), "'" + name + "' should be valid, got " + Names.violation(name));
    }

    @Test
    void acceptsTwoHundredCharacters() {
        String name = "q".repeat(200);
        assertTrue(Names.violation(name).isEmpty(), "a 200-character name should be valid");
    }

    @Test
    void refusesTwoHundredAndOneCharacters() {
        var violation = Names.violation("q".repeat(201));
        assertTrue(violation.isPresent(), "a 201-character name should be refused");
        assertTrue(violation.get().contains("1-200"), "the message should name the length rule: " + violation.get());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "bad name", "a/b", "a:b", "a*", "a#b", "ä", "queue\n", "a%20b", "a+b"})
    void refusesOtherCharactersAndEmptyNames(String name) {
        var violation = Names.violation(name);
        assertTrue(violation.isPresent(), "'" + name + "' should be refused");
        assertEquals("must be " + Names.RULE, violation.get(), "the message should state the rule");
    }

    @Test
    void refusesNull() {
        assertTrue(Names.violation(null).isPresent(), "a missing name should be refused");
    }

    @ParameterizedTest
    @ValueSource(strings = {"amq.", "amq.x", "amq.gen-123", "amq.rabbitmq.trace"})
    void refusesTheAmqPrefixReservedByRabbitMq(String name) {
        var violation = Names.violation(name);
        assertTrue(violation.isPresent(), "'" + name + "' should be refused");
        assertTrue(violation.get().contains("amq."), "the message should name the reserved prefix: " + violation.get());
    }

    @Test
    void namesTheDeadLetterQueueAfterTheQueue() {
        assertEquals("orders.dlq", Names.deadLetterQueue("orders"), "dead-letter queue of 'orders'");
        assertEquals("a.b.dlq", Names.deadLetterQueue("a.b"), "dead-letter queue of 'a.b'");
    }

    @Test
    void deadLetterAndDelayQueuesAreCompanions() {
        assertTrue(Names.isCompanion(Names.deadLetterQueue("orders")), "orders.dlq is a companion");
        assertTrue(Names.isCompanion("orders" + Names.WAIT_INFIX + "5000"), "orders.wait.5000 is a companion");
    }

    @ParameterizedTest
    @ValueSource(strings = {"orders", "dlq", "orders.dlq.archive", "orders-dlq", "waiting", "orders.waiter"})
    void ordinaryQueuesAreNotCompanions(String name) {
        assertFalse(Names.isCompanion(name), "'" + name + "' is an ordinary queue");
    }

    @Test
    void aNameOfOnlyDotsIsRefusedForItWouldBeAPathStep() {
        for (String name : new String[] {".", "..", "..."}) {
            assertTrue(Names.violation(name).isPresent(), "'" + name + "' should be refused");
        }
        assertTrue(Names.violation("..a").isEmpty(), "dots with more are fine");
    }
}
