package dev.warren.support;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The test command's preparation of the RabbitMQ management API: when it enables the plugin, and what it says otherwise. */
class ManagementApiPreparationTest {

    private static final URI LOCAL = URI.create("http://guest:guest@localhost:15672");

    @Test
    void anAnsweringApiNeedsNothing() {
        assertEquals(ManagementApiPreparation.Step.READY, ManagementApiPreparation.decide(200, LOCAL, false));
        assertEquals(ManagementApiPreparation.Step.READY,
                ManagementApiPreparation.decide(200, URI.create("http://broker.example:8080"), true));
    }

    @Test
    void aSilentLocalPluginPortIsEnabledWhenRabbitmqPluginsIsHere() {
        assertEquals(ManagementApiPreparation.Step.ENABLE_PLUGIN, ManagementApiPreparation.decide(0, LOCAL, true));
        assertEquals(ManagementApiPreparation.Step.ENABLE_PLUGIN,
                ManagementApiPreparation.decide(0, URI.create("http://127.0.0.1:15672"), true));
    }

    @Test
    void withoutTheCommandOrForAnotherBrokerItFailsInsteadOfEnabling() {
        assertEquals(ManagementApiPreparation.Step.FAIL, ManagementApiPreparation.decide(0, LOCAL, false));
        assertEquals(ManagementApiPreparation.Step.FAIL,
                ManagementApiPreparation.decide(0, URI.create("http://broker.example:15672"), true));
        assertEquals(ManagementApiPreparation.Step.FAIL,
                ManagementApiPreparation.decide(0, URI.create("http://localhost:25672"), true));
    }

    @Test
    void anApiThatRefusesTheCredentialsIsReportedNotEnabledAgain() {
        assertEquals(ManagementApiPreparation.Step.FAIL, ManagementApiPreparation.decide(401, LOCAL, true));
        try (TargetServer api = TargetServer.start(request -> TargetServer.Answer.status(401))) {
            URI uri = URI.create(api.url(""));
            IllegalStateException failure = assertThrows(IllegalStateException.class,
                    () -> ManagementApiPreparation.prepare(uri, Optional.of(Path.of("/nonexistent/rabbitmq-plugins"))));
            assertTrue(failure.getMessage().contains("answered HTTP 401"), failure.getMessage());
            assertEquals("/api/overview", api.requests().get(0).path(), "probed the overview");
        }
    }

    @Test
    void aClosedPortFailsQuicklyWithWhatToDoAndNoCredentials() throws IOException {
        URI closed = URI.create("http://guest:s3cret@127.0.0.1:" + closedPort());
        assertEquals(0, ManagementApiPreparation.status(closed), "nothing listens on " + closed.getPort());

        IllegalStateException failure = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThrows(
                IllegalStateException.class,
                () -> ManagementApiPreparation.prepare(closed, Optional.of(Path.of("/nonexistent/rabbitmq-plugins")))));

        String message = failure.getMessage();
        assertTrue(message.contains("http://127.0.0.1:" + closed.getPort()), message);
        assertTrue(message.contains("rabbitmq-plugins enable rabbitmq_management"), message);
        assertTrue(message.contains("WARREN_TEST_RABBITMQ_MANAGEMENT_URI"), message);
        assertFalse(message.contains("s3cret"), "no password in the message: " + message);
    }

    @Test
    void withoutRabbitmqPluginsTheMessageSaysSo() throws IOException {
        URI closed = URI.create("http://localhost:" + closedPort());
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> ManagementApiPreparation.prepare(closed, Optional.empty()));
        assertTrue(failure.getMessage().contains("rabbitmq-plugins was not found"), failure.getMessage());
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
