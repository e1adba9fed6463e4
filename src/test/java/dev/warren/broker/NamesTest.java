package dev.warren.broker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

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
    @ValueSource(strings = {"orders", "dlq", ".dlq", "orders.dlq.archive", "orders-dlq", "waiting", "orders.waiter",
            "orders.wait.later", "orders.wait.5s", "orders.wait.5.archive", "orders.wait.gate", "orders.wait.gate.soon"})
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

    @Test
    void theDeadLetterQueueOfAQueueIsRefusedAsAQueueOfItsOwn() {
        var why = Names.companionUse(Names.deadLetterQueue("orders"));
        assertTrue(why.isPresent(), "orders.dlq should be refused");
        assertTrue(why.get().contains("dead-letter queue of queue orders"), "names the queue it belongs to: " + why.get());
        assertTrue(why.get().contains("/api/queues/orders/dead-letters"), "points to the dead letters: " + why.get());
    }

    @ParameterizedTest
    @ValueSource(strings = {"orders.wait.5000", "a.b.wait.1", "orders.dlq.wait.250", "orders.wait.gate.5000"})
    void waitQueuesAreRefusedAsQueuesOfTheirOwn(String name) {
        var why = Names.companionUse(name);
        assertTrue(why.isPresent(), "'" + name + "' should be refused");
        assertTrue(why.get().contains("wait queue of queue " + name.substring(0, name.lastIndexOf(".wait."))),
                "names the queue it belongs to: " + why.get());
    }

    @Test
    void theWaitQueuesWarrenMakesAreTheOnesRefused() {
        assertTrue(Names.companionUse(DelayQueues.waitQueue("orders", 1200)).isPresent(), "a wait queue of orders");
        assertEquals(Optional.of("orders"), Names.waitQueueOwner(DelayQueues.gateWaitQueue("orders", 1200)),
                "a gate wait queue of orders");
        assertTrue(Names.companionUse(Names.deadLetterQueue("a.b")).isPresent(), "the dead-letter queue of a.b");
    }

    @ParameterizedTest
    @ValueSource(strings = {"orders", "orders-dlq-report", "x.dlqx", "orders-dlq", "orders.dlq.archive", "dlq", ".dlq",
            "orders_dlq", "orders.DLQ", "orders.wait", "orders.wait.", "orders.wait.soon", "orders.wait.5000x",
            "orders.waiting.5000", "wait.5000", ".wait.5000"})
    void otherNamesAreQueuesOfTheirOwn(String name) {
        assertTrue(Names.companionUse(name).isEmpty(), "'" + name + "' should be allowed, got " + Names.companionUse(name));
    }

    @Test
    void noNameIsNoCompanion() {
        assertTrue(Names.companionUse(null).isEmpty(), "a missing name is left to the naming rule");
        assertTrue(Names.companionUse("a b.dlq").isEmpty(), "a name the naming rule refuses is left to it (400)");
        assertTrue(Names.companionUse("{{x}}.wait.5").isEmpty(), "a name the naming rule refuses is left to it (400)");
    }
}
