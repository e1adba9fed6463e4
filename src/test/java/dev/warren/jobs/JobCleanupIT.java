package dev.warren.jobs;

import static dev.warren.support.Problems.assertProblem;
import dev.warren.support.Http;
import dev.warren.support.WarrenPerClass;
import dev.warren.support.TargetServer;
import dev.warren.support.TargetServer.Answer;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static dev.warren.jobs.JobFixtures.awaitStatus;
import static dev.warren.jobs.JobFixtures.broker;
import static dev.warren.support.WarrenCalls.declaredQueue;
import static dev.warren.jobs.JobFixtures.httpGroup;
import static dev.warren.jobs.JobFixtures.job;
import static dev.warren.jobs.JobFixtures.pause;
import static dev.warren.jobs.JobFixtures.publishTask;
import static dev.warren.support.WarrenCalls.putGroup;
import static dev.warren.jobs.JobFixtures.resume;
import static dev.warren.support.Queues.deleteQueue;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Retention: ended jobs go once past theirs (failed ones keep longer), jobs still to run stay, and ids are free again. */
class JobCleanupIT extends WarrenPerClass {

    private static final Duration DELIVERY = Duration.ofSeconds(10);

    private static JobStore jobStore() {
        return warren.camel().getRegistry().lookupByNameAndType("jobStore", JobStore.class);
    }

    private static int cleanUp(Duration retention, Duration failedRetention) {
        try (JobCleanup cleanup = new JobCleanup(jobStore(), retention, failedRetention)) {
            return cleanup.run();
        }
    }

    private static Map<String, Object> task(String id, String kind) {
        return Map.of("id", id, "payload", Map.of("kind", kind));
    }

    private static String published(String queue, String id, String kind) {
        Http.Response response = publishTask(warren, queue, task(id, kind));
        assertEquals(202, response.status(), response.body());
        return id;
    }

    private static boolean isKind(TargetServer.Request request, String kind) {
        return kind.equals(request.json().path("kind").asText());
    }

    @Test
    void finishedAndCancelledJobsGoFirstFailedOnesAfterTheirLongerRetentionQueuedOnesStay() {
        String running = declaredQueue(warren, "cleanup-running");
        String idle = declaredQueue(warren, "cleanup-idle");
        try (TargetServer target = TargetServer.start(request -> isKind(request, "bad") ? Answer.status(400) : Answer.ok())) {
            putGroup(warren, running, httpGroup(1, target.url(), 2, 100));
            String finished = published(running, "fin-" + UUID.randomUUID(), "good");
            String failed = published(running, "fail-" + UUID.randomUUID(), "bad");
            String queued = published(idle, "queued-" + UUID.randomUUID(), "good");
            String cancelled = published(idle, "cancel-" + UUID.randomUUID(), "good");
            assertEquals(200, warren.http.post("/api/jobs/" + cancelled + "/cancel").status());
            awaitStatus(warren, finished, "finished", DELIVERY);
            awaitStatus(warren, failed, "failed", DELIVERY);

            int deleted = cleanUp(Duration.ZERO, Duration.ofDays(30));

            assertTrue(deleted >= 2, "at least the finished and the cancelled job: " + deleted);
            assertProblem(warren.http.get("/api/jobs/" + finished), 404);
            assertProblem(warren.http.get("/api/jobs/" + cancelled), 404);
            assertEquals("failed", job(warren, failed).path("status").asText(), "failed jobs are kept longer");
            assertEquals("queued", job(warren, queued).path("status").asText(), "a job still to run is never deleted");

            assertTrue(cleanUp(Duration.ZERO, Duration.ZERO) >= 1, "the failed job, past its retention now");
            assertProblem(warren.http.get("/api/jobs/" + failed), 404);
            assertEquals("queued", job(warren, queued).path("status").asText());

            Http.Response again = publishTask(warren, running, task(finished, "good"));
            assertEquals(202, again.status(), "the id is free again once its job is gone: " + again.body());
            awaitStatus(warren, finished, "finished", DELIVERY);
            assertEquals(2, target.attemptsOf(finished).size(), "published and delivered anew: " + target);
            Http.Response failedAgain = publishTask(warren, running, task(failed, "bad"));
            assertEquals(202, failedAgain.status(), failedAgain.body());
            Http.Response queuedAgain = publishTask(warren, idle, task(queued, "good"));
            assertEquals(200, queuedAgain.status(), "a kept job still deduplicates its id: " + queuedAgain.body());
        } finally {
            deleteQueue(warren, running, idle);
        }
    }

