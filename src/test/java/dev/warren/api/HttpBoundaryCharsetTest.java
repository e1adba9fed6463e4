package dev.warren.api;

import dev.warren.common.ProblemException;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A body is read as UTF-8 only when it says it is (or says nothing): another charset is a 415, not altered text. */
class HttpBoundaryCharsetTest {

    private static Exchange request(String contentType, byte[] body) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, contentType);
        exchange.getMessage().setBody(body);
        return exchange;
    }

    @Test
    void theCharsetParameterIsReadUnquotedAndCaseBlind() {
        assertNull(HttpBoundary.charset("application/json"));
        assertNull(HttpBoundary.charset(null));
        assertEquals("iso-8859-1", HttpBoundary.charset("application/json; charset=iso-8859-1"));
        assertEquals("UTF-8", HttpBoundary.charset("application/json;CHARSET=\"UTF-8\""));
        assertEquals("utf-16", HttpBoundary.charset("application/json; q=1; charset = utf-16"));
        assertTrue(HttpBoundary.isUtf8("Utf-8"));
        assertTrue(HttpBoundary.isUtf8("utf8"));
    }

    @Test
    void aBodyInAnotherCharsetIs415NamingUtf8() {
        byte[] latin1 = "{\"payload\": \"Ã©\"}".getBytes(StandardCharsets.ISO_8859_1);
        for (String type : new String[] {"application/json; charset=iso-8859-1", "application/json; charset=utf-16",
                "application/vnd.x+json; charset=\"windows-1252\"", "application/json; charset=${x}"}) {
            ProblemException refused = assertThrows(ProblemException.class,
                    () -> HttpBoundary.prepareRequest(request(type, latin1), QueryParameters.strict(Set.of())), type);
            assertEquals(415, refused.problem().status(), type);
            assertTrue(refused.problem().detail().contains("UTF-8"), refused.problem().detail());
        }
    }

    @Test
    void aUtf8OrUndeclaredCharsetIsRead() {
        byte[] body = "{\"payload\": \"é\"}".getBytes(StandardCharsets.UTF_8);
        for (String type : new String[] {"application/json", "application/json; charset=UTF-8", "application/json;charset=\"utf-8\""}) {
            Exchange exchange = request(type, body);
            HttpBoundary.prepareRequest(exchange, QueryParameters.strict(Set.of()));
            assertArrayEquals(body, exchange.getMessage().getBody(byte[].class), type);
        }
    }

    @Test
    void aCharsetWithoutABodyChangesNothing() {
        Exchange exchange = request("application/json; charset=iso-8859-1", null);
        HttpBoundary.prepareBodilessRequest(exchange, QueryParameters.strict(Set.of()));
        assertNull(exchange.getMessage().getBody());
    }
}
