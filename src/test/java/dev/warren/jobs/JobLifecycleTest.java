package dev.warren.jobs;

import static dev.warren.support.Problems.assertProblem;
import static dev.warren.support.Problems.assertInvalid;
import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.support.Http;
import dev.warren.support.RunningWarren;
import dev.warren.support.TargetServer;
import dev.warren.support.TargetServer.Answer;
import dev.warren.tasks.TaskHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.warren.jobs.JobFixtures.awaitStatus;
import static dev.warren.jobs.JobFixtures.broker;
import static dev.warren.support.WarrenCalls.declaredQueue;
import static dev.warren.jobs.JobFixtures.encode;
import static dev.warren.jobs.JobFixtures.httpGroup;
import static dev.warren.jobs.JobFixtures.ints;
import static dev.warren.jobs.JobFixtures.job;
import static dev.warren.jobs.JobFixtures.listIds;
import static dev.warren.jobs.JobFixtures.page;
import static dev.warren.jobs.JobFixtures.pause;
import static dev.warren.support.WarrenCalls.publish;
import static dev.warren.support.WarrenCalls.publishBatch;
import static dev.warren.jobs.JobFixtures.publishTask;
import static dev.warren.support.WarrenCalls.putGroup;
import static dev.warren.jobs.JobFixtures.resume;
import static dev.warren.jobs.JobFixtures.texts;
import static dev.warren.support.Queues.deleteQueue;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A job's whole life through the real broker and an HTTP target, as a user follows it on /api/jobs: queued,
 * started, retrying, finished or failed with every attempt; cancelled (also across a restart), retried, replayed
 * from the dead-letter queue; published once per id; listed newest first page by page. Each subclass runs every
 * scenario on one store (embedded H2, PostgreSQL).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JobLifecycleTest {

    private static final Duration DELIVERY = Duration.ofSeconds(10);

    RunningWarren warren;

    /** warren properties selecting the store these scenarios run on. */
    protected abstract Map<String, String> store() throws Exception;

    @BeforeAll
    void start() throws Exception {
        warren = RunningWarren.start(store());
    }

    @AfterAll
    void stop() throws Exception {
        if (warren != null) {
            warren.close();
        }
    }

    private static String clientId(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    private static String text(JsonNode node, String field) {
        return node.path(field).isNull() || node.path(field).isMissingNode() ? null : node.path(field).asText();
    }

    /** Asserts both lists hold the same ids in the same order, naming the first place they differ (not all 250). */
    private static void assertSameOrder(List<String> expected, List<String> actual, String what) {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            assertEquals(expected.get(i), actual.get(i), what + ": first difference at position " + i);
        }
        assertEquals(expected.size(), actual.size(), what + ": how many");
    }

    /** A job published to a group of one consumer calling the target, once it has failed its last attempt. */
    private JsonNode failedJob(String queue, TargetServer target, int maxAttempts, Map<String, Object> payload) {
        putGroup(warren, queue, httpGroup(1, target.url(), maxAttempts, 100));
        return awaitStatus(warren, publish(warren, queue, payload), "failed", DELIVERY);
    }

    // --- (a) finished ---

    @Test
    void aPublishedJobIsQueuedAtOnceThenFinishedWithItsAttemptAndTheFirst4KiBOfTheAnswer() {
        String queue = declaredQueue(warren, "jobs-finished");
        StringBuilder answer = new StringBuilder();
        for (int i = 0; answer.length() < 10 * 1024; i++) {
            answer.append(String.format("%05d;", i));
        }
        String tenKb = answer.substring(0, 10 * 1024);
        try (TargetServer target = TargetServer.start(request -> TargetServer.Answer.ok().withBody(tenKb).after(600))) {
            Http.Response published = publishTask(warren, queue, Map.of("payload", Map.of("order", 1)));
            assertEquals(202, published.status(), published.body());
            String id = published.text("id");
            assertEquals("/api/jobs/" + id, published.location());

            JsonNode queued = job(warren, id);
            assertEquals("queued", queued.path("status").asText(), "read-your-writes: " + queued);
            assertEquals(id, queued.path("id").asText());
            assertEquals(queue, queued.path("queue").asText());
            assertEquals(1, queued.path("payload").path("order").asInt(), queued.toString());
            assertNotNull(text(queued, "createdAt"), queued.toString());
            assertEquals(null, text(queued, "startedAt"), queued.toString());
            assertEquals(0, queued.path("attempts").size(), queued.toString());

            putGroup(warren, queue, httpGroup(1, target.url(), 3, 100));

            JsonNode started = awaitStatus(warren, id, "started", DELIVERY);
            assertNotNull(text(started, "startedAt"), started.toString());
            assertEquals(1, started.path("attempts").size(), "the attempt is recorded as it starts: " + started);

            JsonNode finished = awaitStatus(warren, id, "finished", DELIVERY);
            assertNotNull(text(finished, "startedAt"), finished.toString());
            assertNotNull(text(finished, "finishedAt"), finished.toString());
            assertTrue(finished.path("durationMs").asLong() >= 550,
                    "the job lasted at least the target's 600 ms: " + finished.path("durationMs"));
            JsonNode attempts = finished.path("attempts");
            assertEquals(1, attempts.size(), finished.toString());
            JsonNode attempt = attempts.get(0);
            assertEquals(1, attempt.path("n").asInt(), attempt.toString());
            assertNotNull(text(attempt, "worker"), "the worker that ran it: " + attempt);
            assertFalse(text(attempt, "worker").isBlank(), attempt.toString());
            assertNotNull(text(attempt, "startedAt"), attempt.toString());
            assertEquals(200, attempt.path("httpStatus").asInt(), attempt.toString());
            assertTrue(attempt.path("durationMs").asLong() >= 550, attempt.toString());
            assertEquals(null, text(attempt, "error"), attempt.toString());
            assertEquals(200, finished.path("result").path("httpStatus").asInt(), finished.toString());
            assertEquals(tenKb.substring(0, 4096), finished.path("result").path("body").asText(),
                    "the result holds the first 4 KiB of the 10 KiB answer");
            assertEquals(1, target.attemptsOf(id).size(), "delivered once");
        } finally {
            deleteQueue(warren, queue);
        }
    }

    @Test
    void aResultBodyCutInsideACharacterEndsBeforeItNeverWithAReplacementCharacter() {
        String queue = declaredQueue(warren, "jobs-utf8");
        String answer = "a" + "é".repeat(3000);
        try (TargetServer target = TargetServer.start(request -> TargetServer.Answer.ok().withBody(answer))) {
            putGroup(warren, queue, httpGroup(1, target.url(), 3, 100));
            JsonNode finished = awaitStatus(warren, publish(warren, queue, Map.of("order", 1)), "finished", DELIVERY);
            String body = finished.path("result").path("body").asText();
            assertEquals("a" + "é".repeat(2047), body, "the 4 KiB limit falls inside the 2048th é, which is left out; ends with "
                    + (body.isEmpty() ? "nothing" : "U+" + Integer.toHexString(body.codePointBefore(body.length()))));
        } finally {
            deleteQueue(warren, queue);
        }
    }

    // --- (b) retried, then finished ---

    @Test
    void aJobFailingTwiceIsRetryingBetweenAttemptsThenFinishedWithThreeAttempts() {
        String queue = declaredQueue(warren, "jobs-retried");
        try (TargetServer target = TargetServer.start(request ->
                request.attempt() < 3 ? Answer.status(503) : Answer.ok())) {
            putGroup(warren, queue, httpGroup(1, target.url(), 5, 600));
            String id = publish(warren, queue, Map.of("order", 2));

            JsonNode retrying = awaitStatus(warren, id, "retrying", DELIVERY);
            JsonNode soFar = retrying.path("attempts");
            assertTrue(soFar.size() >= 1 && soFar.size() <= 2, "waiting between attempts: " + retrying);
            assertEquals(503, soFar.get(soFar.size() - 1).path("httpStatus").asInt(), retrying.toString());
            assertTrue(target.attemptsOf(id).size() < 3, "the third attempt has not come yet: " + target);

            JsonNode finished = awaitStatus(warren, id, "finished", DELIVERY);
            JsonNode attempts = finished.path("attempts");
            assertEquals(List.of(1, 2, 3), ints(attempts, "n"), finished.toString());
            assertEquals(List.of(503, 503, 200), ints(attempts, "httpStatus"), finished.toString());
            for (JsonNode attempt : attempts) {
                assertNotNull(text(attempt, "worker"), attempt.toString());
                assertNotNull(text(attempt, "startedAt"), attempt.toString());
                assertTrue(attempt.path("durationMs").isNumber(), attempt.toString());
            }
            assertTrue(text(attempts.get(0), "error").contains("503"), attempts.get(0).toString());
            assertEquals(null, text(attempts.get(2), "error"), attempts.get(2).toString());
            assertEquals(200, finished.path("result").path("httpStatus").asInt(), finished.toString());
            assertEquals("{\"ok\":true}", finished.path("result").path("body").asText(), finished.toString());
            assertEquals(3, target.attemptsOf(id).size(), target.toString());
        } finally {
            deleteQueue(warren, queue);
        }
    }

    // --- (c) failed ---

    @Test
    void aJobThatKeepsFailingIsFailedWithEveryAttemptAndListedAsADeadLetter() {
        String queue = declaredQueue(warren, "jobs-failed");
        try (TargetServer target = TargetServer.start(request -> Answer.status(503))) {
            JsonNode failed = failedJob(queue, target, 2, Map.of("order", 3));
            String id = failed.path("id").asText();
            assertEquals(List.of(1, 2), ints(failed.path("attempts"), "n"), failed.toString());
            assertEquals(List.of(503, 503), ints(failed.path("attempts"), "httpStatus"), failed.toString());
            assertNotNull(text(failed, "finishedAt"), failed.toString());
            assertEquals(503, failed.path("result").path("httpStatus").asInt(), failed.toString());
            assertTrue(text(failed, "error") != null && text(failed, "error").contains("503"), failed.toString());
            await("the dead letter").atMost(DELIVERY).until(() -> broker().ready(queue + ".dlq") == 1);

            assertEquals(List.of(id), listIds(warren, "/api/queues/" + queue + "/dead-letters", "limit=10"));
            assertEquals(List.of(id), listIds(warren, "/api/jobs", "queue=" + queue + "&status=failed"));
            assertEquals(List.of(), listIds(warren, "/api/jobs", "queue=" + queue + "&status=finished"));
            assertEquals(2, target.attemptsOf(id).size(), target.toString());
        } finally {
            deleteQueue(warren, queue);
        }
    }

    // --- (d) cancel ---

    @Test
    void aJobCancelledWhileQueuedIsNeverDeliveredAfterResume() {
        String queue = declaredQueue(warren, "jobs-cancel");
        try (TargetServer target = TargetServer.start()) {
            putGroup(warren, queue, httpGroup(1, target.url(), 3, 100));
            pause(warren, queue);
            String id = publish(warren, queue, Map.of("order", 4));
            assertEquals(List.of(id), listIds(warren, "/api/jobs", "queue=" + queue + "&status=queued"));

            Http.Response cancelled = warren.http.post("/api/jobs/" + id + "/cancel");
            assertEquals(200, cancelled.status(), cancelled.body());
            assertEquals("cancelled", cancelled.json().path("status").asText(), cancelled.body());
            assertEquals(id, cancelled.json().path("id").asText(), cancelled.body());
            assertEquals("cancelled", job(warren, id).path("status").asText());
            assertEquals(List.of(id), listIds(warren, "/api/jobs", "queue=" + queue + "&status=cancelled"));
            assertEquals(List.of(), listIds(warren, "/api/jobs", "queue=" + queue + "&status=queued"));
            JsonNode again = assertProblem(warren.http.post("/api/jobs/" + id + "/cancel"), 409);
            assertTrue(again.path("detail").asText().contains("cancelled"), again.toString());

            // published after the cancelled one, so delivered after it has come up
            String after = publish(warren, queue, Map.of("order", 5));
            resume(warren, queue);
            awaitStatus(warren, after, "finished", DELIVERY);
            await("the queue is empty").atMost(DELIVERY).until(() -> broker().ready(queue) == 0);
            JsonNode dropped = await("the cancelled job's message dropped").atMost(DELIVERY)
                    .until(() -> job(warren, id), view -> String.valueOf(text(view, "error")).contains("dropped"));

            assertEquals(0, target.attemptsOf(id).size(), "never delivered: " + target);
            assertEquals(1, target.attemptsOf(after).size(), target.toString());
            assertEquals("cancelled", dropped.path("status").asText(), dropped.toString());
            assertEquals(0, dropped.path("attempts").size(), dropped.toString());

            JsonNode finished = assertProblem(warren.http.post("/api/jobs/" + after + "/cancel"), 409);
            assertTrue(finished.path("detail").asText().contains("finished"), "names the status: " + finished);
            assertProblem(warren.http.post("/api/jobs/" + UUID.randomUUID() + "/cancel"), 404);
        } finally {
            deleteQueue(warren, queue);
        }
    }

    @Test
    void aJobCancelledWhileWaitingForItsRetryIsNotAttemptedAgain() {
        String queue = declaredQueue(warren, "jobs-cancel-retrying");
        try (TargetServer target = TargetServer.start(request -> Answer.status(503))) {
            putGroup(warren, queue, httpGroup(1, target.url(), 5, 1500));
            String id = publish(warren, queue, Map.of("order", 6));
            awaitStatus(warren, id, "retrying", DELIVERY);

            Http.Response cancelled = warren.http.post("/api/jobs/" + id + "/cancel");
            assertEquals(200, cancelled.status(), cancelled.body());
            assertEquals("cancelled", cancelled.json().path("status").asText(), cancelled.body());

            JsonNode dropped = await("the retry message dropped").atMost(DELIVERY)
                    .until(() -> job(warren, id), view -> String.valueOf(text(view, "error")).contains("dropped"));
            assertEquals("cancelled", dropped.path("status").asText(), dropped.toString());
            assertEquals(1, dropped.path("attempts").size(), "only the first attempt: " + dropped);
            assertEquals(1, target.attemptsOf(id).size(), "no second attempt: " + target);
        } finally {
            deleteQueue(warren, queue);
        }
    }

    @Test
    void aCancelledJobRetriedBeforeItsMessageCameUpIsDeliveredOnce() {
        String queue = declaredQueue(warren, "jobs-cancel-retry");
        try (TargetServer target = TargetServer.start()) {
            putGroup(warren, queue, httpGroup(1, target.url(), 3, 100));
            pause(warren, queue);
            String id = publish(warren, queue, Map.of("order", 7));
            assertEquals(200, warren.http.post("/api/jobs/" + id + "/cancel").status());

            Http.Response retried = warren.http.post("/api/jobs/" + id + "/retry");
            assertEquals(202, retried.status(), retried.body());
            assertEquals("queued", retried.json().path("status").asText(), retried.body());
            resume(warren, queue);

            awaitStatus(warren, id, "finished", DELIVERY);
            await("the old message is dropped, the new one delivered, once").atMost(DELIVERY)
                    .until(() -> broker().ready(queue) == 0);
            await("no second delivery").during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
                    .until(() -> target.attemptsOf(id).size() == 1);
            assertEquals(1, job(warren, id).path("attempts").size());
        } finally {
            deleteQueue(warren, queue);
        }
    }

    /** Cancels a job waiting for its second attempt, retries it, and waits until its old retry message came up. */
    private JsonNode cancelWhileRetryingThenRetry(TargetServer target, String queue) {
        putGroup(warren, queue, httpGroup(1, target.url(), 5, 1500));
        String id = publish(warren, queue, Map.of("order", 12));
        awaitStatus(warren, id, "retrying", DELIVERY);
        assertEquals(200, warren.http.post("/api/jobs/" + id + "/cancel").status());
        assertEquals(202, warren.http.post("/api/jobs/" + id + "/retry").status());
        awaitStatus(warren, id, "finished", DELIVERY);
        await("the old retry message came back from its wait queue and was consumed").atMost(DELIVERY)
                .until(() -> broker().ready(queue + ".wait.1500") == 0 && broker().ready(queue) == 0);
        return job(warren, id);
    }

    @Test
    void aJobCancelledWhileRetryingThenRetriedIsDeliveredOnceMoreNotTwice() {
        String queue = declaredQueue(warren, "jobs-cancel-retrying-retry");
        AtomicInteger calls = new AtomicInteger();
        try (TargetServer target = TargetServer.start(request ->
                calls.getAndIncrement() == 0 ? Answer.status(503) : Answer.ok())) {
            String id = cancelWhileRetryingThenRetry(target, queue).path("id").asText();
            await("the old retry message is dropped, not delivered").during(Duration.ofMillis(700))
                    .atMost(Duration.ofSeconds(3)).until(() -> target.attemptsOf(id).size() == 2);
            JsonNode finished = job(warren, id);
            assertEquals("finished", finished.path("status").asText(), finished.toString());
            assertEquals(List.of(503, 200), ints(finished.path("attempts"), "httpStatus"), finished.toString());
        } finally {
            broker().admin().deleteQueue(queue + ".wait.1500");
            deleteQueue(warren, queue);
        }
    }

    @Test
    void aFinishedJobKeepsNoErrorWhenAStaleMessageOfItIsDropped() {
        String queue = declaredQueue(warren, "jobs-stale-error");
        AtomicInteger calls = new AtomicInteger();
        try (TargetServer target = TargetServer.start(request ->
                calls.getAndIncrement() == 0 ? Answer.status(503) : Answer.ok())) {
            String id = cancelWhileRetryingThenRetry(target, queue).path("id").asText();
            await("a finished job shows no error").during(Duration.ofMillis(1000)).atMost(Duration.ofSeconds(3))
                    .untilAsserted(() -> {
                        JsonNode view = job(warren, id);
                        assertEquals("finished", view.path("status").asText(), view.toString());
                        assertEquals(null, text(view, "error"), view.toString());
                    });
        } finally {
            broker().admin().deleteQueue(queue + ".wait.1500");
            deleteQueue(warren, queue);
        }
    }

    // --- (e) cancel survives a restart ---

    @Test
    void aCancelSurvivesARestartOfWarren() throws Exception {
        String queue = declaredQueue(warren, "jobs-cancel-restart");
        try (TargetServer target = TargetServer.start()) {
            putGroup(warren, queue, httpGroup(1, target.url(), 3, 100));
            pause(warren, queue);
            String id = publish(warren, queue, Map.of("order", 8));
            assertEquals(200, warren.http.post("/api/jobs/" + id + "/cancel").status());

            warren = warren.restart();

            assertEquals("cancelled", job(warren, id).path("status").asText(), "the cancel was stored");
            String after = publish(warren, queue, Map.of("order", 9));
            resume(warren, queue);
            awaitStatus(warren, after, "finished", DELIVERY);
            await("the cancelled job's message dropped").atMost(DELIVERY)
                    .until(() -> String.valueOf(text(job(warren, id), "error")).contains("dropped"));
            await("the queue is empty").atMost(DELIVERY).until(() -> broker().ready(queue) == 0);
            assertEquals(0, target.attemptsOf(id).size(), "never delivered: " + target);
            assertEquals("cancelled", job(warren, id).path("status").asText());
        } finally {
            deleteQueue(warren, queue);
        }
    }

    @Test
    void anAttemptCutOffByAStopIsRecordedAsInterruptedAndTheJobRunsAgainAfterTheRestart() throws Exception {
        Map<String, String> properties = new LinkedHashMap<>(store());
        // the first delivery outlasts the shutdown timeout, so that stopping cuts it off
        properties.put("warren.shutdown.timeout", "1");
        properties.put("camel.component.spring-rabbitmq.shutdownTimeout", "1000");
        AtomicInteger calls = new AtomicInteger();
        RunningWarren own = RunningWarren.start(properties);
        String queue = declaredQueue(own, "jobs-interrupted");
        try (TargetServer target = TargetServer.start(request ->
                calls.incrementAndGet() == 1 ? Answer.ok().after(8000) : Answer.ok())) {
            Map<String, Object> group = new LinkedHashMap<>(httpGroup(1, target.url(), 3, 100));
            group.put("target", Map.of("url", target.url(), "timeoutMs", 30000));
            putGroup(own, queue, group);
            String id = publish(own, queue, Map.of("order", 12));

            JsonNode started = awaitStatus(own, id, "started", DELIVERY);
            JsonNode running = started.path("attempts").get(0);
            assertEquals(1, started.path("attempts").size(), "the running attempt is shown: " + started);
            assertNotNull(text(running, "worker"), "with the consumer running it: " + running);
            assertEquals(null, text(running, "durationMs"), "and no duration yet: " + running);

            own = own.restart();

            JsonNode finished = awaitStatus(own, id, "finished", DELIVERY);
            JsonNode attempts = finished.path("attempts");
            assertEquals(2, attempts.size(), finished.toString());
            assertEquals(1, attempts.get(0).path("n").asInt(), attempts.toString());
            assertTrue(String.valueOf(text(attempts.get(0), "error")).startsWith("interrupted"), attempts.toString());
            assertEquals(2, attempts.get(1).path("n").asInt(), attempts.toString());
            assertEquals(200, attempts.get(1).path("httpStatus").asInt(), attempts.toString());
            assertEquals(2, target.attemptsOf(id).size(), "cut off once, then delivered: " + target);
        } finally {
            deleteQueue(own, queue);
            own.close();
        }
    }

    // --- (f) retry ---

    @Test
    void aFailedJobRetriedIsDeliveredAgainAndKeepsItsAttempts() {
        String queue = declaredQueue(warren, "jobs-retry");
        String idle = declaredQueue(warren, "jobs-retry-idle");
        try (TargetServer target = TargetServer.start(request -> Answer.status(503))) {
            String id = failedJob(queue, target, 2, Map.of("order", 10)).path("id").asText();
            target.behave(request -> Answer.ok());

            Http.Response retried = warren.http.post("/api/jobs/" + id + "/retry");
            assertEquals(202, retried.status(), retried.body());
            assertEquals(id, retried.json().path("id").asText(), retried.body());
            assertEquals("/api/jobs/" + id, retried.location());

            JsonNode finished = awaitStatus(warren, id, "finished", DELIVERY);
            assertEquals(List.of(1, 2, 3), ints(finished.path("attempts"), "n"), finished.toString());
            assertEquals(List.of(503, 503, 200), ints(finished.path("attempts"), "httpStatus"), finished.toString());
            assertEquals(null, text(finished, "error"), finished.toString());
            assertEquals(3, target.attemptsOf(id).size(), target.toString());

            JsonNode notFailed = assertProblem(warren.http.post("/api/jobs/" + id + "/retry"), 409);
            assertTrue(notFailed.path("detail").asText().contains("finished"), notFailed.toString());
            String queued = publish(warren, idle, Map.of("order", 11));
            JsonNode notYet = assertProblem(warren.http.post("/api/jobs/" + queued + "/retry"), 409);
            assertTrue(notYet.path("detail").asText().contains("queued"), notYet.toString());
            assertEquals(1, broker().ready(idle), "the refused retry enqueued nothing");
        } finally {
            deleteQueue(warren, queue, idle);
        }
    }

    @Test
    void aRetryRefusedBecauseTheQueueIsGoneLeavesTheFailedJobAsItWas() {
        String queue = declaredQueue(warren, "jobs-retry-gone");
        try (TargetServer target = TargetServer.start(request -> Answer.status(400))) {
            JsonNode failed = failedJob(queue, target, 1, Map.of("order", 12));
            String id = failed.path("id").asText();
            assertTrue(text(failed, "error") != null && text(failed, "finishedAt") != null, failed.toString());
            assertEquals(204, warren.http.delete("/api/queues/" + queue).status());

            JsonNode refused = assertProblem(warren.http.post("/api/jobs/" + id + "/retry"), 404);
            assertTrue(refused.path("detail").asText().contains("does not exist any more"), refused.toString());

            assertEquals(failed, job(warren, id), "failed still, with its error, finishedAt and attempts");
        } finally {
            deleteQueue(warren, queue);
        }
    }

    // --- (g) replay of dead letters ---

    @Test
    void replayingAHundredDeadLettersDeliversEachOnceMore() {
        String queue = declaredQueue(warren, "jobs-replay");
        String dlq = queue + ".dlq";
        try (TargetServer target = TargetServer.start(request -> Answer.status(400))) {
            putGroup(warren, queue, httpGroup(4, target.url(), 3, 100));
            List<String> ids = publishBatch(warren, queue, IntStream.range(0, 100).mapToObj(i -> Map.of("n", i)).toList());
            await("100 dead letters").atMost(Duration.ofSeconds(30)).until(() -> broker().ready(dlq) == 100
                    && listIds(warren, "/api/jobs", "queue=" + queue + "&status=failed&limit=1000").size() == 100);
            assertEquals(Set.copyOf(ids), Set.copyOf(listIds(warren, "/api/queues/" + queue + "/dead-letters", "limit=1000")));
            int before = target.requests().size();
            assertEquals(100, before, "one attempt each: a 400 is not retried");
            target.behave(request -> Answer.ok());

            Http.Response replayed = warren.http.post("/api/queues/" + queue + "/dead-letters/replay", "{}");
            assertEquals(200, replayed.status(), replayed.body());
            assertEquals(100, replayed.json().path("replayed").asInt(), replayed.body());

            await("every job finished").atMost(Duration.ofSeconds(30)).until(() ->
                    listIds(warren, "/api/jobs", "queue=" + queue + "&status=finished&limit=1000").size() == 100);
            assertEquals(0, broker().ready(dlq), "the dead-letter queue is empty");
            assertEquals(List.of(), listIds(warren, "/api/queues/" + queue + "/dead-letters", "limit=1000"));
            Map<String, Long> afterReplay = target.requests().subList(before, target.requests().size()).stream()
                    .collect(Collectors.groupingBy(TargetServer.Request::webhookId, Collectors.counting()));
            assertEquals(Set.copyOf(ids), afterReplay.keySet(), "every job delivered after the replay");
            assertEquals(Set.of(1L), Set.copyOf(afterReplay.values()), "each exactly once: " + afterReplay);
            JsonNode sample = job(warren, ids.get(42));
            assertEquals(List.of(400, 200), ints(sample.path("attempts"), "httpStatus"), sample.toString());

            Http.Response nothingLeft = warren.http.post("/api/queues/" + queue + "/dead-letters/replay", "{}");
            assertEquals(200, nothingLeft.status(), nothingLeft.body());
            assertEquals(0, nothingLeft.json().path("replayed").asInt(), nothingLeft.body());
        } finally {
            deleteQueue(warren, queue);
        }
    }

    @Test
    void aReplayMovesAtMostItsLimit() {
        String queue = declaredQueue(warren, "jobs-replay-limit");
        String dlq = queue + ".dlq";
        try (TargetServer target = TargetServer.start(request -> Answer.status(400))) {
            putGroup(warren, queue, httpGroup(1, target.url(), 3, 100));
            List<String> ids = publishBatch(warren, queue, List.of(1, 2, 3));
            await("3 failed jobs").atMost(DELIVERY).until(() -> broker().ready(dlq) == 3
                    && listIds(warren, "/api/jobs", "queue=" + queue + "&status=failed").size() == 3);
            target.behave(request -> Answer.ok());

            Http.Response two = warren.http.post("/api/queues/" + queue + "/dead-letters/replay", "{\"limit\": 2}");
            assertEquals(2, two.json().path("replayed").asInt(), two.body());
            await("two finished").atMost(DELIVERY).until(() ->
                    listIds(warren, "/api/jobs", "queue=" + queue + "&status=finished").size() == 2);
            assertEquals(1, broker().ready(dlq));
            assertEquals(1, listIds(warren, "/api/queues/" + queue + "/dead-letters", "").size());
            assertInvalid(warren.http.post("/api/queues/" + queue + "/dead-letters/replay", "{\"limit\": 0}"), "limit");
            Http.Response rest = warren.http.post("/api/queues/" + queue + "/dead-letters/replay", "{}");
            assertEquals(1, rest.json().path("replayed").asInt(), rest.body());
            await("all finished").atMost(DELIVERY).until(() ->
                    listIds(warren, "/api/jobs", "queue=" + queue + "&status=finished").size() == 3);
            assertEquals(Set.copyOf(ids), Set.copyOf(listIds(warren, "/api/jobs", "queue=" + queue)));
        } finally {
            deleteQueue(warren, queue);
        }
    }

    /** A job and the answer to a replay of its queue's dead letters. */
    private record Replayed(String id, Http.Response replay) {
    }

    /** A job that waits (no workers) while its message is also a dead letter with these headers, then a replay. */
    private Replayed replayWhileTheJobWaits(String queue, Map<String, Object> deadLetterHeaders) {
        String id = publish(warren, queue, Map.of("n", 1));
        broker().publish(queue + ".dlq", "{\"n\":1}", id, deadLetterHeaders);
        return new Replayed(id, warren.http.post("/api/queues/" + queue + "/dead-letters/replay", "{}"));
    }

    @Test
    void aDeadLetterWhoseJobDoesNotShowAsFailedYetStaysADeadLetter() {
        String queue = declaredQueue(warren, "jobs-replay-early");
        try {
            // as in the instant after a worker dead-lettered the task and before its record of the failure landed
            Replayed run = replayWhileTheJobWaits(queue, Map.of(TaskHeaders.FAILED_AT, Instant.now().toString()));

            assertEquals(0, run.replay().json().path("replayed").asInt(), run.replay().body());
            await("the dead letter is back in the DLQ").atMost(DELIVERY).until(() -> broker().ready(queue + ".dlq") == 1);
            assertEquals(1, broker().ready(queue), "nothing more was published");
            assertEquals("queued", text(job(warren, run.id()), "status"));
        } finally {
            deleteQueue(warren, queue);
        }
    }

    @Test
    void aDeadLetterTheBrokerMadeIsReplayedThoughItsJobNeverFailed() {
        String queue = declaredQueue(warren, "jobs-replay-broker");
        try {
            // as when the broker dead-letters a message (TTL, length or delivery limit): no worker saw it fail
            Replayed run = replayWhileTheJobWaits(queue, Map.of());

            assertEquals(1, run.replay().json().path("replayed").asInt(), run.replay().body());
            await("the dead letter is gone").atMost(DELIVERY).until(() -> broker().ready(queue + ".dlq") == 0);
            assertEquals(2, broker().ready(queue), "published again beside the (now stale) first message");
            assertEquals("queued", text(job(warren, run.id()), "status"));
        } finally {
            deleteQueue(warren, queue);
        }
    }

    @Test
    void aReplayMovesEachDeadLetterOnceEvenWhileTheTargetStillFails() throws Exception {
        String queue = declaredQueue(warren, "jobs-replay-loop");
        String dlq = queue + ".dlq";
        HttpClient client = HttpClient.newHttpClient();
        try (TargetServer target = TargetServer.start(request -> Answer.status(400))) {
            putGroup(warren, queue, httpGroup(4, target.url(), 3, 100));
            publishBatch(warren, queue, IntStream.range(0, 20).mapToObj(i -> Map.of("n", i)).toList());
            await("20 dead letters").atMost(DELIVERY).until(() -> broker().ready(dlq) == 20
                    && listIds(warren, "/api/jobs", "queue=" + queue + "&status=failed").size() == 20);
            int before = target.requests().size();

            HttpRequest replay = HttpRequest.newBuilder(URI.create(
                            "http://localhost:" + warren.port + "/api/queues/" + queue + "/dead-letters/replay"))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + dev.warren.support.RunningWarren.ADMIN_KEY)
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
            HttpResponse<String> answer = client.send(replay, HttpResponse.BodyHandlers.ofString());

            assertEquals(200, answer.statusCode(), answer.body());
            assertEquals("{\"replayed\":20}", answer.body(), "each dead letter there when the replay began, once");
            await("the replayed jobs failed again").atMost(DELIVERY).until(() -> broker().ready(dlq) == 20);
            assertEquals(20, target.requests().size() - before, "one more attempt each");
        } finally {
            deleteQueue(warren, queue);
        }
    }

    // --- (h) idempotent publish ---

    @Test
    void theSameIdPublishedTwiceIsOneMessageAndOneDelivery() {
        String queue = declaredQueue(warren, "jobs-idem");
        String other = declaredQueue(warren, "jobs-idem-other");
        try (TargetServer target = TargetServer.start()) {
            putGroup(warren, queue, httpGroup(1, target.url(), 3, 100));
            pause(warren, queue);
            String id = clientId("order");
            Map<String, Object> task = Map.of("id", id, "payload", Map.of("n", 1));

            Http.Response first = publishTask(warren, queue, task);
            assertEquals(202, first.status(), first.body());
            Http.Response second = publishTask(warren, queue, task);
            assertEquals(200, second.status(), "a duplicate is answered 200: " + second.body());
            assertEquals(first.json(), second.json(), "with the first answer's body");
            assertEquals(first.location(), second.location());
            assertEquals(1, broker().ready(queue), "one message");

            JsonNode conflict = assertProblem(publishTask(warren, queue, Map.of("id", id, "payload", Map.of("n", 2))), 409);
            assertTrue(conflict.path("detail").asText().contains(id), conflict.toString());
            assertProblem(publishTask(warren, other, task), 409);
            assertEquals(1, broker().ready(queue), "the conflicting publishes enqueued nothing");
            assertEquals(0, broker().ready(other), "nor on the other queue");
            assertEquals(1, job(warren, id).path("payload").path("n").asInt(), "the job keeps its first payload");

            resume(warren, queue);
            awaitStatus(warren, id, "finished", DELIVERY);
            await("one delivery").during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
                    .until(() -> target.attemptsOf(id).size() == 1);
            Http.Response later = publishTask(warren, queue, task);
            assertEquals(200, later.status(), "still a duplicate once finished: " + later.body());
            assertEquals(first.json(), later.json());
            await("still one delivery").during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
                    .until(() -> target.attemptsOf(id).size() == 1);
        } finally {
            deleteQueue(warren, queue, other);
        }
    }

    @Test
    void aBatchOfTwelveIsDeduplicatedAndAClashInItEnqueuesNothing() {
        String queue = declaredQueue(warren, "jobs-idem-big");
        try {
            List<Map<String, Object>> tasks = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                tasks.add(Map.of("id", clientId("big" + i), "payload", Map.of("n", i)));
            }
            String batch = Http.json(Map.of("tasks", tasks));
            assertEquals(202, warren.http.post("/api/queues/" + queue + "/tasks/batch", batch).status());
            Http.Response again = warren.http.post("/api/queues/" + queue + "/tasks/batch", batch);
            assertEquals(200, again.status(), "every task was accepted before: " + again.body());
            assertEquals(12, broker().ready(queue), "no extra message");

            List<Map<String, Object>> clashing = new ArrayList<>();
            for (int i = 0; i < 11; i++) {
                clashing.add(Map.of("id", clientId("clash" + i), "payload", i));
            }
            clashing.add(Map.of("id", tasks.get(0).get("id"), "payload", "something else"));
            assertProblem(warren.http.post("/api/queues/" + queue + "/tasks/batch", Http.json(Map.of("tasks", clashing))), 409);
            assertProblem(warren.http.get("/api/jobs/" + clashing.get(0).get("id")), 404);
            assertEquals(12, broker().ready(queue), "all or none: the clash enqueued nothing");

            List<Map<String, Object>> partly = new ArrayList<>(tasks);
            partly.add(Map.of("id", clientId("big-new"), "payload", Map.of("n", 12)));
            assertEquals(202, warren.http.post("/api/queues/" + queue + "/tasks/batch",
                    Http.json(Map.of("tasks", partly))).status());
            assertEquals(13, broker().ready(queue), "only the new task was enqueued");
        } finally {
            deleteQueue(warren, queue);
        }
    }

    @Test
    void theSameBatchPublishedTwiceEnqueuesNothingMore() {
        String queue = declaredQueue(warren, "jobs-idem-batch");
        try (TargetServer target = TargetServer.start()) {
            putGroup(warren, queue, httpGroup(1, target.url(), 3, 100));
            pause(warren, queue);
            List<String> ids = List.of(clientId("a"), clientId("b"), clientId("c"));
            List<Map<String, Object>> tasks = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                tasks.add(Map.of("id", ids.get(i), "payload", Map.of("n", i)));
            }
            String batch = Http.json(Map.of("tasks", tasks));

            Http.Response first = warren.http.post("/api/queues/" + queue + "/tasks/batch", batch);
            assertEquals(202, first.status(), first.body());
            assertEquals(ids, texts(first.json().path("ids")));
            Http.Response second = warren.http.post("/api/queues/" + queue + "/tasks/batch", batch);
            assertEquals(200, second.status(), second.body());
            assertEquals(first.json(), second.json(), "the first answer again");
            assertEquals(3, broker().ready(queue), "no extra message");

            String fresh = clientId("d");
            List<Map<String, Object>> clashing = List.of(Map.of("id", fresh, "payload", 1),
                    Map.of("id", ids.get(0), "payload", "something else"));
            assertProblem(warren.http.post("/api/queues/" + queue + "/tasks/batch",
                    Http.json(Map.of("tasks", clashing))), 409);
            assertProblem(warren.http.get("/api/jobs/" + fresh), 404);
            assertEquals(3, broker().ready(queue), "all or none: the conflict enqueued nothing");

            List<Map<String, Object>> partly = new ArrayList<>(tasks);
            partly.add(Map.of("id", fresh, "payload", Map.of("n", 3)));
            Http.Response mixed = warren.http.post("/api/queues/" + queue + "/tasks/batch", Http.json(Map.of("tasks", partly)));
            assertEquals(202, mixed.status(), "a batch with a new task is published: " + mixed.body());
            assertEquals(4, broker().ready(queue), "only the new task was enqueued");

            resume(warren, queue);
            List<String> all = new ArrayList<>(ids);
            all.add(fresh);
            for (String id : all) {
                awaitStatus(warren, id, "finished", DELIVERY);
            }
            await("each delivered once").during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
                    .until(() -> all.stream().allMatch(id -> target.attemptsOf(id).size() == 1)
                            && target.requests().size() == 4);
        } finally {
            deleteQueue(warren, queue);
        }
    }

    // --- (i) pagination ---

    @Test
    void pagesChainThroughEveryJobNewestFirstWhileMoreArePublished() throws Exception {
        String queue = declaredQueue(warren, "jobs-pages");
        ExecutorService publisher = Executors.newSingleThreadExecutor();
        try (TargetServer target = TargetServer.start()) {
            putGroup(warren, queue, httpGroup(1, target.url(), 3, 100));
            pause(warren, queue);
            List<String> published = publishBatch(warren, queue,
                    IntStream.range(0, 250).mapToObj(i -> Map.of("n", i)).toList());
            List<String> sorted = new ArrayList<>(published);
            Collections.sort(sorted);
            assertSameOrder(published, sorted, "generated ids are time-ordered in publish order");

            JsonNode first = page(warren, "queue=" + queue + "&limit=100");
            List<String> listed = new ArrayList<>();
            first.path("items").forEach(item -> listed.add(item.path("id").asText()));
            String cursor = first.path("next").isNull() ? null : first.path("next").asText();

            // from now on, 50 more jobs are published while the next pages are read
            AtomicInteger more = new AtomicInteger();
            Future<List<String>> concurrent = publisher.submit(() -> {
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    ids.add(publish(warren, queue, Map.of("more", i)));
                    more.incrementAndGet();
                }
                return ids;
            });
            int pages = 1;
            while (cursor != null) {
                int wanted = Math.min(50, 20 * pages);
                await(wanted + " more jobs published before page " + (pages + 1)).atMost(DELIVERY)
                        .until(() -> more.get() >= wanted);
                JsonNode page = page(warren, "queue=" + queue + "&limit=100&cursor=" + encode(cursor));
                pages++;
                assertTrue(page.path("items").size() <= 100, "at most the limit: " + page.path("items").size());
                page.path("items").forEach(item -> listed.add(item.path("id").asText()));
                cursor = page.path("next").isNull() ? null : page.path("next").asText();
            }
            List<String> newer = concurrent.get();

            List<String> newestFirst = new ArrayList<>(published);
            Collections.reverse(newestFirst);
            assertEquals(3, pages, "250 jobs in pages of 100");
            assertEquals(250, new HashSet<>(listed).size(), "no duplicate among " + listed.size());
            assertTrue(Collections.disjoint(listed, newer), "none of the jobs published meanwhile");
            assertSameOrder(newestFirst, listed, "every job once, newest first, none skipped");

            List<String> everything = listIds(warren, "/api/jobs", "queue=" + queue + "&limit=1000");
            assertEquals(300, everything.size());
            List<String> newestOfAll = new ArrayList<>(newer);
            Collections.reverse(newestOfAll);
            assertSameOrder(newestOfAll, everything.subList(0, 50), "the jobs published meanwhile come first now");
            assertSameOrder(newestFirst, everything.subList(50, 300), "then the first 250");
            assertEquals(300, broker().ready(queue));
        } finally {
            publisher.shutdownNow();
            deleteQueue(warren, queue);
        }
    }

    @Test
    void badListParametersAreAnswered400() {
        assertInvalid(warren.http.get("/api/jobs?limit=0"), "limit");
        assertInvalid(warren.http.get("/api/jobs?limit=1001"), "limit");
        assertInvalid(warren.http.get("/api/jobs?limit=ten"), "limit");
        assertInvalid(warren.http.get("/api/jobs?status=done"), "status");
        assertInvalid(warren.http.get("/api/jobs?status=FAILED"), "status");
        assertInvalid(warren.http.get("/api/jobs?cursor=not-a-cursor"), "cursor");
        assertEquals(200, warren.http.get("/api/jobs?limit=1000").status());
        assertEquals(200, warren.http.get("/api/jobs?limit=1").status());
        for (String status : List.of("queued", "started", "retrying", "finished", "failed", "cancelled")) {
            assertEquals(200, warren.http.get("/api/jobs?status=" + status).status(), status);
        }
    }

    // --- (j) unknown ids ---

    @Test
    void unknownAndMalformedIdsAre404ForGetCancelAndRetry() {
        List<String> ids = List.of(UUID.randomUUID().toString(), "no-such-job", "x".repeat(300), encode("a b"),
                encode("été"), encode("'; DROP TABLE jobs; --"), encode("q:" + UUID.randomUUID()));
        for (String id : ids) {
            assertProblem(warren.http.get("/api/jobs/" + id), 404);
            assertProblem(warren.http.post("/api/jobs/" + id + "/cancel"), 404);
            assertProblem(warren.http.post("/api/jobs/" + id + "/retry"), 404);
        }
        // a dot segment is refused before any route: the server would resolve it to another path
        assertProblem(warren.http.get("/api/jobs/.."), 400);
        assertProblem(warren.http.post("/api/jobs/../cancel"), 400);
        assertProblem(warren.http.get("/api/queues/" + "no-such-queue-" + UUID.randomUUID() + "/dead-letters"), 404);
    }

    /** A group whose consumers all deliver at once keeps every job's status right (no stale attempt end wins). */
    @Test
    void retriesWithoutBackoffOnSeveralConsumersEndFinished() {
        String queue = declaredQueue(warren, "jobs-race");
        try (TargetServer target = TargetServer.start(request -> request.attempt() == 1 ? Answer.status(503) : Answer.ok())) {
            putGroup(warren, queue, httpGroup(8, target.url(), 3, 0));
            List<String> ids = publishBatch(warren, queue, IntStream.range(0, 200).mapToObj(i -> Map.of("n", i)).toList());
            await("every task delivered twice").atMost(Duration.ofSeconds(30))
                    .until(() -> ids.stream().allMatch(id -> target.attemptsOf(id).size() == 2));
            await("every job finished").atMost(DELIVERY).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                Map<String, String> notFinished = new LinkedHashMap<>();
                JsonNode items = page(warren, "queue=" + queue + "&limit=1000").path("items");
                items.forEach(item -> {
                    if (!"finished".equals(item.path("status").asText())) {
                        notFinished.put(item.path("id").asText(), item.path("status").asText());
                    }
                });
                assertEquals(Map.of(), notFinished, "jobs whose target answered 200 but that are not finished");
            });
        } finally {
            deleteQueue(warren, queue);
        }
    }
}
