package dev.warren.broker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.support.BrokerCluster;
import dev.warren.support.Http;
import dev.warren.support.RunningWarren;
import dev.warren.support.SecondBroker;
import dev.warren.support.TargetServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static dev.warren.support.WarrenCalls.putGroup;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * warren on a three-node RabbitMQ cluster of the test's own, given two of the nodes in warren.rabbitmq.addresses:
 * quorum queues get one replica per node, and when the node warren is connected to stops, warren goes on through
 * the other one: every publish is a 202 or a 503, every 202 is delivered, and the worker group consumes again.
 * (Three nodes, so that the quorum queue keeps a majority with one node down; the management API is the third's.)
 */
class BrokerClusterIT {

    private static final int PUBLISHERS = 3;

    @Test
    void warrenFailsOverToAnotherNodeAndEveryTaskAnswered202IsDelivered() throws Exception {
        assumeTrue(SecondBroker.installed(), "rabbitmq-server is not installed (/usr/lib/rabbitmq/bin): "
                + "this test needs RabbitMQ nodes of its own");
        try (BrokerCluster cluster = BrokerCluster.start(3); TargetServer target = TargetServer.start()) {
            SecondBroker managed = cluster.nodes.get(0);
            List<SecondBroker> amqpNodes = cluster.nodes.subList(1, 3);
            RunningWarren warren = RunningWarren.start(Map.of(
                    "warren.rabbitmq.uri", "amqp://guest:guest@127.0.0.1:1",
                    "warren.rabbitmq.addresses", BrokerCluster.addresses(amqpNodes),
                    "warren.rabbitmq.management-uri", managed.managementUri(),
                    "warren.rabbitmq.confirm-timeout-ms", "3000"));
            try {
                String queue = "cluster-" + System.nanoTime();
                assertEquals(201, warren.http.put("/api/queues/" + queue, "{\"type\": \"quorum\"}").status());
                assertReplicatedOnEveryNode(cluster, queue);
                assertReplicatedOnEveryNode(cluster, queue + ".dlq");
                assertEquals(200, warren.http.put("/api/queues/" + queue, "{\"type\": \"quorum\"}").status(),
                        "declaring it again repeats its replica count");
                putGroup(warren, queue, Map.of("count", 4, "type", "http", "target", Map.of("url", target.url())));

                ConcurrentLinkedQueue<String> accepted = new ConcurrentLinkedQueue<>();
                ConcurrentLinkedQueue<String> refused = new ConcurrentLinkedQueue<>();
                ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
                AtomicBoolean publishing = new AtomicBoolean(true);
                List<Thread> publishers = startPublishers(warren, queue, publishing, accepted, refused, wrong);
                try {
                    await("publishing").atMost(Duration.ofSeconds(30)).until(() -> accepted.size() >= 20);
                    SecondBroker connected = await("warren's connection").atMost(Duration.ofSeconds(10))
                            .until(() -> cluster.nodeOfConnection(managed, "warren"), java.util.Optional::isPresent).get();

                    connected.stopApp();
                    int acceptedWhileUp = accepted.size();
                    SecondBroker other = amqpNodes.get(0) == connected ? amqpNodes.get(1) : amqpNodes.get(0);
                    await("warren connected to the other node").atMost(Duration.ofSeconds(30))
                            .pollInterval(Duration.ofMillis(500))
                            .until(() -> cluster.nodeOfConnection(managed, "warren").filter(other::equals).isPresent());
                    await("publishes accepted again through the other node").atMost(Duration.ofSeconds(60))
                            .pollInterval(Duration.ofMillis(200)).until(() -> accepted.size() >= acceptedWhileUp + 30);
                    // the node stays down to the end: every task delivered below was consumed through the other node
                    publishing.set(false);
                    assertNotEquals(connected, other);
                } finally {
                    publishing.set(false);
                    for (Thread thread : publishers) {
                        thread.join(60_000);
                    }
                }

                assertEquals(List.of(), new ArrayList<>(wrong), "every answer is a 202 or a 503 problem+json");
                await("every accepted task delivered").atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500))
                        .until(() -> accepted.stream().allMatch(id -> !target.attemptsOf(id).isEmpty()));
                long refusedDelivered = refused.stream().filter(id -> !target.attemptsOf(id).isEmpty()).count();
                System.out.println("BrokerClusterIT: " + accepted.size() + " accepted, " + refused.size() + " refused ("
                        + refusedDelivered + " of them delivered), " + target.requests().size() + " deliveries, "
                        + target.duplicates().size() + " tasks delivered more than once");
            } finally {
                warren.close();
            }
        }
    }

    private static void assertReplicatedOnEveryNode(BrokerCluster cluster, String queue) {
        JsonNode info = BrokerCluster.management(cluster.nodes.get(0), "/api/queues/%2F/" + queue);
        assertEquals("quorum", info.path("type").asText(), info.toString());
        assertEquals(3, info.path("arguments").path("x-quorum-initial-group-size").asInt(), info.toString());
        Set<String> members = new java.util.HashSet<>();
        info.path("members").forEach(member -> members.add(member.asText()));
        assertEquals(cluster.nodes.stream().map(node -> node.node).collect(Collectors.toSet()), members, info.toString());
    }

    private static List<Thread> startPublishers(RunningWarren warren, String queue, AtomicBoolean publishing,
                                                ConcurrentLinkedQueue<String> accepted,
                                                ConcurrentLinkedQueue<String> refused,
                                                ConcurrentLinkedQueue<String> wrong) {
        List<Thread> publishers = new ArrayList<>();
        for (int p = 0; p < PUBLISHERS; p++) {
            int publisher = p;
            Thread thread = new Thread(() -> {
                for (int n = 0; publishing.get(); n++) {
                    String id = queue + "-" + publisher + "-" + n;
                    try {
                        Http.Response answer = warren.http.post("/api/queues/" + queue + "/tasks",
                                Http.json(Map.of("id", id, "payload", Map.of("n", n))));
                        if (answer.status() == 202) {
                            accepted.add(id);
                        } else if (answer.status() == 503 && "application/problem+json".equals(answer.contentType())) {
                            refused.add(id);
                        } else {
                            wrong.add(id + ": " + answer.status() + " " + answer.contentType() + " " + answer.body());
                        }
                    } catch (RuntimeException e) {
                        wrong.add(id + ": " + e);
                    }
                }
            }, "publisher-" + p);
            thread.start();
            publishers.add(thread);
        }
        return publishers;
    }
}
