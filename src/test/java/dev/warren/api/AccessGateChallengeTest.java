package dev.warren.api;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AccessGateChallengeTest {

    @Test
    void aRequestWithoutKeyOrWithBasicIsOfferedBothSchemes() {
        assertEquals("Bearer realm=\"warren\", Basic realm=\"warren\"", AccessGate.challenge(null));
        assertEquals("Bearer realm=\"warren\", Basic realm=\"warren\"", AccessGate.challenge("Basic eDp5"));
    }

    @Test
    void aBearerRequestIsNotOfferedBasicSoABrowserShowsNoDialogOverTheDashboard() {
        assertEquals("Bearer realm=\"warren\"", AccessGate.challenge("Bearer wrn_unknown"));
        assertEquals("Bearer realm=\"warren\"", AccessGate.challenge("bearer wrn_unknown"));
    }
}
