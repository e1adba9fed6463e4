package dev.warren.broker;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Reads the broker's client connections and consumers of warren's virtual host from the management API. */
public final class BrokerViews {

    /**
     * A client connection. The name is the one the client gave (warren's is "warren"), else the broker's; the
     * peer (the client's host:port) tells apart connections of the same name.
     */
    public record Connection(String name, String user, String vhost, String peer, int channels, String state) {

        /** The order connections are listed in, also their cursor. */
        public String key() {
            return name + " " + peer;
        }
    }

    /** A consumer of a queue, on a channel of some connection. */
    public record Consumer(String queue, String consumerTag, String channel, int prefetch, boolean ackRequired) {

        /** The order consumers are listed in, also their cursor. */
        public String key() {
            return queue + " " + channel + " " + consumerTag;
        }
    }

    private final ManagementClient management;

    public BrokerViews(ManagementClient management) {
        this.management = management;
    }

    public List<Connection> connections() {
        List<Connection> connections = new ArrayList<>();
        management.connections().forEach(c -> connections.add(new Connection(
                text(c.path("user_provided_name"), c.path("client_properties").path("connection_name"), c.path("name")),
                c.path("user").asText(), c.path("vhost").asText(),
                c.path("peer_host").asText() + ":" + c.path("peer_port").asText(),
                c.path("channels").asInt(), c.path("state").asText(null))));
        connections.sort(Comparator.comparing(Connection::key));
        return connections;
    }

    public List<Consumer> consumers() {
        List<Consumer> consumers = new ArrayList<>();
        management.consumers().forEach(c -> consumers.add(new Consumer(c.path("queue").path("name").asText(),
                c.path("consumer_tag").asText(), c.path("channel_details").path("name").asText(),
                c.path("prefetch_count").asInt(), c.path("ack_required").asBoolean())));
        consumers.sort(Comparator.comparing(Consumer::key));
        return consumers;
    }

    /** The first of these fields that has a text. */
    private static String text(JsonNode... candidates) {
        for (JsonNode candidate : candidates) {
            if (candidate.isTextual() && !candidate.asText().isEmpty()) {
                return candidate.asText();
            }
        }
        return null;
    }
}
