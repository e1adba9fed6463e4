package dev.warren.ops;

import dev.warren.support.Http;
import dev.warren.support.RunningWarren;
import dev.warren.support.SecondBroker;
import dev.warren.support.TargetServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.warren.support.WarrenCalls.putGroup;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * RabbitMQ stopped and started again (rabbitmqctl stop_app / start_app on a node of the test's own) while clients
 * publish: every task answered 202 is delivered, every other answer is a 503 problem+json.
 */
class BrokerRestartIT {

    private static final int PUBLISHERS = 4;

    @Test
    void everyTaskAnswered202IsDeliveredAndEveryOtherAnswerIsA503ProblemAcrossABrokerRestart() throws Exception {
        assumeTrue(SecondBroker.installed(), "rabbitmq-server is not installed (/usr/lib/rabbitmq/bin): "
                + "this test needs a RabbitMQ node of its own to restart");
        try (SecondBroker broker = SecondBroker.start(); TargetServer target = TargetServer.start()) {
            RunningWarren warren = RunningWarren.start(Map.of("warren.rabbitmq.uri", broker.amqpUri(),
                    "warren.rabbitmq.management-uri", broker.managementUri()));
            try {
                String queue = "restart-" + System.nanoTime();
                assertEquals(201, warren.http.put("/api/queues/" + queue, "{}").status());
                putGroup(warren, queue, Map.of("count", 2, "type", "http", "target", Map.of("url", target.url())));

                ConcurrentLinkedQueue<String> accepted = new ConcurrentLinkedQueue<>();
                ConcurrentLinkedQueue<String> refused = new ConcurrentLinkedQueue<>();
                ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
                AtomicBoolean publishing = new AtomicBoolean(true);
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
                                } else if (answer.status() == 503
                                        && "application/problem+json".equals(answer.contentType())) {
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
                await("publishing").atMost(Duration.ofSeconds(30)).until(() -> accepted.size() >= 20);

                broker.stopApp();
                int acceptedBefore = accepted.size();
                await("publishes refused while the broker is stopped").atMost(Duration.ofSeconds(30))
                        .until(() -> refused.size() >= 5);
                broker.startApp();
                await("publishes accepted again").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                        .until(() -> accepted.size() >= acceptedBefore + 20);
                publishing.set(false);
                for (Thread thread : publishers) {
                    thread.join(60_000);
                }

                assertEquals(List.of(), new ArrayList<>(wrong), "every answer is a 202 or a 503 problem+json");
                await("every accepted task delivered").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                        .until(() -> accepted.stream().allMatch(id -> !target.attemptsOf(id).isEmpty()));
                // a 503 whose publish the broker took before it went away may still be delivered: counted, not failed
                long refusedDelivered = refused.stream().filter(id -> !target.attemptsOf(id).isEmpty()).count();
                System.out.println("BrokerRestartIT: " + accepted.size() + " accepted, " + refused.size() + " refused ("
                        + refusedDelivered + " of them delivered), " + target.requests().size() + " deliveries");
                warren.http.delete("/api/queues/" + queue);
            } finally {
                warren.close();
            }
        }
    }
}
