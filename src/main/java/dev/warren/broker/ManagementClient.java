package dev.warren.broker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.common.Json;
import dev.warren.common.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/** Reads RabbitMQ's management HTTP API (queue types, unacked counts, connections) for views AMQP cannot give. */
// HttpURLConnection (it keeps connections alive too), not the JDK's HttpClient: that one loaded about 900 classes, its
// own and TLS's even for http, that stayed resident for the JVM's life
public final class ManagementClient {

    private static final Logger LOG = LoggerFactory.getLogger(ManagementClient.class);
    private static final int TIMEOUT_MS = 5000;

    /** for an https URI with its own CAs; null: the JVM's default */
    private final SSLSocketFactory tls;
    private final URI base;
    private final String authorization;
    private final String vhost;
    private final AtomicBoolean failing = new AtomicBoolean();

    /** @param uri the management API's base URI; user:password in it are the credentials (else guest:guest) */
    public ManagementClient(URI uri, String vhost) {
        this(uri, vhost, null);
    }

    /** @param tls for an https URI, the TLS context (the CAs to trust); null: the JVM's default */
    public ManagementClient(URI uri, String vhost, javax.net.ssl.SSLContext tls) {
        this.tls = tls == null ? null : tls.getSocketFactory();
        String userInfo = uri.getUserInfo() != null ? uri.getUserInfo() : "guest:guest";
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
        this.base = URI.create(uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort()
                + (uri.getPath() == null ? "" : uri.getPath().replaceAll("/+$", "")));
        this.vhost = vhost;
    }

    /** A queue of warren's virtual host, or empty when the broker has none of that name. */
    public Optional<JsonNode> queue(String name) {
        return get("/api/queues/" + encode(vhost) + "/" + encode(name));
    }

    /** Every queue of warren's virtual host. */
    public JsonNode queues() {
        return get("/api/queues/" + encode(vhost)
                + "?columns=name,type,durable,messages,messages_ready,messages_unacknowledged,consumers")
                .orElseThrow(() -> ProblemException.notFound("Virtual host " + vhost + " does not exist"));
    }

    /** Every queue's unacknowledged messages and publish and deliver rates, as the broker last sampled them. */
    public JsonNode queueActivity() {
        return get("/api/queues/" + encode(vhost) + "?columns=name,messages_unacknowledged,"
                + "message_stats.publish_details.rate,message_stats.deliver_get_details.rate", "Virtual host " + vhost);
    }

    /** An exchange of warren's virtual host, or empty when the broker has none of that name. */
    public Optional<JsonNode> exchange(String name) {
        return get("/api/exchanges/" + encode(vhost) + "/" + encode(name));
    }

    /** Every exchange of warren's virtual host, with its type, durability and arguments. */
    public JsonNode exchanges() {
        return get("/api/exchanges/" + encode(vhost) + "?columns=name,type,durable,arguments", "Virtual host " + vhost);
    }

    /** Every binding of warren's virtual host (read live, not sampled). */
    public JsonNode bindings() {
        return get("/api/bindings/" + encode(vhost), "Virtual host " + vhost);
    }

    /** The bindings whose source is this exchange (read live, not sampled). */
    public JsonNode bindingsFrom(String exchange) {
        return get("/api/exchanges/" + encode(vhost) + "/" + encode(exchange) + "/bindings/source", "Exchange " + exchange);
    }

    /** The client connections to warren's virtual host. */
    public JsonNode connections() {
        return get("/api/vhosts/" + encode(vhost) + "/connections", "Virtual host " + vhost);
    }

    /** The consumers of warren's virtual host. */
    public JsonNode consumers() {
        return get("/api/consumers/" + encode(vhost), "Virtual host " + vhost);
    }

    /** How many nodes of the cluster are running, as the API reports them; empty when it lists none. */
    public java.util.OptionalInt runningNodes() {
        JsonNode nodes = get("/api/nodes?columns=name,running").orElse(null);
        if (nodes == null || !nodes.isArray() || nodes.isEmpty()) {
            return java.util.OptionalInt.empty();
        }
        int running = 0;
        for (JsonNode node : nodes) {
            running += node.path("running").asBoolean(false) ? 1 : 0;
        }
        return java.util.OptionalInt.of(running);
    }

    public JsonNode get(String path, String what) {
        return get(path).orElseThrow(() -> ProblemException.notFound(what + " does not exist"));
    }

    private Optional<JsonNode> get(String path) {
        HttpURLConnection connection = null;
        boolean connected = false;
        try {
            // no proxy, as the JDK's HttpClient had none unless given one
            connection = (HttpURLConnection) base.resolve(path).toURL().openConnection(Proxy.NO_PROXY);
            if (tls != null && connection instanceof HttpsURLConnection https) {
                https.setSSLSocketFactory(tls);
            }
            connection.setConnectTimeout(TIMEOUT_MS);
            connection.setReadTimeout(TIMEOUT_MS);
            connection.setInstanceFollowRedirects(false);
            connection.setRequestProperty("Authorization", authorization);
            connection.setRequestProperty("Accept", "application/json");
            connection.connect();
            connected = true;
            int status = connection.getResponseCode();
            if (status != 200 && status != 404) {
                discard(connection.getErrorStream());
                throw unavailable("answered HTTP " + status);
            }
            if (failing.compareAndSet(true, false)) {
                LOG.info("The RabbitMQ management API at {} answers again", base);
            }
            if (status == 404) {
                discard(connection.getErrorStream());
                return Optional.empty();
            }
            try (InputStream body = connection.getInputStream()) {
                return Optional.of(Json.MAPPER.readTree(body.readAllBytes()));
            }
        } catch (IOException e) {
            if (connection != null) {
                connection.disconnect();
            }
            if (connected && e instanceof SocketTimeoutException) {
                throw slow();
            }
            throw unavailable("is unreachable (" + BrokerErrors.rootMessage(e) + ")");
        }
    }

    /** Reads an error answer to its end, so that its connection goes back to the keep-alive cache. */
    private static void discard(InputStream body) throws IOException {
        if (body != null) {
            try (body) {
                body.readAllBytes();
            }
        }
    }

    private ProblemException unavailable(String why) {
        if (failing.compareAndSet(false, true)) {
            LOG.warn("The RabbitMQ management API at {} {}. Publishing and delivery work without it; a queue's view "
                    + "lacks its type and unacknowledged count, and the lists of queues, topics, exchanges, connections "
                    + "and consumers answer 503 until it answers. Enable it with `rabbitmq-plugins enable "
                    + "rabbitmq_management` or set warren.rabbitmq.management-uri", base, why);
        }
        return ProblemException.unavailable("The RabbitMQ management API at " + base + " " + why
                + "; set warren.rabbitmq.management-uri and enable the rabbitmq_management plugin");
    }

    /** The API took the connection but did not answer in time: it is there, so enabling or configuring it is no advice. */
    private ProblemException slow() {
        String why = "did not answer within " + TIMEOUT_MS / 1000 + " s";
        if (failing.compareAndSet(false, true)) {
            LOG.warn("The RabbitMQ management API at {} {}; it is slow or overloaded. Publishing and delivery work "
                    + "without it; the lists of queues, topics, exchanges, connections and consumers answer 503 while "
                    + "it does not answer", base, why);
        }
        return ProblemException.unavailable("The RabbitMQ management API at " + base + " " + why
                + " (it is slow or overloaded)");
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
