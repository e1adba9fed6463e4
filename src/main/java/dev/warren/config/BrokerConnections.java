package dev.warren.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.Connection;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Builds warren's one connection factory (confirms, recovery, heartbeats) and reads facts of the broker. */
public final class BrokerConnections {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerConnections.class);

    private BrokerConnections() {
    }

    public static CachingConnectionFactory connectionFactory(URI amqp, int heartbeatSeconds, int channelCacheSize) {
        CachingConnectionFactory factory = new CachingConnectionFactory(amqp);
        // simple confirms and no returns on Spring's side: warren's publisher listens for both on the channel itself,
        // since Spring's correlated confirms and returns put their own headers on every message
        factory.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.SIMPLE);
        factory.setRequestedHeartBeat(heartbeatSeconds);
        factory.setChannelCacheSize(channelCacheSize);
        factory.setConnectionNameStrategy(f -> "warren");
        // Spring AMQP recovers connections itself; the client's own recovery would compete with it
        factory.getRabbitConnectionFactory().setAutomaticRecoveryEnabled(false);
        LOG.info("RabbitMQ at {}", masked(amqp));
        return factory;
    }

    /** The virtual host named by the URI's path; "/" when it has none. */
    public static String vhost(URI amqp) {
        String path = amqp.getRawPath();
        return path == null || path.length() <= 1 ? "/" : URLDecoder.decode(path.substring(1), StandardCharsets.UTF_8);
    }

    /** Classic queues version 2 exist from RabbitMQ 3.10 on; an unreachable broker at start-up assumes they do. */
    public static boolean supportsClassicVersion2(CachingConnectionFactory factory) {
        try (Connection connection = factory.createConnection()) {
            Object version = connection.getDelegate().getServerProperties().get("version");
            return version == null || atLeast(version.toString(), 3, 10);
        } catch (AmqpException e) {
            LOG.warn("RabbitMQ is not reachable yet ({}); warren keeps trying on each request", e.getMessage());
            return true;
        }
    }

    static boolean atLeast(String version, int major, int minor) {
        String[] parts = version.split("[.-]");
        try {
            int maj = Integer.parseInt(parts[0]);
            int min = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return maj > major || (maj == major && min >= minor);
        } catch (NumberFormatException e) {
            return true;
        }
    }

    public static String masked(URI uri) {
        return uri.getUserInfo() == null ? uri.toString() : uri.toString().replace(uri.getRawUserInfo(),
                uri.getUserInfo().split(":")[0] + ":****");
    }
}
