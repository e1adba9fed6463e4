package dev.warren.api;

import dev.warren.broker.ExchangeSettings;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The checks of exchange declarations and bind requests. */
class ExchangeRequestsTest {

    @Test
    void anExchangeIsOfOneOfTheFourTypes() {
        for (String type : new String[] {"direct", "fanout", "topic", "headers"}) {
            assertTrue(new ExchangeSettings(type).errors().isEmpty(), type);
        }
        assertEquals("type", new ExchangeSettings("x-delayed-message").errors().get(0).field());
        assertEquals("type", new ExchangeSettings(null).errors().get(0).field());
        assertTrue(new ExchangeSettings("x-delayed-message").errors().get(0).message().startsWith("must be one of"),
                "a type given is not said to be missing");
        assertTrue(new ExchangeSettings(null).errors().get(0).message().startsWith("is required"));
    }

    @Test
    void aBindingNamesAValidQueue() {
        assertTrue(new ExchangeApi.BindingRequest("orders-eu", "orders.*.eu", null).errors().isEmpty());
        assertEquals("queue", new ExchangeApi.BindingRequest(null, "", null).errors().get(0).field());
        assertEquals("queue", new ExchangeApi.BindingRequest("amq.q", "", null).errors().get(0).field());
    }

    @Test
    void unbindArgumentsAreAJsonObjectComparedAsListedWhateverTheOrder() {
        Map<String, Object> named = ExchangeApi.argumentsOf("{\"format\": \"pdf\", \"x-match\": \"all\"}");
        Map<String, Object> listed = Map.of("x-match", "all", "format", "pdf");
        assertEquals(new dev.warren.broker.BindingView("e", "q", "", listed).key(),
                new dev.warren.broker.BindingView("e", "q", "", named).key());
        assertEquals(Map.of(), ExchangeApi.argumentsOf("{}"));
        assertEquals(Map.of("k", "${x}"), ExchangeApi.argumentsOf("{\"k\": \"${x}\"}"), "data, not an expression");
        for (String bad : new String[] {"", "pdf", "[1]", "\"x\"", "{\"a\":", "null"}) {
            dev.warren.common.ProblemException refused = org.junit.jupiter.api.Assertions.assertThrows(
                    dev.warren.common.ProblemException.class, () -> ExchangeApi.argumentsOf(bad), bad);
            assertEquals(400, refused.problem().status(), bad);
            assertEquals("arguments", refused.problem().errors().get(0).field(), bad);
        }
    }

    @Test
    void aRoutingKeyFitsAnAmqpShortString() {
        assertTrue(new ExchangeApi.BindingRequest("q", "k".repeat(255), null).errors().isEmpty());
        assertEquals("routingKey", new ExchangeApi.BindingRequest("q", "k".repeat(256), null).errors().get(0).field());
        assertEquals("routingKey", new ExchangeApi.BindingRequest("q", "é".repeat(128), null).errors().get(0).field(),
                "bytes, not characters");
    }

    @Test
    void headerArgumentsAreStringsAndMatchAllOrAny() {
        assertTrue(new ExchangeApi.BindingRequest("q", "", Map.of("x-match", "any", "region", "eu")).errors().isEmpty());
        assertEquals("arguments.x-match",
                new ExchangeApi.BindingRequest("q", "", Map.of("x-match", "some")).errors().get(0).field());
        assertEquals("arguments. ", new ExchangeApi.BindingRequest("q", "", Map.of(" ", "x")).errors().get(0).field());
    }

    @Test
    void aBindingWithoutKeyOrArgumentsHasEmptyOnes() {
        var binding = new ExchangeApi.BindingRequest("q", null, null).toBinding("e");
        assertEquals("", binding.routingKey());
        assertEquals(Map.of(), binding.arguments());
    }
}
