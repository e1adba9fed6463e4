package dev.warren.ops;

import dev.warren.store.Store;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.Connection;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/** What the readiness checks ask: does the broker answer, does the store answer. */
public final class Probes {

    private Probes() {
    }

    /** The shared connection is open, or can be opened again; no round trip to the broker is needed for that. */
    public static Optional<String> broker(CachingConnectionFactory factory) {
        try {
            Connection connection = factory.createConnection();
            if (!connection.isOpen()) {
                // the factory replaces a dropped connection only when a channel is asked for
                connection.createChannel(false).close();
            }
            return connection.isOpen() ? Optional.empty() : Optional.of("the connection to RabbitMQ is closed");
        } catch (AmqpException | IOException | TimeoutException e) {
            return Optional.of("RabbitMQ does not answer: " + rootMessage(e));
        }
    }

    public static Optional<String> store(Store store) {
        return store.isUp() ? Optional.empty() : Optional.of("the store (database) does not answer");
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
}
