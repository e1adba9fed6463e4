package dev.warren.api;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AccessGateChallengeTest {

    @Test
    void aRequestWithoutKeyOrWithBasicIsOfferedBothSchemesEachOnItsOwn() {
        assertEquals(List.of("Bearer realm=\"warren\"", "Basic realm=\"warren\""), AccessGate.challenges(null));
        assertEquals(List.of("Bearer realm=\"warren\"", "Basic realm=\"warren\""), AccessGate.challenges("Basic eDp5"));
    }

    @Test
    void aBearerRequestIsNotOfferedBasicSoABrowserShowsNoDialogOverTheDashboard() {
        assertEquals(List.of("Bearer realm=\"warren\""), AccessGate.challenges("Bearer wrn_unknown"));
        assertEquals(List.of("Bearer realm=\"warren\""), AccessGate.challenges("bearer wrn_unknown"));
    }
}
