package dev.warren.workers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.support.WarrenPerClass;
import dev.warren.support.TargetServer;
import dev.warren.support.TargetServer.Answer;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.warren.support.Queues.deleteQueue;
import static dev.warren.support.WarrenCalls.awaitConsumers;
import static dev.warren.workers.WorkerFixtures.awaitDrained;
import static dev.warren.workers.WorkerFixtures.broker;
import static dev.warren.support.WarrenCalls.declaredQueue;
import static dev.warren.support.WarrenCalls.group;
import static dev.warren.workers.WorkerFixtures.httpGroup;
import static dev.warren.support.WarrenCalls.publish;
import static dev.warren.support.WarrenCalls.putGroup;
import static dev.warren.workers.WorkerFixtures.retry;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Failed deliveries: 408, 429, 5xx and timeouts are retried on the broker with the group's backoff (Retry-After
 * wins) until maxAttempts, then dead-lettered; other statuses are dead-lettered at once; waiting holds nothing.
 */
class WorkerRetryIT extends WarrenPerClass {

    private static boolean isKind(TargetServer.Request request, String kind) {
        return kind.equals(request.json().path("kind").asText());
    }

    /** Waits until the dead-letter queue holds one message, takes it and returns it. */
    private static Message deadLetter(String queue, Duration within) {
        String dlq = queue + ".dlq";
        await("a message in " + dlq).atMost(within).pollInterval(Duration.ofMillis(50))
                .until(() -> broker().ready(dlq) == 1);
        List<Message> messages = broker().drain(dlq);
        assertEquals(1, messages.size(), "one dead letter in " + dlq);
        return messages.get(0);
    }

    private static String header(Message message, String name) {
        Object value = message.getMessageProperties().getHeader(name);
        return value == null ? null : value.toString();
    }

    private static List<Integer> attemptNumbers(List<TargetServer.Request> attempts) {
        return attempts.stream().map(TargetServer.Request::attempt).toList();
    }

