package dev.warren;

import dev.warren.support.RunningWarren;
import dev.warren.support.TestBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SmokeTest {

    static RunningWarren warren;

    @BeforeAll
    static void start() throws Exception {
        warren = RunningWarren.start();
    }

    @AfterAll
    static void stop() throws Exception {
        warren.close();
    }

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
