package dev.warren.jobs;

import dev.warren.config.Beans;
import dev.warren.store.Store;
import dev.warren.support.Http;
import dev.warren.support.RunningWarren;
import dev.warren.support.TargetServer;
import dev.warren.support.TestStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static dev.warren.jobs.JobFixtures.awaitStatus;
import static dev.warren.jobs.JobFixtures.broker;
import static dev.warren.jobs.JobFixtures.httpGroup;
import static dev.warren.jobs.JobFixtures.job;
import static dev.warren.jobs.JobFixtures.publishTask;
import static dev.warren.support.Queues.deleteQueue;
import static dev.warren.support.WarrenCalls.declaredQueue;
import static dev.warren.support.WarrenCalls.putGroup;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Jobs whose publish was answered but whose confirm was never recorded (warren killed, or the store unreachable, just
 * after the broker confirmed or before it did): the row a crash leaves in unconfirmed_jobs is made here directly.
 */
class UnconfirmedJobsIT {

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void anUnconfirmedJobWhoseMessageTheBrokerDoesNotHoldIsForgottenAndPublishedAnewOneWhoseMessageWaitsIsLeftAlone(String kind)
            throws Exception {
        Map<String, String> properties = properties(kind);
        properties.put("warren.jobs.reconcile-interval-ms", "1000");
        // an unconfirmed publish counts as never made after twice this: 3 s
        properties.put("warren.rabbitmq.confirm-timeout-ms", "1500");
        RunningWarren warren = RunningWarren.start(properties);
        String lostQueue = declaredQueue(warren, "unconfirmed-lost");
        String delayedQueue = declaredQueue(warren, "unconfirmed-delayed");
        try {
            String lost = "never-made-" + kind + "-" + System.nanoTime();
            Map<String, Object> lostTask = Map.of("id", lost, "payload", Map.of("n", 1));
            assertEquals(202, publishTask(warren, lostQueue, lostTask).status());
            Http.Response delayedAnswer = publishTask(warren, delayedQueue,
                    Map.of("payload", Map.of("n", 2), "delayMs", 600_000));
            assertEquals(202, delayedAnswer.status(), delayedAnswer.body());
            String delayed = delayedAnswer.text("id");
            // as after a crash: the job is recorded, its confirm is not, and the broker never had the first message
            assertEquals(1, broker().drain(lostQueue).size());
            leaveUnconfirmed(warren, lost);
            leaveUnconfirmed(warren, delayed);

            await("the publish counts as never made: its job goes").atMost(Duration.ofSeconds(20))
                    .until(() -> warren.http.get("/api/jobs/" + lost).status() == 404);
            Http.Response again = publishTask(warren, lostQueue, lostTask);
            assertEquals(202, again.status(), "the client's retry of the same id is published anew: " + again.body());
            assertEquals(1, broker().ready(lostQueue), "and its message is on the queue");
            assertEquals("queued", job(warren, lost).path("status").asText());
            await("a job whose message waits in a wait queue stays queued").during(Duration.ofSeconds(4))
                    .atMost(Duration.ofSeconds(6)).until(() -> "queued".equals(job(warren, delayed).path("status").asText()));
        } finally {
            deleteQueue(warren, lostQueue);
            deleteQueue(warren, delayedQueue);
            warren.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aFinishedJobWhoseConfirmWasNeverRecordedIsADuplicateNotPublishedAgain(String kind) throws Exception {
        RunningWarren warren = RunningWarren.start(properties(kind));
        String queue = declaredQueue(warren, "unconfirmed-finished");
        try (TargetServer target = TargetServer.start()) {
            putGroup(warren, queue, httpGroup(1, target.url("/hook"), 1, 0));
            Map<String, Object> task = Map.of("id", "k-1-" + kind, "payload", Map.of("n", 1));
            Http.Response first = publishTask(warren, queue, task);
            assertEquals(202, first.status(), first.body());
            awaitStatus(warren, "k-1-" + kind, "finished", Duration.ofSeconds(15));
            leaveUnconfirmed(warren, "k-1-" + kind);

            Http.Response again = publishTask(warren, queue, task);

            assertEquals(200, again.status(), again.body());
            assertEquals("finished", job(warren, "k-1-" + kind).path("status").asText());
            assertEquals(0, broker().ready(queue), "nothing enqueued");
            assertEquals(1, target.requests().size(), "delivered once");
        } finally {
            deleteQueue(warren, queue);
            warren.close();
        }
    }

    private static Map<String, String> properties(String kind) throws Exception {
        return kind.equals("postgres") ? new LinkedHashMap<>(TestStore.postgres().freshSchema()) : new LinkedHashMap<>();
    }

    /** Puts back the job's unconfirmed row once the broker's confirm has taken it away, as if that was never written. */
    private static void leaveUnconfirmed(RunningWarren warren, String id) {
        Store store = warren.camel().getRegistry().lookupByNameAndType(Beans.STORE, Store.class);
        await("the confirm of " + id + " recorded").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> store.jdbi().withHandle(handle -> handle.createQuery(
                        "SELECT COUNT(*) FROM unconfirmed_jobs WHERE id = :id").bind("id", id).mapTo(Integer.class).one()) == 0);
        store.jdbi().useHandle(handle -> handle.execute("INSERT INTO unconfirmed_jobs (id) VALUES (?)", id));
    }
}