    @Test
    void aTaskFailingTwiceIsDeliveredOnItsThirdAttemptWhileOthersFlowPast() {
        String queue = declaredQueue(warren, "retry-flaky");
        try (TargetServer target = TargetServer.start(request ->
                isKind(request, "flaky") && request.attempt() < 3 ? Answer.status(503) : Answer.ok())) {
            putGroup(warren, queue, httpGroup(2, target.url(), retry(5, 1000)));
            awaitConsumers(queue, 2, Duration.ofSeconds(2));

            String flaky = publish(warren, queue, Map.of("kind", "flaky"));
            await("the first attempt of the flaky task").atMost(Duration.ofSeconds(5))
                    .until(() -> target.attemptsOf(flaky).size() == 1);
            List<String> fast = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                fast.add(publish(warren, queue, Map.of("kind", "fast", "n", i)));
            }
            await("the third attempt of the flaky task").atMost(Duration.ofSeconds(10))
                    .until(() -> target.attemptsOf(flaky).size() == 3);
            awaitDrained(warren, queue, Duration.ofSeconds(5));

            List<TargetServer.Request> attempts = target.attemptsOf(flaky);
            assertEquals(List.of(1, 2, 3), attemptNumbers(attempts), "X-Warren-Attempt of each attempt");
            assertTrue(attempts.get(0).millisUntil(attempts.get(1)) >= 950,
                    "the first backoff (1000 ms) was waited: " + attempts.get(0).millisUntil(attempts.get(1)) + " ms");
            assertTrue(attempts.get(1).millisUntil(attempts.get(2)) >= 1950,
                    "the second backoff (2000 ms) was waited: " + attempts.get(1).millisUntil(attempts.get(2)) + " ms");
            for (String id : fast) {
                List<TargetServer.Request> delivered = target.attemptsOf(id);
                assertEquals(1, delivered.size(), "fast task " + id + " delivered once");
                assertTrue(delivered.get(0).arrivedNanos() < attempts.get(2).arrivedNanos(),
                        "fast task " + id + " was not held up by the flaky one's retries");
                assertTrue(delivered.get(0).arrivedNanos() < attempts.get(1).arrivedNanos(),
                        "fast task " + id + " arrived while the flaky one waited for its second attempt");
            }
            assertEquals(8, target.requests().size(), "3 attempts + 5 fast tasks: " + target);
            assertNull(attempts.get(0).header("webhook-signature"), "no signature without a signing secret");
            await("counters").atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                JsonNode view = group(warren, queue);
                assertEquals(6, view.path("succeeded").asLong(), view.toString());
                assertEquals(0, view.path("failed").asLong(), view.toString());
            });
            assertEquals(0, broker().ready(queue + ".dlq"), "nothing dead-lettered");
        } finally {
            deleteQueue(warren, queue);
        }
    }

    @Test
    void aBadRequestIsDeadLetteredAfterOneAttempt() {
        String queue = declaredQueue(warren, "retry-400");
        try (TargetServer target = TargetServer.start(request -> Answer.status(400))) {
            putGroup(warren, queue, httpGroup(1, target.url(), retry(5, 100)));
            String id = publish(warren, queue, Map.of("order", 7));

            Message dead = deadLetter(queue, Duration.ofSeconds(10));
            assertEquals(1, target.attemptsOf(id).size(), "a 400 is never retried: " + target);
            assertEquals(id, dead.getMessageProperties().getMessageId(), "the dead letter is the task");
            assertEquals("{\"order\":7}", new String(dead.getBody(), java.nio.charset.StandardCharsets.UTF_8));
            assertEquals("1", header(dead, "x-warren-attempts"), dead.getMessageProperties().toString());
            assertEquals("400", header(dead, "x-warren-last-status"), dead.getMessageProperties().toString());
            String error = header(dead, "x-warren-error");
            assertTrue(error != null && error.contains("400"), "x-warren-error says why: " + error);
            assertEquals(0, broker().ready(queue), "the task left its queue");
            await("counters").atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                JsonNode view = group(warren, queue);
                assertEquals(1, view.path("failed").asLong(), view.toString());
                assertEquals(0, view.path("succeeded").asLong(), view.toString());
                assertEquals(1, view.path("processed").asLong(), view.toString());
            });
        } finally {
            deleteQueue(warren, queue);
        }
    }

    @Test
    void aTargetThatKeepsFailingGetsMaxAttemptsThenTheTaskIsDeadLettered() {
        String queue = declaredQueue(warren, "retry-503");
        try (TargetServer target = TargetServer.start(request -> Answer.status(503))) {
            putGroup(warren, queue, httpGroup(1, target.url(), retry(3, 100)));
            String id = publish(warren, queue, Map.of("order", 8));

            Message dead = deadLetter(queue, Duration.ofSeconds(10));
            assertEquals(List.of(1, 2, 3), attemptNumbers(target.attemptsOf(id)), "three attempts: " + target);
            assertEquals("3", header(dead, "x-warren-attempts"), dead.getMessageProperties().toString());
            assertEquals("503", header(dead, "x-warren-last-status"), dead.getMessageProperties().toString());
            String error = header(dead, "x-warren-error");
            assertTrue(error != null && error.contains("503"), "x-warren-error says why: " + error);
            assertEquals(0, broker().ready(queue), "the task left its queue");
            await("counters").atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                JsonNode view = group(warren, queue);
                assertEquals(1, view.path("failed").asLong(), view.toString());
                assertEquals(2, view.path("retried").asLong(), view.toString());
                assertEquals(1, view.path("processed").asLong(), "one task settled, not three attempts: " + view);
            });
        } finally {
            deleteQueue(warren, queue);
        }
    }

    @Test
    void retryAfterFromTheTargetWinsOverTheBackoff() {
        String queue = declaredQueue(warren, "retry-after");
        try (TargetServer target = TargetServer.start(request -> request.attempt() == 1
                ? Answer.status(429).withHeader("Retry-After", "2") : Answer.ok())) {
            putGroup(warren, queue, httpGroup(1, target.url(), retry(3, 100)));
            String id = publish(warren, queue, Map.of("order", 9));

            await("the second attempt").atMost(Duration.ofSeconds(10)).until(() -> target.attemptsOf(id).size() == 2);
            List<TargetServer.Request> attempts = target.attemptsOf(id);
            long waited = attempts.get(0).millisUntil(attempts.get(1));
            assertTrue(waited >= 1900, "Retry-After: 2 was honoured, not the 100 ms backoff: " + waited + " ms");
            assertTrue(waited < 5000, "and not much more: " + waited + " ms");
            awaitDrained(warren, queue, Duration.ofSeconds(5));
            assertEquals(2, target.attemptsOf(id).size(), "delivered on the second attempt");
            // the job's timeline shows the wait the target asked for, with the attempt that got it
            JsonNode timeline = warren.http.get("/api/jobs/" + id).json().path("attempts");
            assertEquals(2000, timeline.get(0).path("retryAfterMs").asLong(), timeline.toString());
            assertTrue(timeline.get(1).path("retryAfterMs").isNull(), timeline.toString());
        } finally {
            deleteQueue(warren, queue);
        }
    }

    @Test
    void aTargetSlowerThanTheTimeoutIsRetriedAsATimeout() {
        String queue = declaredQueue(warren, "retry-timeout");
        try (TargetServer target = TargetServer.start(request -> Answer.ok().after(1500))) {
            Map<String, Object> targetSpec = Map.of("url", target.url(), "timeoutMs", 300);
            putGroup(warren, queue, httpGroup(1, targetSpec, retry(2, 100)));
            String id = publish(warren, queue, Map.of("order", 10));

            Message dead = deadLetter(queue, Duration.ofSeconds(10));
            List<TargetServer.Request> attempts = target.attemptsOf(id);
            assertEquals(List.of(1, 2), attemptNumbers(attempts), "the timeout was retried: " + target);
            assertTrue(attempts.get(0).millisUntil(attempts.get(1)) < 1400,
                    "warren gave up after its 300 ms timeout, not after the target's 1500 ms answer");
            String error = header(dead, "x-warren-error");
            assertTrue(error != null && error.toLowerCase(Locale.ROOT).contains("timeout"), "x-warren-error: " + error);
            assertNull(header(dead, "x-warren-last-status"), "no status: the target never answered in time");
            assertEquals("2", header(dead, "x-warren-attempts"));
        } finally {
            deleteQueue(warren, queue);
        }
    }

    @Test
    void aTaskWaitingForItsRetryDoesNotHoldTheOnlyConsumer() {
        String queue = declaredQueue(warren, "retry-nohold");
        try (TargetServer target = TargetServer.start(request ->
                isKind(request, "waiting") && request.attempt() == 1 ? Answer.status(503) : Answer.ok())) {
            putGroup(warren, queue, httpGroup(1, target.url(), retry(2, 3000)));
            awaitConsumers(queue, 1, Duration.ofSeconds(2));

            String waiting = publish(warren, queue, Map.of("kind", "waiting"));
            await("the first attempt").atMost(Duration.ofSeconds(5)).until(() -> target.attemptsOf(waiting).size() == 1);
            String other = publish(warren, queue, Map.of("kind", "other"));
            await("the other task, delivered right away").atMost(Duration.ofMillis(1500))
                    .until(() -> target.attemptsOf(other).size() == 1);
            await("the waiting task has left the consumer").atMost(Duration.ofSeconds(1)).untilAsserted(() -> {
                assertEquals(0, group(warren, queue).path("inFlight").asLong(), "nothing in flight while it waits");
                assertEquals(0, broker().ready(queue), "nothing ready in the queue while it waits");
            });
            assertEquals(1, target.attemptsOf(waiting).size(), "still waiting for its backoff");

            await("the retry").atMost(Duration.ofSeconds(10)).until(() -> target.attemptsOf(waiting).size() == 2);
            List<TargetServer.Request> attempts = target.attemptsOf(waiting);
            assertTrue(attempts.get(0).millisUntil(attempts.get(1)) >= 2900,
                    "the 3 s backoff was waited: " + attempts.get(0).millisUntil(attempts.get(1)) + " ms");
            assertTrue(target.attemptsOf(other).get(0).arrivedNanos() < attempts.get(1).arrivedNanos());
            awaitDrained(warren, queue, Duration.ofSeconds(5));
        } finally {
            deleteQueue(warren, queue);
        }
    }

    @Test
    void aRetryPendingWhileWarrenRestartsStillHappens() throws Exception {
        String queue = declaredQueue(warren, "retry-restart");
        try (TargetServer target = TargetServer.start(request -> request.attempt() == 1 ? Answer.status(500) : Answer.ok())) {
            putGroup(warren, queue, httpGroup(1, target.url(), retry(3, 3000)));
            String id = publish(warren, queue, Map.of("order", 11));
            await("the first attempt").atMost(Duration.ofSeconds(5)).until(() -> target.attemptsOf(id).size() == 1);

            warren = warren.restart();

            await("the retry after the restart").atMost(Duration.ofSeconds(20))
                    .until(() -> target.attemptsOf(id).size() == 2);
            List<TargetServer.Request> attempts = target.attemptsOf(id);
            assertEquals(List.of(1, 2), attemptNumbers(attempts));
            assertTrue(attempts.get(0).millisUntil(attempts.get(1)) >= 2900,
                    "the backoff was waited: " + attempts.get(0).millisUntil(attempts.get(1)) + " ms");
            awaitDrained(warren, queue, Duration.ofSeconds(5));
            await("the restarted group counts the success").atMost(Duration.ofSeconds(5))
                    .until(() -> group(warren, queue).path("succeeded").asLong() == 1);
            assertEquals(0, broker().ready(queue + ".dlq"), "nothing dead-lettered");
            assertEquals(2, target.requests().size(), "delivered once after the failure: " + target);
        } finally {
            deleteQueue(warren, queue);
        }
    }

    @Test
    void anUnreachableTargetIsRetriedThenDeadLetteredWithTheConnectionError() throws Exception {
        String queue = declaredQueue(warren, "retry-unreachable");
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try {
            putGroup(warren, queue, httpGroup(1, "http://127.0.0.1:" + closedPort + "/hook", retry(2, 100)));
            publish(warren, queue, Map.of("order", 12));

            Message dead = deadLetter(queue, Duration.ofSeconds(10));
            assertEquals("2", header(dead, "x-warren-attempts"), "a connection error is retried");
            String error = header(dead, "x-warren-error");
            assertTrue(error != null && error.toLowerCase(Locale.ROOT).contains("connect"), "x-warren-error: " + error);
            assertNull(header(dead, "x-warren-last-status"), "no status: nothing answered");
        } finally {
            deleteQueue(warren, queue);
        }
    }

    @Test
    void deletingAQueueAlsoRemovesTheRetriesWaitingForIt() {
        String queue = declaredQueue(warren, "retry-delete");
        try (TargetServer target = TargetServer.start(request -> Answer.status(503))) {
            putGroup(warren, queue, httpGroup(1, target.url(), retry(3, 5000)));
            String id = publish(warren, queue, Map.of("order", 13));
            await("the first attempt").atMost(Duration.ofSeconds(5)).until(() -> target.attemptsOf(id).size() == 1);
            String waitQueue = queue + ".wait.5000";
            await("the task waits on the broker").atMost(Duration.ofSeconds(2))
                    .until(() -> broker().ready(waitQueue) == 1);

            assertEquals(204, warren.http.delete("/api/queues/" + queue).status());
            assertEquals(false, broker().exists(queue), "the queue is gone");
            assertEquals(false, broker().exists(queue + ".dlq"), "its dead-letter queue is gone");
            assertEquals(false, broker().exists(waitQueue), "its wait queue is gone");
        } finally {
            broker().admin().deleteQueue(queue + ".wait.5000");
            deleteQueue(warren, queue);
        }
    }

    @Test
    void aTaskInFlightWhileWarrenRestartsIsDeliveredOnce() throws Exception {
        String queue = declaredQueue(warren, "restart-inflight");
        try (TargetServer target = TargetServer.start(request -> Answer.ok().after(1500))) {
            putGroup(warren, queue, httpGroup(1, target.url(), retry(3, 100)));
            String id = publish(warren, queue, Map.of("order", 14));
            await("the task in flight").atMost(Duration.ofSeconds(5)).until(() -> target.attemptsOf(id).size() == 1);

            warren = warren.restart();

            awaitConsumers(queue, 1, Duration.ofSeconds(5));
            await("nothing delivered again").during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
                    .until(() -> target.attemptsOf(id).size() == 1 && broker().ready(queue) == 0);
            assertEquals(0, broker().ready(queue + ".dlq"), "nothing dead-lettered");
        } finally {
            deleteQueue(warren, queue);
        }
    }
}
