package dev.warren.config;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BrokerCredentialsTest {

    @Test
    void withoutPropertiesTheUriKeepsItsUserInfo() {
        URI uri = URI.create("amqps://app:old@rabbit:5671/vh");
        assertEquals(uri, BrokerConnections.withCredentials(uri, Optional.empty(), Optional.empty()));
    }

    @Test
    void aPasswordPropertyReplacesTheUrisPasswordAndKeepsItsUser() {
        URI uri = BrokerConnections.withCredentials(URI.create("amqps://app:old@rabbit:5671/vh?heartbeat=5"),
                Optional.empty(), Optional.of("n3w:p@ss/word"));
        assertEquals("app:n3w:p@ss/word", uri.getUserInfo());
        assertEquals("rabbit", uri.getHost());
        assertEquals(5671, uri.getPort());
        assertEquals("/vh", uri.getPath());
        assertEquals("heartbeat=5", uri.getQuery());
        assertEquals("vh", BrokerConnections.vhost(uri));
    }

    @Test
    void aUriWithoutUserInfoGetsBoth() {
        URI uri = BrokerConnections.withCredentials(URI.create("https://rabbit:15671"), Optional.of("monitor"),
                Optional.of("secret"));
        assertEquals("monitor:secret", uri.getUserInfo());
        assertEquals("https://monitor:****@rabbit:15671", BrokerConnections.masked(uri));
    }

    @Test
    void thePasswordIsMaskedEvenWhereTheUriHasNoParsedUserInfo() {
        assertEquals("amqp://guest:****@localhost:notaport", BrokerConnections.masked(URI.create("amqp://guest:SECRET@localhost:notaport")));
        assertEquals("amqp://guest:****@rab_bit/%2F", BrokerConnections.masked(URI.create("amqp://guest:SECRET@rab_bit/%2F")));
        assertEquals("amqp://rabbit/a@b", BrokerConnections.masked(URI.create("amqp://rabbit/a@b")), "an @ in the path is no user info");
    }

    @Test
    void amqpsAndHttpsAreTls() {
        assertTrue(BrokerConnections.isTls(URI.create("amqps://rabbit")));
        assertTrue(BrokerConnections.isTls(URI.create("https://rabbit:15671")));
        assertFalse(BrokerConnections.isTls(URI.create("amqp://rabbit")));
    }
}
