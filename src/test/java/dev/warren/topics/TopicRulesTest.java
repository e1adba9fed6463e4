package dev.warren.topics;

import dev.warren.broker.ExchangeView;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which exchanges are topics, how subscriber queues are named, how much a pull takes. */
class TopicRulesTest {

    @Test
    void onlyDurableFanoutExchangesWarrenMarkedAreTopics() {
        assertTrue(TopicRules.isTopic(new ExchangeView("news", "fanout", true, Map.of("x-warren-topic", true))));
        assertFalse(TopicRules.isTopic(new ExchangeView("news", "fanout", true, Map.of())), "unmarked");
        assertFalse(TopicRules.isTopic(new ExchangeView("news", "fanout", false, Map.of("x-warren-topic", true))), "transient");
        assertFalse(TopicRules.isTopic(new ExchangeView("news", "direct", true, Map.of("x-warren-topic", true))), "direct");
    }

    @Test
    void anExchangeIsNoTopicUnlessDeclaredAsOneSaysWhy() {
        assertEquals(Optional.empty(), TopicRules.notATopic(new ExchangeView("news", "fanout", true, Map.of("x-warren-topic", true))));
        assertEquals(Optional.of("it is a fanout exchange that was not declared as a topic (through /api/exchanges or by"
                + " another client)"), TopicRules.notATopic(new ExchangeView("news", "fanout", true, Map.of())));
        assertEquals(Optional.of("it is a direct exchange, not a durable fanout one"),
                TopicRules.notATopic(new ExchangeView("news", "direct", true, Map.of())));
        assertEquals(Optional.of("it is a transient fanout exchange, not a durable fanout one"),
                TopicRules.notATopic(new ExchangeView("news", "fanout", false, Map.of("x-warren-topic", true))));
    }

    @Test
    void aSubscribersQueueIsTheTopicDotTheId() {
        assertEquals("news.mobile", TopicRules.subscriberQueue("news", "mobile"));
        assertEquals(Optional.of("mobile"), TopicRules.subscriberId("news", "news.mobile"));
        assertEquals(Optional.of("eu.mobile"), TopicRules.subscriberId("news", "news.eu.mobile"), "ids may hold dots");
    }

    @Test
    void queuesNotNamedAfterTheTopicAreNotItsSubscribers() {
        assertEquals(Optional.empty(), TopicRules.subscriberId("news", "audit"));
        assertEquals(Optional.empty(), TopicRules.subscriberId("news", "news."));
        assertEquals(Optional.empty(), TopicRules.subscriberId("news", "newsroom.a"));
        assertEquals(Optional.empty(), TopicRules.subscriberId("news", "news.mobile.dlq"), "a dead-letter queue");
    }

    @Test
    void anIdFollowsTheNameRuleAndKeepsTheQueueNameValid() {
        assertEquals(Optional.empty(), TopicRules.idViolation("news", "b6a0c7e2-5b1e-4a57-9d1c-1f2e3d4c5b6a"));
        assertTrue(TopicRules.idViolation("news", "").isPresent(), "empty");
        assertTrue(TopicRules.idViolation("news", "a b").isPresent(), "space");
        assertTrue(TopicRules.idViolation("news", "amq.x").isPresent(), "reserved prefix");
        assertTrue(TopicRules.idViolation("news", "x".repeat(196)).get().contains("too long"), "news. + 196 > 200");
        assertEquals(Optional.empty(), TopicRules.idViolation("news", "x".repeat(195)), "exactly 200");
        assertTrue(TopicRules.idViolation("news", "mobile.dlq").isPresent(), "would look like a dead-letter queue");
        assertTrue(TopicRules.idViolation("news", "a.wait.5").isPresent(), "would look like a wait queue");
        assertEquals(Optional.empty(), TopicRules.idViolation("news", "a.wait.later"), "no wait queue ends in a word");
    }

    @Test
    void aPullTakesTenByDefaultAndAtMostAThousand() {
        assertEquals(Optional.of(10), TopicRules.pullSize(null));
        assertEquals(Optional.of(10), TopicRules.pullSize(""));
        assertEquals(Optional.of(1), TopicRules.pullSize("1"));
        assertEquals(Optional.of(1000), TopicRules.pullSize("1000"));
        assertEquals(Optional.empty(), TopicRules.pullSize("0"));
        assertEquals(Optional.empty(), TopicRules.pullSize("1001"));
        assertEquals(Optional.empty(), TopicRules.pullSize("ten"));
    }
}
