package dev.warren.topics;

import com.sun.net.httpserver.HttpServer;
import dev.warren.support.Http;
import dev.warren.support.RunningWarren;
import dev.warren.support.TestBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** A subscriber's queue is an ordinary queue: a worker group pushes its messages to an HTTP API. */
class TopicPushSubscriberIT {

    /** A request the fake HTTP API received. */
    record Received(String path, String webhookId, String body) {
    }

    static RunningWarren warren;
    static HttpServer target;
    static final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

    @BeforeAll
    static void start() throws Exception {
        target = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        target.createContext("/", exchange -> {
            received.add(new Received(exchange.getRequestURI().getPath(), exchange.getRequestHeaders().getFirst("webhook-id"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        target.start();
        warren = RunningWarren.start();
    }

    @AfterAll
    static void stop() throws Exception {
        warren.close();
        target.stop(0);
    }

    @Test
    void aWorkerGroupOnASubscriberQueueDeliversEveryMessageToItsTarget() throws Exception {
        String topic = TestBroker.uniqueName("push");
        String queue = topic + ".webhook";
        try {
            assertEquals(201, warren.http.send("PUT", "/api/topics/" + topic, null, null).status());
            assertEquals(201, warren.http.post("/api/topics/" + topic + "/subscribers", "{\"id\": \"webhook\"}").status());
            pushTo(topic, "webhook");

            Http.Response published = warren.http.post("/api/topics/" + topic + "/messages",
                    "{\"payload\": {\"order\": 42}}");
            assertEquals(202, published.status(), published.body());

            Received delivery = nextDelivery(topic);
            assertNotNull(delivery, "the target received the message");
            assertEquals(published.text("id"), delivery.webhookId(), "webhook-id is the message id");
            assertEquals("{\"order\":42}", delivery.body());

            assertEquals(204, warren.http.delete("/api/topics/" + topic).status());
            assertEquals(404, warren.http.get("/api/queues/" + queue + "/workers").status(), "its worker group is gone");
            assertFalse(TestBroker.get().exists(queue));
        } finally {
            warren.http.delete("/api/topics/" + topic);
        }
    }

    @Test
    void eachPushSubscriberGetsTheMessageEvenWhenOneDeliversItFirst() throws Exception {
        String topic = TestBroker.uniqueName("push-two");
        try {
            assertEquals(201, warren.http.send("PUT", "/api/topics/" + topic, null, null).status());
            for (String id : List.of("early", "late")) {
                assertEquals(201, warren.http.post("/api/topics/" + topic + "/subscribers", "{\"id\": \"" + id + "\"}").status());
            }
            pushTo(topic, "early");
            Http.Response published = warren.http.post("/api/topics/" + topic + "/messages", "{\"payload\": {\"n\": 1}}");
            assertEquals(202, published.status(), published.body());
            assertEquals("/" + topic + "/early", nextDelivery(topic).path());

            // the late subscriber's backlog is delivered once it gets a worker group, after the early one finished
            pushTo(topic, "late");
            Received late = nextDelivery(topic);
            assertNotNull(late, "the late subscriber's target received the message too");
            assertEquals("/" + topic + "/late", late.path());
            assertEquals(published.text("id"), late.webhookId());
        } finally {
            warren.http.delete("/api/topics/" + topic);
        }
    }

    private static void pushTo(String topic, String id) {
        String url = "http://localhost:" + target.getAddress().getPort() + "/" + topic + "/" + id;
        Http.Response group = warren.http.put("/api/queues/" + topic + "." + id + "/workers",
                Http.json(Map.of("count", 1, "type", "http", "target", Map.of("url", url))));
        assertEquals(200, group.status(), group.body());
    }

    /** The next request for this topic's targets, or null after 15 s. */
    private static Received nextDelivery(String topic) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            Received delivery = received.poll(1, TimeUnit.SECONDS);
            if (delivery != null && delivery.path().startsWith("/" + topic + "/")) {
                return delivery;
            }
        }
        return null;
    }
}
