package dev.warren;

import dev.warren.support.WarrenPerClass;
import dev.warren.support.TestBroker;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SmokeIT extends WarrenPerClass {

    @Test
    void declaresAQueueAndPublishesATask() {
        String queue = TestBroker.uniqueName("smoke");
        assertEquals(201, warren.http.put("/api/queues/" + queue, "{}").status());
        var published = warren.http.post("/api/queues/" + queue + "/tasks", "{\"payload\": {\"n\": 1}}");
        assertEquals(202, published.status(), published.body());
        assertEquals(1, TestBroker.get().drain(queue).size());
        TestBroker.get().deleteQueues(queue);
    }
}
