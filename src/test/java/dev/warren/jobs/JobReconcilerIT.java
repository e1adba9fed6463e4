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
}
