package dev.warren.auth;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CredentialsTest {

    private static String basic(String pair) {
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aBearerKey() {
        assertEquals(Optional.of("wrn_abc"), Credentials.key("Bearer wrn_abc"));
        assertEquals(Optional.of("wrn_abc"), Credentials.key("bearer   wrn_abc "));
    }

    @Test
    void basicWithTheKeyAsThePasswordAndAnyUser() {
        assertEquals(Optional.of("wrn_abc"), Credentials.key(basic("hawtio:wrn_abc")));
        assertEquals(Optional.of("wrn_abc"), Credentials.key(basic(":wrn_abc")));
        assertEquals(Optional.of("a:b"), Credentials.key(basic("user:a:b")), "the password is everything after the first colon");
    }

    @Test
    void malformedOrMissingHeadersGiveNoKey() {
        assertEquals(Optional.empty(), Credentials.key(null));
        assertEquals(Optional.empty(), Credentials.key(""));
        assertEquals(Optional.empty(), Credentials.key("Bearer"));
        assertEquals(Optional.empty(), Credentials.key("Bearer "));
        assertEquals(Optional.empty(), Credentials.key("Token wrn_abc"));
        assertEquals(Optional.empty(), Credentials.key("Basic not-base64!"));
        assertEquals(Optional.empty(), Credentials.key(basic("no-colon")));
        assertEquals(Optional.empty(), Credentials.key(basic("user:")));
        assertEquals(Optional.empty(), Credentials.key("Bearer two words"));
        assertEquals(Optional.empty(), Credentials.key("Bearer " + "x".repeat(600)));
    }
}
