package dev.warren.support;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/**
 * A RabbitMQ cluster of the test's own: {@link SecondBroker} nodes sharing one Erlang cookie, each joined to the
 * first with rabbitmqctl join_cluster. Closing it stops every node and deletes their files.
 */
public final class BrokerCluster implements AutoCloseable {

    public final List<SecondBroker> nodes;

    private BrokerCluster(List<SecondBroker> nodes) {
        this.nodes = nodes;
    }

    /** Starts the nodes one after the other and waits until the first reports all of them running. */
    public static BrokerCluster start(int size) throws IOException {
        String cookie = SecondBroker.newCookie();
        List<SecondBroker> nodes = new ArrayList<>();
        BrokerCluster cluster = new BrokerCluster(nodes);
        try {
            nodes.add(SecondBroker.startWithCookie(cookie));
            for (int i = 1; i < size; i++) {
                nodes.add(SecondBroker.untilOneStarts(() -> startJoined(cookie, nodes.get(0))));
            }
            await("all " + size + " nodes running in the cluster").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500)).until(() -> cluster.runningNodes(nodes.get(0)) == size);
            return cluster;
        } catch (RuntimeException | IOException e) {
            cluster.close();
            throw e;
        }
    }

    /**
     * Starts a node and joins it to the first. A node that exits on the way is closed and forgotten by the cluster
     * (it may have joined already), so that untilOneStarts can start another on new ports.
     */
    private static SecondBroker startJoined(String cookie, SecondBroker first) throws IOException {
        SecondBroker node = SecondBroker.startWithCookie(cookie);
        try {
            node.ctl("stop_app");
            node.ctl("join_cluster", first.node);
            node.startApp();
            return node;
        } catch (RuntimeException e) {
            RuntimeException failure = node.exitedWhile(e);
            node.close();
            if (failure instanceof SecondBroker.NodeExited) {
                first.ctlQuietly("forget_cluster_node", node.node);
            }
            throw failure;
        }
    }

    /** The nodes' AMQP addresses as warren.rabbitmq.addresses takes them. */
    public static String addresses(List<SecondBroker> nodes) {
        return nodes.stream().map(node -> "127.0.0.1:" + node.amqpPort).collect(Collectors.joining(","));
    }

    /** How many cluster nodes the management API of this node reports running. */
    public int runningNodes(SecondBroker asking) {
        int running = 0;
        for (JsonNode node : management(asking, "/api/nodes")) {
            running += node.path("running").asBoolean() ? 1 : 0;
        }
        return running;
    }

    /** The node a connection of this name is open on, as the management API of this node reports it. */
    public Optional<SecondBroker> nodeOfConnection(SecondBroker asking, String connectionName) {
        for (JsonNode connection : management(asking, "/api/connections")) {
            if (connectionName.equals(connection.path("client_properties").path("connection_name").asText())) {
                String node = connection.path("node").asText();
                return nodes.stream().filter(n -> n.node.equals(node)).findFirst();
            }
        }
        return Optional.empty();
    }

    /** GET of the management API of a node, as guest. */
    public static JsonNode management(SecondBroker node, String path) {
        Http.Response answer = new Http("http://127.0.0.1:" + node.managementPort).send("GET", path, null, null,
                Map.of("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString("guest:guest".getBytes(StandardCharsets.UTF_8))));
        if (answer.status() != 200) {
            throw new IllegalStateException("GET " + path + " on " + node.node + ": " + answer.status() + " " + answer.body());
        }
        return answer.json();
    }

    @Override
    public void close() {
        // the joined nodes first, the seed node last
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).close();
        }
    }
}
