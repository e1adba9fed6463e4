package dev.warren.api;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HttpErrorPagesTest {

    @Test
    void aQueryDecodesWhenEveryPercentHasTwoHexDigits() {
        for (String query : new String[] {null, "", "limit=10", "a=%20b&c", "x=%E2%82%AC", "=&&"}) {
            assertTrue(HttpErrorPages.decodes(query), query);
        }
        for (String query : new String[] {"%zz", "limit=%", "a=%2", "%", "a=b&%G0"}) {
            assertFalse(HttpErrorPages.decodes(query), query);
        }
    }

    @Test
    void jsonIsAcceptableUnlessEveryRangeRulesItOut() {
        for (String accept : new String[] {null, "", "*/*", "application/json", "application/problem+json",
                "text/html, application/json;q=0.5", "application/*", "Application/JSON; charset=utf-8", "*"}) {
            assertTrue(HttpErrorPages.acceptsJson(accept), accept);
        }
        for (String accept : new String[] {"application/xml", "text/html", "text/plain, image/png",
                "application/json;q=0", "application/jsonx"}) {
            assertFalse(HttpErrorPages.acceptsJson(accept), accept);
        }
    }

    @Test
    void aWrongMethodIsToldTheMethodsOfEveryTemplateItsPathMatches() {
        java.util.Map<String, java.util.Set<String>> templates = java.util.Map.of(
                "/api/queues", java.util.Set.of("GET"),
                "/api/queues/:queue", java.util.Set.of("GET", "PUT", "DELETE"),
                "/api/queues/:queue/workers", java.util.Set.of("GET", "PUT", "DELETE"),
                "/api/queues/:queue/purge", java.util.Set.of("POST"),
                "/observe/jolokia/*", java.util.Set.of("GET", "POST"));
        assertEquals(java.util.Set.of("GET"), HttpErrorPages.allowed("/api/queues", templates));
        assertEquals(java.util.Set.of("GET"), HttpErrorPages.allowed("/api/queues/", templates));
        assertEquals(java.util.List.of("DELETE", "GET", "PUT"),
                java.util.List.copyOf(HttpErrorPages.allowed("/api/queues/orders", templates)), "sorted");
        assertEquals(java.util.Set.of("POST"), HttpErrorPages.allowed("/api/queues/orders/purge", templates));
        assertEquals(java.util.Set.of("GET", "POST"), HttpErrorPages.allowed("/observe/jolokia/read/x", templates));
        assertEquals(java.util.Set.of(), HttpErrorPages.allowed("/api/queues//purge", templates), "an empty segment");
        assertEquals(java.util.Set.of(), HttpErrorPages.allowed("/api/nope", templates));
    }

    @Test
    void dotSegmentsAreFoundEncodedOrNot() {
        for (String target : new String[] {"/api/topics/t/subscribers/..", "/api/topics/t/subscribers/%2e%2e",
                "/api/queues/%2E", "/api/./queues", "/a/%2e%2E/b?x=1"}) {
            assertTrue(HttpErrorPages.hasDotSegment(target), target);
        }
        for (String target : new String[] {null, "/api/queues/a..b", "/api/queues/...", "/api/queues?x=..", "/api/queues/.x"}) {
            assertFalse(HttpErrorPages.hasDotSegment(target), target);
        }
    }
}
