package dev.warren.jobs;

import dev.warren.support.RunningWarren;
import dev.warren.support.TestStore;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static dev.warren.jobs.JobFixtures.awaitStatus;
import static dev.warren.jobs.JobFixtures.broker;
import static dev.warren.jobs.JobFixtures.job;
import static dev.warren.support.Queues.deleteQueue;
import static dev.warren.support.WarrenCalls.declaredQueue;
import static dev.warren.support.WarrenCalls.publish;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A job whose message left the broker without warren recording it is not shown as waiting forever. */
class JobReconcilerIT {

    @Test
    void jobsWhoseQueueHoldsNoMessageAnyMoreAreMarkedFailedWithTheReasonOthersAreLeftAlone() throws Exception {
        Map<String, String> properties = new LinkedHashMap<>(TestStore.postgres().freshSchema());
        properties.put("warren.jobs.reconcile-interval-ms", "1000");
        RunningWarren warren = RunningWarren.start(properties);
        String queue = declaredQueue(warren, "reconcile");
        try {
            String gone = publish(warren, queue, Map.of("n", 1));
            String kept = publish(warren, queue, Map.of("n", 2));
            // another consumer takes the first message: warren never hears of it
            var otherConnection = new org.springframework.amqp.rabbit.connection.CachingConnectionFactory(
                    URI.create(broker().amqpUri));
            assertNotNull(new RabbitTemplate(otherConnection).receive(queue, 5_000));
            otherConnection.destroy();

            await("a queue that still holds a message is left alone").during(Duration.ofSeconds(3))
                    .atMost(Duration.ofSeconds(5)).until(() -> "queued".equals(job(warren, gone).path("status").asText()));

            broker().drain(queue);
            var failed = awaitStatus(warren, gone, "failed", Duration.ofSeconds(15));
            assertTrue(failed.path("error").asText().startsWith("outcome unknown"), failed.toString());
            assertEquals("failed", awaitStatus(warren, kept, "failed", Duration.ofSeconds(15)).path("status").asText());
            assertEquals(202, warren.http.post("/api/jobs/" + gone + "/retry").status(), "such a job can be retried");
            assertEquals(1, broker().ready(queue));
        } finally {
            deleteQueue(warren, queue);
            warren.close();
        }
    }

    @Test
    void aJobWhoseMessageTheBrokerDeadLetteredFailsAsSuchAndIsAmongTheDeadLetters() throws Exception {
        Map<String, String> properties = new LinkedHashMap<>(TestStore.postgres().freshSchema());
        properties.put("warren.jobs.reconcile-interval-ms", "1000");
        RunningWarren warren = RunningWarren.start(properties);
        String queue = dev.warren.support.TestBroker.uniqueName("reconcile-ttl");
        try {
            // no worker group: the broker expires the message into the dead-letter queue, warren never sees it
            assertEquals(201, warren.http.put("/api/queues/" + queue, "{\"messageTtlMs\": 300}").status());
            String expired = publish(warren, queue, Map.of("n", 1));

            var failed = awaitStatus(warren, expired, "failed", Duration.ofSeconds(20));
            assertEquals(GoneJobs.DEAD_LETTERED, failed.path("error").asText(), failed.toString());
            var deadLetters = warren.http.get("/api/queues/" + queue + "/dead-letters").json();
            assertEquals(expired, deadLetters.path("items").path(0).path("id").asText(), deadLetters.toString());

            var replayed = warren.http.post("/api/queues/" + queue + "/dead-letters/replay", "{}");
            assertEquals(200, replayed.status(), replayed.body());
            assertEquals(1, replayed.json().path("replayed").asInt(), replayed.body());
            assertEquals("queued", job(warren, expired).path("status").asText(), "replayed: waiting again");
        } finally {
            deleteQueue(warren, queue);
            warren.close();
        }
    }
}
