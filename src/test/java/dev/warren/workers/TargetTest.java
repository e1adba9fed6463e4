package dev.warren.workers;

import dev.warren.common.Problem.FieldError;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which target headers a worker group may send: what is refused is what would not reach the target as given. */
class TargetTest {

    private static List<String> headerErrors(Map<String, String> headers) {
        return new Target("https://api.example.com/hook", null, headers, null).errors("target.").stream()
                .map(FieldError::field).toList();
    }

    @Test
    void printableAsciiValuesWithSpacesAndTabsAreSentAsGiven() {
        assertEquals(List.of(), headerErrors(Map.of("Authorization", "Bearer abc.def~_-+/=", "X-List", "a,\tb c",
                "X-Empty", "")));
    }

    @Test
    void aValueTheTargetWouldReceiveAlteredIsRefusedNamingTheHeader() {
        for (String value : List.of("a\nb", "a\rb", "a\u0000b", "a\u007Fb", "line\u2028separator", "caf\u00E9", "\uD83D\uDE00")) {
            assertEquals(List.of("target.headers.X-Value"), headerErrors(Map.of("X-Value", value)), value);
        }
    }

    @Test
    void namesAreTokensAndCamelHeadersAreReserved() {
        assertEquals(List.of("target.headers.Bad Name"), headerErrors(Map.of("Bad Name", "v")));
        assertEquals(List.of("target.headers.CamelHttpUri"), headerErrors(Map.of("CamelHttpUri", "http://evil")));
        // Content-Encoding too: camel-http would gzip the body for "gzip", and any other value would misdescribe it
        for (String transport : List.of("Host", "content-length", "Transfer-Encoding", "Connection", "Content-Encoding",
                "content-encoding")) {
            assertEquals(List.of("target.headers." + transport), headerErrors(Map.of(transport, "x")), transport);
        }
    }

    @Test
    void headersWarrenSetsOnEveryRequestAreReservedInAnyCase() {
        for (String own : List.of("webhook-id", "Webhook-Signature", "WEBHOOK-TIMESTAMP", "X-Warren-Queue", "x-warren-attempt",
                "X-Warren-Topic", "Content-Type", "content-type", "Accept-Encoding")) {
            assertEquals(List.of("target.headers." + own), headerErrors(Map.of(own, "x")), own);
        }
        assertEquals(List.of(), headerErrors(Map.of("X-Warren", "x", "Webhook", "x", "Accept", "application/json",
                "X-Webhook-Id", "x")), "similar names stay the group's own");
    }
}
