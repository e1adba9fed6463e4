package dev.warren.api;

import dev.warren.common.ProblemException;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Which problem answers tell the client when to try again. */
class HttpBoundaryProblemTest {

    private static Exchange failedWith(Throwable caught) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, caught);
        HttpBoundary.writeProblem(exchange);
        return exchange;
    }

    @Test
    void aConflictThatPassesByItselfSaysRetryAfterOneSecond() {
        Exchange answer = failedWith(new IllegalStateException("wrapped",
                ProblemException.conflictForNow("Task id t-1 is being published right now; retry shortly")));
        assertEquals(409, answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE));
        assertEquals("1", answer.getMessage().getHeader("Retry-After"));
    }

    @Test
    void aLastingConflictHasNoRetryAfterAndAnUnavailableOneHasFiveSeconds() {
        Exchange conflict = failedWith(ProblemException.conflict("Task id t-1 was already published with another payload"));
        assertEquals(409, conflict.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE));
        assertNull(conflict.getMessage().getHeader("Retry-After"));
        Exchange unavailable = failedWith(ProblemException.unavailable("The job store is unavailable"));
        assertEquals("5", unavailable.getMessage().getHeader("Retry-After"));
    }
}
