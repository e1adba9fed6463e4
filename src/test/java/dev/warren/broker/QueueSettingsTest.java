package dev.warren.broker;

import dev.warren.common.Problem.FieldError;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QueueSettingsTest {

    private static QueueSettings settings(String type, Long maxLength, Long ttl, Integer deliveryLimit) {
        return new QueueSettings(type, maxLength, ttl, deliveryLimit);
    }

    private static List<String> fields(QueueSettings settings) {
        return settings.errors().stream().map(FieldError::field).toList();
    }

    @Test
    void anEmptyRequestIsValid() {
        assertEquals(List.of(), settings(null, null, null, null).errors(), "no settings means all defaults");
    }

    @Test
    void aFullQuorumRequestIsValid() {
        assertEquals(List.of(), settings("quorum", 10L, 60_000L, 5).errors(), "quorum with every limit");
    }

    @Test
    void aClassicRequestWithLimitsIsValid() {
        assertEquals(List.of(), settings("classic", 1L, 1L, null).errors(), "classic with the smallest limits");
    }

    @Test
    void refusesAnUnknownType() {
        assertEquals(List.of("type"), fields(settings("stream", null, null, null)), "stream is not offered");
        assertEquals(List.of("type"), fields(settings("Quorum", null, null, null)), "types are lower case");
    }

    @Test
    void refusesAMaxLengthBelowOne() {
        assertEquals(List.of("maxLength"), fields(settings(null, 0L, null, null)), "maxLength 0");
        assertEquals(List.of("maxLength"), fields(settings(null, -1L, null, null)), "maxLength -1");
    }

    @Test
    void refusesATtlOutsideOneToIntMax() {
        assertEquals(List.of("messageTtlMs"), fields(settings(null, null, 0L, null)), "ttl 0");
        assertEquals(List.of("messageTtlMs"), fields(settings(null, null, Integer.MAX_VALUE + 1L, null)), "ttl over int max");
        assertEquals(List.of(), fields(settings(null, null, (long) Integer.MAX_VALUE, null)), "ttl of int max is allowed");
    }

    @Test
    void refusesADeliveryLimitBelowOne() {
        assertEquals(List.of("deliveryLimit"), fields(settings("quorum", null, null, 0)), "deliveryLimit 0");
    }

    @Test
    void refusesADeliveryLimitOnAClassicQueue() {
        List<FieldError> errors = settings("classic", null, null, 5).errors();
        assertEquals(1, errors.size(), "one error: " + errors);
        assertEquals("deliveryLimit", errors.get(0).field(), "the field at fault");
        assertTrue(errors.get(0).message().contains("quorum"), "says it is for quorum queues: " + errors);
    }

    @Test
    void reportsEveryErrorAtOnce() {
        assertEquals(List.of("type", "maxLength", "messageTtlMs", "deliveryLimit"),
                fields(settings("lazy", 0L, 0L, 0)), "all four fields are wrong");
    }

    @Test
    void defaultsAnUntypedQueueToTheConfiguredTypeAndDeliveryLimit() {
        QueueSettings resolved = settings(null, 7L, 1000L, null).withDefaults("quorum", 20);
        assertEquals(new QueueSettings("quorum", 7L, 1000L, 20), resolved, "type and delivery limit filled in");
    }

    @Test
    void keepsAnExplicitDeliveryLimit() {
        assertEquals(5, settings("quorum", null, null, 5).withDefaults("quorum", 20).deliveryLimit(),
                "the requested limit wins over the default");
    }

    @Test
    void givesAClassicQueueNoDeliveryLimit() {
        assertNull(settings("classic", null, null, null).withDefaults("quorum", 20).deliveryLimit(),
                "classic queues have no delivery limit");
        QueueSettings byDefault = settings(null, null, null, null).withDefaults("classic", 20);
        assertEquals("classic", byDefault.type(), "the configured default type");
        assertNull(byDefault.deliveryLimit(), "no delivery limit for a classic default");
    }

    @Test
    void quorumArgumentsDeadLetterAtLeastOnce() {
        Map<String, Object> args = settings(null, null, null, null).withDefaults("quorum", 20)
                .queueArguments("orders", true);
        assertEquals("quorum", args.get("x-queue-type"), "x-queue-type");
        assertEquals(20, args.get("x-delivery-limit"), "x-delivery-limit");
        assertEquals("at-least-once", args.get("x-dead-letter-strategy"), "x-dead-letter-strategy");
        assertEquals("reject-publish", args.get("x-overflow"), "x-overflow (required by at-least-once)");
        assertEquals("", args.get("x-dead-letter-exchange"), "dead letters go through the default exchange");
        assertEquals("orders.dlq", args.get("x-dead-letter-routing-key"), "to the queue's dead-letter queue");
        assertFalse(args.containsKey("x-queue-version"), "x-queue-version is for classic queues: " + args);
        assertFalse(args.containsKey("x-max-length"), "no max length asked for: " + args);
        assertFalse(args.containsKey("x-message-ttl"), "no ttl asked for: " + args);
    }

    @Test
    void limitsBecomeArguments() {
        Map<String, Object> args = settings("quorum", 100L, 60_000L, 3).queueArguments("orders", true);
        assertEquals(100L, args.get("x-max-length"), "x-max-length");
        assertEquals(60_000L, args.get("x-message-ttl"), "x-message-ttl");
        assertEquals(3, args.get("x-delivery-limit"), "x-delivery-limit");
    }

    @Test
    void classicArgumentsAskForVersion2WhenTheBrokerHasIt() {
        Map<String, Object> args = settings("classic", null, null, null).queueArguments("orders", true);
        assertEquals(Map.of("x-queue-version", 2, "x-dead-letter-exchange", "", "x-dead-letter-routing-key", "orders.dlq"),
                args, "classic v2 with dead-lettering and nothing quorum-only");
    }

    @Test
    void classicArgumentsOmitTheVersionOnOlderBrokers() {
        Map<String, Object> args = settings("classic", null, null, null).queueArguments("orders", false);
        assertEquals(Map.of("x-dead-letter-exchange", "", "x-dead-letter-routing-key", "orders.dlq"),
                args, "an older broker would refuse x-queue-version");
    }

    @Test
    void theDeadLetterQueueHasTheSameTypeAndNoLimits() {
        assertEquals(Map.of("x-queue-type", "quorum"),
                settings("quorum", 5L, 1000L, 3).deadLetterArguments(true), "a quorum queue's dead-letter queue");
        assertEquals(Map.of("x-queue-version", 2),
                settings("classic", 5L, 1000L, null).deadLetterArguments(true), "a classic queue's, on a v2 broker");
        assertEquals(Map.of(),
                settings("classic", null, null, null).deadLetterArguments(false), "a classic queue's, on an older broker");
    }
}
