package dev.warren.config;

import dev.warren.broker.BrokerErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.Connection;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** Builds warren's one connection factory (confirms, recovery, heartbeats) and reads facts of the broker. */
public final class BrokerConnections {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerConnections.class);

    private BrokerConnections() {
    }

    public static CachingConnectionFactory connectionFactory(URI amqp, int heartbeatSeconds, int channelCacheSize) {
        return connectionFactory(amqp, heartbeatSeconds, channelCacheSize, null, true);
    }

    /**
     * @param tls for an amqps:// URI, the TLS context (trusted CAs, client certificate); null for an amqp:// one
     * @param verifyHostname whether the broker's certificate must name the URI's host
     */
    public static CachingConnectionFactory connectionFactory(URI amqp, int heartbeatSeconds, int channelCacheSize,
                                                             SSLContext tls, boolean verifyHostname) {
        return connectionFactory(amqp, List.of(), heartbeatSeconds, channelCacheSize, tls, verifyHostname);
    }

    /**
     * @param addresses the host:port of each cluster node (see {@link BrokerAddresses}); empty for the URI's alone.
     *                  The URI's credentials, virtual host and TLS apply to every node.
     */
    public static CachingConnectionFactory connectionFactory(URI amqp, List<String> addresses, int heartbeatSeconds,
                                                             int channelCacheSize, SSLContext tls, boolean verifyHostname) {
        CachingConnectionFactory factory = new CachingConnectionFactory(amqp);
        // the client reads a path of "/" as the virtual host "", which hardly exists: "/" as vhost() and the management client read it
        factory.setVirtualHost(vhost(amqp));
        if (!addresses.isEmpty()) {
            // Spring AMQP then connects to the first node that answers, and after a lost connection tries them again;
            // random order spreads several warren instances over the nodes
            factory.setAddresses(String.join(",", addresses));
            factory.setAddressShuffleMode(CachingConnectionFactory.AddressShuffleMode.RANDOM);
        }
        if (isTls(amqp)) {
            // the client's setUri made amqps:// trust every certificate; this context trusts only the configured CAs
            factory.getRabbitConnectionFactory().useSslProtocol(tls);
            if (verifyHostname) {
                factory.getRabbitConnectionFactory().enableHostnameVerification();
            }
        }
        // simple confirms and no returns on Spring's side: warren's publisher listens for both on the channel itself,
        // since Spring's correlated confirms and returns put their own headers on every message
        factory.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.SIMPLE);
        factory.setRequestedHeartBeat(heartbeatSeconds);
        factory.setChannelCacheSize(channelCacheSize);
        factory.setConnectionNameStrategy(f -> "warren");
        // Spring AMQP recovers connections itself; the client's own recovery would compete with it
        factory.getRabbitConnectionFactory().setAutomaticRecoveryEnabled(false);
        LOG.info("RabbitMQ at {}{}{}", masked(amqp), addresses.isEmpty() ? "" : " on nodes " + addresses, !isTls(amqp) ? " (no TLS)"
                : verifyHostname ? " (TLS, host name verified)" : " (TLS, host name NOT verified)");
        return factory;
    }

    /** The URI's port, or AMQP's default port for its scheme. */
    public static int port(URI amqp) {
        return amqp.getPort() > 0 ? amqp.getPort() : isTls(amqp) ? 5671 : 5672;
    }

    /** True for amqps:// and https:// URIs. */
    public static boolean isTls(URI uri) {
        return "amqps".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
    }

    /**
     * The URI with its user name and password replaced by the ones given (each kept from the URI when not given), so
     * that the password can come from its own property, environment variable or file instead of the URI.
     */
    public static URI withCredentials(URI uri, Optional<String> user, Optional<String> password) {
        if (user.isEmpty() && password.isEmpty()) {
            return uri;
        }
        String[] current = uri.getUserInfo() == null ? new String[0] : uri.getUserInfo().split(":", 2);
        String name = user.orElse(current.length > 0 ? current[0] : "guest");
        String secret = password.orElse(current.length > 1 ? current[1] : "");
        String authority = uri.getRawAuthority();
        String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
        String text = uri.toString();
        String rest = text.substring(text.indexOf(authority) + authority.length());
        // escaped, as the AMQP client and the management client decode the user info
        return URI.create(uri.getScheme() + "://" + escape(name) + ":" + escape(secret) + "@" + hostPort + rest);
    }

    private static String escape(String part) {
        return java.net.URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The virtual host named by the URI's path; "/" when it has none, or only "/". */
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
            // the innermost cause holds the broker's reply (a missing virtual host, a refused login); no credentials
            LOG.warn("RabbitMQ is not reachable yet ({}); warren keeps trying on each request", BrokerErrors.rootMessage(e));
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

    /** The URI with the password of its user info masked; read from the text, so that a URI no parser splits is masked too. */
    public static String masked(URI uri) {
        String text = uri.toString();
        int authority = text.indexOf("//");
        int at = authority < 0 ? -1 : text.indexOf('@', authority + 2);
        int path = authority < 0 ? -1 : text.indexOf('/', authority + 2);
        if (at < 0 || (path >= 0 && path < at)) {
            return text;
        }
        String user = text.substring(authority + 2, at).split(":")[0];
        return text.substring(0, authority + 2) + user + ":****" + text.substring(at);
    }
}
