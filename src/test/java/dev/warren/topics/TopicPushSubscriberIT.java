package dev.warren.topics;

import dev.warren.support.Http;
import dev.warren.support.TargetServer;
import dev.warren.support.TestBroker;
import dev.warren.support.WarrenPerClass;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** A subscriber's queue is an ordinary queue: a worker group pushes its messages to an HTTP API. */
class TopicPushSubscriberIT extends WarrenPerClass {

    static TargetServer target;
    /** The requests nextDelivery has handed out already. */
    static final Set<TargetServer.Request> taken = Collections.newSetFromMap(new IdentityHashMap<>());

    @BeforeAll
    static void startTarget() {
        target = TargetServer.start(request -> TargetServer.Answer.status(204));
    }

    @AfterAll
    static void stopTarget() {
        target.close();
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

            TargetServer.Request delivery = nextDelivery(topic);
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
            TargetServer.Request late = nextDelivery(topic);
            assertNotNull(late, "the late subscriber's target received the message too");
            assertEquals("/" + topic + "/late", late.path());
            assertEquals(published.text("id"), late.webhookId());
        } finally {
            warren.http.delete("/api/topics/" + topic);
        }
    }

    private static void pushTo(String topic, String id) {
        String url = target.url("/" + topic + "/" + id);
        Http.Response group = warren.http.put("/api/queues/" + topic + "." + id + "/workers",
                Http.json(Map.of("count", 1, "type", "http", "target", Map.of("url", url))));
        assertEquals(200, group.status(), group.body());
    }

    /** The next request for this topic's targets not handed out yet, or null after 15 s. */
    private static TargetServer.Request nextDelivery(String topic) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            for (TargetServer.Request delivery : target.requests()) {
                if (delivery.path().startsWith("/" + topic + "/") && taken.add(delivery)) {
                    return delivery;
                }
            }
            Thread.sleep(100);
        }
        return null;
    }
}
