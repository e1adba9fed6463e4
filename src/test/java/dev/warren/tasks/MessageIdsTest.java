package dev.warren.tasks;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class MessageIdsTest {

    private static final byte[] BODY = "{\"n\":1}".getBytes(StandardCharsets.UTF_8);
    private static final Map<String, Object> PROPERTIES = Map.of("contentType", "application/json",
            "timestamp", new Date(1_700_000_000_000L));

    @Test
    void theSameMessageDerivesTheSameIdOnEveryDelivery() {
        String first = MessageIds.derived("q", BODY, PROPERTIES, Map.of("a", "1", "b", List.of(1, 2)));
        String redelivered = MessageIds.derived("q", BODY.clone(), PROPERTIES,
                Map.of("b", List.of(1, 2), "a", "1", "x-delivery-count", 3, "x-death", List.of(Map.of("count", 1)),
                        "spring_listener_return_correlation", "x"));
        assertEquals(first, redelivered);
        assertEquals(36, first.length(), "a UUID: " + first);
    }

    @Test
    void anyDifferenceInQueueBodyPropertiesOrHeadersDerivesAnotherId() {
        String id = MessageIds.derived("q", BODY, PROPERTIES, Map.of("a", "1"));
        assertNotEquals(id, MessageIds.derived("r", BODY, PROPERTIES, Map.of("a", "1")));
        assertNotEquals(id, MessageIds.derived("q", "{\"n\":2}".getBytes(StandardCharsets.UTF_8), PROPERTIES, Map.of("a", "1")));
        assertNotEquals(id, MessageIds.derived("q", BODY, Map.of("contentType", "text/plain"), Map.of("a", "1")));
        assertNotEquals(id, MessageIds.derived("q", BODY, PROPERTIES, Map.of("a", "2")));
        assertNotEquals(id, MessageIds.derived("q", BODY, PROPERTIES, Map.of("a1", "")));
    }
}
