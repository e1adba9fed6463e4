package dev.warren.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.support.Http;
import dev.warren.support.RunningWarren;
import dev.warren.support.TargetServer;
import dev.warren.support.TestStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.warren.jobs.JobFixtures.awaitStatus;
import static dev.warren.jobs.JobFixtures.broker;
import static dev.warren.jobs.JobFixtures.httpGroup;
import static dev.warren.jobs.JobFixtures.listIds;
import static dev.warren.support.Queues.deleteQueue;
import static dev.warren.support.WarrenCalls.declaredQueue;
import static dev.warren.support.WarrenCalls.publish;
import static dev.warren.support.WarrenCalls.putGroup;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The jobs whose message a purge or a delete through warren removed show as cancelled by it once the reconciliation
 * finds the queue empty, not as failed with an unknown outcome; on the embedded store and on PostgreSQL.
 */
class PurgedJobsIT {

    private static final Duration RECONCILED = Duration.ofSeconds(20);

    private static RunningWarren start(String store) throws Exception {
        Map<String, String> properties = new LinkedHashMap<>();
        if (store.equals("postgres")) {
            properties.putAll(TestStore.postgres().freshSchema());
        }
        // also the grace: a job unchanged for a second is the reconciliation's
        properties.put("warren.jobs.reconcile-interval-ms", "1000");
        return RunningWarren.start(properties);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void jobsAPurgeRemovedAreCancelledByItALaterLostMessageStillFailsAndAPurgedJobCanBeRetried(String store)
            throws Exception {
        try (RunningWarren warren = start(store); TargetServer target = TargetServer.start()) {
            String queue = declaredQueue(warren, "purged-" + store);
            try {
                assertEquals(0, purge(warren, queue), "an empty queue: its first purge is recorded too");
                List<String> purged = List.of(publish(warren, queue, Map.of("n", 1)), publish(warren, queue, Map.of("n", 2)));

                assertEquals(2, purge(warren, queue), "the purge takes both messages");

                for (String id : purged) {
                    JsonNode job = awaitStatus(warren, id, "cancelled", RECONCILED);
                    assertTrue(job.path("error").asText().startsWith(
                            "purged: its message was removed from the queue by a purge at "), job.toString());
                }
                assertEquals(List.of(), listIds(warren, "/api/queues/" + queue + "/dead-letters", "limit=100"),
                        "purged jobs are no dead letters");
                assertEquals(List.of(), listIds(warren, "/api/jobs", "queue=" + queue + "&status=failed"));

                String lost = publish(warren, queue, Map.of("n", 3));
                assertEquals(1, broker().drain(queue).size(), "another consumer takes the message: no purge of warren's");
                JsonNode failed = awaitStatus(warren, lost, "failed", RECONCILED);
                assertTrue(failed.path("error").asText().startsWith("outcome unknown"), failed.toString());
                assertEquals("cancelled", JobFixtures.job(warren, purged.get(0)).path("status").asText());

                Http.Response retried = warren.http.post("/api/jobs/" + purged.get(0) + "/retry");
                assertEquals(202, retried.status(), "a purged job can be retried: " + retried.body());
                putGroup(warren, queue, httpGroup(1, target.url(), 1, 100));
                awaitStatus(warren, purged.get(0), "finished", RECONCILED);
                assertEquals(1, target.attemptsOf(purged.get(0)).size(), "delivered once: " + target);
                assertTrue(target.attemptsOf(purged.get(1)).isEmpty(), "the other purged job stays undelivered");
                assertEquals("cancelled", JobFixtures.job(warren, purged.get(1)).path("status").asText());
            } finally {
                deleteQueue(warren, queue);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void jobsOfADeletedQueueAndOfAQueueClearedThroughTheCompatPathAreCancelledByIt(String store) throws Exception {
        try (RunningWarren warren = start(store)) {
            String deleted = declaredQueue(warren, "deleted-" + store);
            String cleared = declaredQueue(warren, "cleared-" + store);
            try {
                String ofDeleted = publish(warren, deleted, Map.of("n", 1));
                String ofCleared = publish(warren, cleared, Map.of("n", 2));

                assertEquals(204, warren.http.delete("/api/queues/" + deleted).status());
                Http.Response clear = warren.http.post("/queue/clear/" + cleared);
                assertEquals(200, clear.status(), clear.body());
                assertEquals(1, clear.json().path("purged").asLong(), clear.body());

                JsonNode job = awaitStatus(warren, ofDeleted, "cancelled", RECONCILED);
                assertTrue(job.path("error").asText().startsWith(
                        "purged: its message was removed from the queue by deleting the queue at "), job.toString());
                job = awaitStatus(warren, ofCleared, "cancelled", RECONCILED);
                assertTrue(job.path("error").asText().startsWith(
                        "purged: its message was removed from the queue by a purge at "), job.toString());
                assertFalse(broker().exists(deleted), "the queue is gone");
            } finally {
                deleteQueue(warren, deleted, cleared);
            }
        }
    }

    private static long purge(RunningWarren warren, String queue) {
        Http.Response purged = warren.http.post("/api/queues/" + queue + "/purge");
        assertEquals(200, purged.status(), "purge " + queue + ": " + purged.body());
        return purged.json().path("purged").asLong();
    }
}