    @Test
    void jobsWithinTheirRetentionAreKept() {
        String running = declaredQueue(warren, "cleanup-recent");
        try (TargetServer target = TargetServer.start()) {
            putGroup(warren, running, httpGroup(1, target.url(), 2, 100));
            String finished = published(running, "recent-" + UUID.randomUUID(), "good");
            awaitStatus(warren, finished, "finished", DELIVERY);

            cleanUp(Duration.ofDays(7), Duration.ofDays(30));

            assertEquals("finished", job(warren, finished).path("status").asText());
        } finally {
            deleteQueue(warren, running);
        }
    }

    @Test
    void aDeadLetterWhoseFailedJobWentWithItsRetentionIsReplayedAsANewJobAndDelivered() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean targetFixed = new java.util.concurrent.atomic.AtomicBoolean();
        try (dev.warren.support.RunningWarren own = dev.warren.support.RunningWarren.start(Map.of(
                "warren.jobs.failed-retention", "PT1S", "warren.jobs.cleanup-interval-ms", "300"));
             TargetServer target = TargetServer.start(request -> targetFixed.get() ? Answer.ok() : Answer.status(400))) {
            String queue = declaredQueue(own, "cleanup-dead-letter");
            try {
                putGroup(own, queue, httpGroup(1, target.url(), 2, 100));
                Http.Response accepted = publishTask(own, queue, Map.of("id", "gone-" + UUID.randomUUID(),
                        "payload", Map.of("kind", "bad")));
                assertEquals(202, accepted.status(), accepted.body());
                String id = accepted.json().path("id").asText();
                awaitStatus(own, id, "failed", DELIVERY);
                await("the failed job deleted by the cleanup").atMost(DELIVERY)
                        .until(() -> own.http.get("/api/jobs/" + id).status() == 404);
                assertEquals(1, broker().ready(queue + ".dlq"), "its dead letter stays");
                assertEquals(0, own.http.get("/api/queues/" + queue + "/dead-letters").json().path("items").size(),
                        "the list shows failed jobs: the letter whose job is gone is not among them");
                targetFixed.set(true);

                Http.Response replayed = own.http.post("/api/queues/" + queue + "/dead-letters/replay", "{}");

                assertEquals(200, replayed.status(), replayed.body());
                assertEquals(1, replayed.json().path("replayed").asInt(), replayed.body());
                com.fasterxml.jackson.databind.JsonNode finished = awaitStatus(own, id, "finished", DELIVERY);
                assertEquals(1, finished.path("attempts").size(), "attempts counted anew: " + finished);
                assertEquals("bad", finished.path("payload").path("kind").asText(), finished.toString());
                TargetServer.Request delivered = target.attemptsOf(id).get(target.attemptsOf(id).size() - 1);
                assertEquals(1, delivered.attempt(), target.toString());
                assertEquals(2, target.attemptsOf(id).size(), "the failed attempt (a 400 is not retried), then the replay's: " + target);
                assertEquals(0, broker().ready(queue + ".dlq"));
            } finally {
                deleteQueue(own, queue);
            }
        }
    }

    @Test
    void aCancelledJobWhoseMessageOutlivesItsRetentionIsStillNeverDelivered() {
        String queue = declaredQueue(warren, "cleanup-cancelled");
        try (TargetServer target = TargetServer.start()) {
            putGroup(warren, queue, httpGroup(1, target.url(), 2, 100));
            pause(warren, queue);
            String cancelled = published(queue, "cancel-" + UUID.randomUUID(), "good");
            assertEquals(200, warren.http.post("/api/jobs/" + cancelled + "/cancel").status());
            cleanUp(Duration.ZERO, Duration.ofDays(30));
            String after = published(queue, "after-" + UUID.randomUUID(), "good");

            resume(warren, queue);

            awaitStatus(warren, after, "finished", DELIVERY);
            await("the queue is empty").atMost(DELIVERY).until(() -> broker().ready(queue) == 0);
            assertTrue(target.attemptsOf(cancelled).isEmpty(), "a cancelled job is never delivered: " + target);
        } finally {
            deleteQueue(warren, queue);
        }
    }
}
