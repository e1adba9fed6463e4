package dev.warren.support;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When SecondBroker starts a node again: only after one exited while starting, a few times, keeping every exit's output. */
class SecondBrokerTest {

    @Test
    void aNodeThatExitsWhileStartingIsStartedAgain() throws IOException {
        AtomicInteger attempts = new AtomicInteger();
        String started = SecondBroker.untilOneStarts(() -> {
            if (attempts.incrementAndGet() < SecondBroker.START_ATTEMPTS) {
                throw new SecondBroker.NodeExited("node-" + attempts.get(), "port already in use");
            }
            return "node-" + attempts.get();
        });
        assertEquals("node-3", started);
    }

    @Test
    void afterThreeExitsItFailsWithTheOutputOfEach() {
        AtomicInteger attempts = new AtomicInteger();
        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> SecondBroker.untilOneStarts(() -> {
            throw new SecondBroker.NodeExited("node-" + attempts.incrementAndGet(), "eaddrinuse " + attempts.get());
        }));
        assertEquals(3, attempts.get());
        for (int i = 1; i <= 3; i++) {
            assertTrue(failure.getMessage().contains("attempt " + i + ": rabbitmq-server node-" + i + " exited"),
                    failure.getMessage());
            assertTrue(failure.getMessage().contains("eaddrinuse " + i), failure.getMessage());
        }
    }

    @Test
    void aNodeStillStartingAtTheTimeoutIsNotStartedAgain() {
        AtomicInteger attempts = new AtomicInteger();
        assertThrows(ConditionTimeoutException.class, () -> SecondBroker.untilOneStarts(() -> {
            attempts.incrementAndGet();
            throw new ConditionTimeoutException("RabbitMQ node running");
        }));
        assertEquals(1, attempts.get());
    }

    @Test
    void theExitReachesTheCallerOfAwaitUnwrapped() {
        // awaitRunning throws the exit from its Awaitility condition; the retry catches it around the await
        assertThrows(SecondBroker.NodeExited.class, () -> await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(10)).until(() -> {
                    throw new SecondBroker.NodeExited("node", "exited");
                }));
    }
}
