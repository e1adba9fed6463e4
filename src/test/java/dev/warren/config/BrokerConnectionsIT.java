package dev.warren.config;

import dev.warren.support.LogCapture;
import dev.warren.support.TestBroker;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.Connection;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** warren's connection factory against the test broker: which virtual host a URI names, and what a refusal logs. */
class BrokerConnectionsIT {

    /** The test broker's URI without its path. */
    private static String root() {
        URI uri = URI.create(TestBroker.get().amqpUri);
        return uri.getScheme() + "://" + uri.getRawUserInfo() + "@" + uri.getHost() + ":" + BrokerConnections.port(uri);
    }

    @Test
    void aTrailingSlashNamesTheDefaultVirtualHost() {
        CachingConnectionFactory factory = BrokerConnections.connectionFactory(URI.create(root() + "/"), 30, 4);
        try (Connection connection = factory.createConnection()) {
            assertTrue(connection.isOpen());
            assertEquals("/", factory.getVirtualHost());
        } finally {
            factory.destroy();
        }
    }

    @Test
    void aRefusedConnectionLogsTheBrokersReplyAndNoPassword() {
        URI missing = URI.create(root() + "/warren-no-such-vhost");
        String password = missing.getUserInfo().split(":", 2)[1];
        CachingConnectionFactory factory = BrokerConnections.connectionFactory(missing, 30, 4);
        try (LogCapture log = LogCapture.open()) {
            BrokerConnections.supportsClassicVersion2(factory);
            String line = log.lines().stream().filter(l -> l.contains("not reachable yet")).findFirst().orElseThrow();
            assertTrue(line.contains("vhost warren-no-such-vhost not found"), line);
            assertFalse(line.contains(":" + password + "@"), line);
        } finally {
            factory.destroy();
        }
    }
}
