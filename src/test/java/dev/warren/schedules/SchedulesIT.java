package dev.warren.schedules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.support.Http;
import dev.warren.support.TestBroker;
import dev.warren.support.WarrenCalls;
import dev.warren.support.WarrenPerClass;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Schedules through the API: defined, validated, guarded by roles, and publishing on time through the tracked path. */
class SchedulesIT extends WarrenPerClass {

    private static final String NEVER = "0 0 0 1 1 ? 2099";

    private static String body(String cron, String queue, Object payload) {
        return Http.json(Map.of("cron", cron, "queue", queue, "payload", payload));
    }

    private static String problemField(Http.Response response) {
        return response.json().path("errors").path(0).path("field").asText();
    }

    @Test
    void schedulesAreDefinedValidatedListedAndDeleted() {
        String queue = WarrenCalls.declaredQueue(warren, "sched-crud");
        String name = TestBroker.uniqueName("crud");
        try {
            Http.Response badCron = warren.http.put("/api/schedules/" + name, body("every second", queue, 1));
            assertEquals(400, badCron.status(), badCron.body());
            assertEquals("cron", problemField(badCron));
            Http.Response junkYear = warren.http.put("/api/schedules/" + name,
                    body("0 0 0 1 1 ? 2099&trigger.repeatCount=1", queue, 1));
            assertEquals(400, junkYear.status(), "Quartz alone would read the year 2099: " + junkYear.body());
            assertEquals("cron", problemField(junkYear));
            Http.Response badZone = warren.http.put("/api/schedules/" + name, Http.json(Map.of("cron", NEVER,
                    "timeZone", "Mars/Olympus", "queue", queue, "payload", 1)));
            assertEquals("timeZone", problemField(badZone), badZone.body());
            Http.Response noQueue = warren.http.put("/api/schedules/" + name, Http.json(Map.of("cron", NEVER, "payload", 1)));
            assertEquals("queue", problemField(noQueue), noQueue.body());
            Http.Response badName = warren.http.put("/api/schedules/amq.x", body(NEVER, queue, 1));
            assertEquals("name", problemField(badName), badName.body());
            Http.Response unknownQueue = warren.http.put("/api/schedules/" + name, body(NEVER, queue + "-none", 1));
            assertEquals(404, unknownQueue.status(), unknownQueue.body());
            assertEquals(404, warren.http.get("/api/schedules/" + name).status(), "nothing was stored");

            Http.Response created = warren.http.put("/api/schedules/" + name, Http.json(Map.of("cron", "0 0 9 * * ?",
                    "timeZone", "Europe/Berlin", "queue", queue, "payload", Map.of("report", "daily"))));
            assertEquals(201, created.status(), created.body());
            assertEquals("/api/schedules/" + name, created.location());
            JsonNode view = created.json();
            assertEquals("active", view.path("state").asText());
            assertEquals("skip", view.path("missedRuns").asText());
            Instant next = Instant.parse(view.path("nextRunAt").asText());
            assertTrue(next.isAfter(Instant.now()), view.toString());
            assertEquals(0, next.atZone(java.time.ZoneId.of("Europe/Berlin")).getMinute());
            assertEquals(9, next.atZone(java.time.ZoneId.of("Europe/Berlin")).getHour());

            Http.Response redefined = warren.http.put("/api/schedules/" + name, Http.json(Map.of("cron", NEVER,
                    "queue", queue, "payload", 2, "paused", true)));
            assertEquals(200, redefined.status(), redefined.body());
            assertEquals("paused", redefined.json().path("state").asText());
            assertTrue(redefined.json().path("nextRunAt").isNull(), redefined.body());

            JsonNode list = warren.http.get("/api/schedules?limit=1000").json();
            assertTrue(list.path("items").findValuesAsText("name").contains(name), list.toString());

            String viewer = WarrenCalls.newKey(warren, "viewer");
            assertEquals(200, warren.http.withKey(viewer).get("/api/schedules/" + name).status());
            assertEquals(403, warren.http.withKey(viewer).post("/api/schedules/" + name + "/resume").status());
            String publisher = WarrenCalls.newKey(warren, "publisher");
            assertEquals(403, warren.http.withKey(publisher).put("/api/schedules/" + name, body(NEVER, queue, 3)).status());
            String other = WarrenCalls.newKey(warren, "operator", "elsewhere-*");
            assertEquals(404, warren.http.withKey(other).get("/api/schedules/" + name).status(), "not its queue");
            assertFalse(warren.http.withKey(other).get("/api/schedules?limit=1000").json().path("items")
                    .findValuesAsText("name").contains(name));
            assertEquals(404, warren.http.withKey(other).delete("/api/schedules/" + name).status());
            assertEquals(403, warren.http.withKey(other).put("/api/schedules/" + TestBroker.uniqueName("x"),
                    body(NEVER, queue, 3)).status());
            String mine = WarrenCalls.newKey(warren, "operator", queue);
            Http.Response byScoped = warren.http.withKey(mine).put("/api/schedules/" + name, body(NEVER, queue, 4));
            assertEquals(200, byScoped.status(), byScoped.body());
            assertEquals("paused", byScoped.json().path("state").asText(), "a PUT without 'paused' keeps it paused");
            Http.Response resumed = warren.http.put("/api/schedules/" + name, Http.json(Map.of("cron", NEVER,
                    "queue", queue, "payload", 5, "paused", false)));
            assertEquals("active", resumed.json().path("state").asText(), "'paused': false resumes it: " + resumed.body());

            assertEquals(204, warren.http.delete("/api/schedules/" + name).status());
            assertEquals(404, warren.http.get("/api/schedules/" + name).status());
            assertEquals(404, warren.http.delete("/api/schedules/" + name).status());
        } finally {
            warren.http.delete("/api/schedules/" + name);
            broker.deleteQueues(queue, queue + ".dlq");
        }
    }

    @Test
    void runNowPublishesOneTrackedRunOfOneTaskOrABatch() {
        String queue = WarrenCalls.declaredQueue(warren, "sched-now");
        String single = TestBroker.uniqueName("now");
        String batch = TestBroker.uniqueName("now-batch");
        try {
            assertEquals(201, warren.http.put("/api/schedules/" + single, body(NEVER, queue, Map.of("n", 1))).status());
            Http.Response ran = warren.http.post("/api/schedules/" + single + "/run");
            assertEquals(202, ran.status(), ran.body());
            JsonNode lastIds = ran.json().path("lastJobIds");
            assertEquals(1, lastIds.size(), ran.body());
            assertEquals(1, ran.json().path("runs").asInt());
            assertEquals(200, warren.http.get("/api/jobs/" + lastIds.path(0).asText()).status(), "a tracked job");

            Http.Response putBatch = warren.http.put("/api/schedules/" + batch, Http.json(Map.of("cron", NEVER,
                    "queue", queue, "tasks", List.of(Map.of("payload", "a"), Map.of("payload", "b", "delayMs", 0)))));
            assertEquals(201, putBatch.status(), putBatch.body());
            Http.Response ranBatch = warren.http.post("/api/schedules/" + batch + "/run");
            assertEquals(202, ranBatch.status(), ranBatch.body());
            assertEquals(2, ranBatch.json().path("lastJobIds").size(), ranBatch.body());

            await().atMost(Duration.ofSeconds(5)).until(() -> broker.ready(queue) == 3);
        } finally {
            warren.http.delete("/api/schedules/" + single);
            warren.http.delete("/api/schedules/" + batch);
            broker.deleteQueues(queue, queue + ".dlq");
        }
    }

    @Test
    void deletingItsQueuePausesAScheduleWithTheReasonUntilItIsResumed() {
        String queue = WarrenCalls.declaredQueue(warren, "sched-gone");
        String name = TestBroker.uniqueName("gone");
        try {
            assertEquals(201, warren.http.put("/api/schedules/" + name, body("* * * * * ?", queue, 1)).status());
            assertEquals(204, warren.http.delete("/api/queues/" + queue).status());

            JsonNode paused = warren.http.get("/api/schedules/" + name).json();
            assertEquals("paused", paused.path("state").asText(), paused.toString());
            assertTrue(paused.path("nextRunAt").isNull(), paused.toString());
            assertTrue(paused.path("lastError").asText().contains("queue " + queue + " was deleted"), paused.toString());

            // declared again, the queue gets nothing from the schedule until someone resumes it
            assertEquals(201, warren.http.put("/api/queues/" + queue, "{}").status());
            long runs = paused.path("runs").asLong();
            await("nothing published while paused").during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                    .until(() -> broker.ready(queue) == 0);
            assertEquals(runs, warren.http.get("/api/schedules/" + name).json().path("runs").asLong());

            assertEquals(200, warren.http.post("/api/schedules/" + name + "/resume").status());
            await("runs again").atMost(Duration.ofSeconds(5)).until(() -> broker.ready(queue) >= 1);
        } finally {
            warren.http.delete("/api/schedules/" + name);
            broker.deleteQueues(queue, queue + ".dlq");
        }
    }

    @Test
    void aScheduleEverySecondPublishesSixtyTimesAMinuteAndPauseAndResumeStopAndRestartIt() throws Exception {
        String queue = WarrenCalls.declaredQueue(warren, "sched-second");
        String name = TestBroker.uniqueName("every-second");
        try {
            Http.Response created = warren.http.put("/api/schedules/" + name,
                    body("* * * * * ?", queue, Map.of("tick", true)));
            assertEquals(201, created.status(), created.body());
            Instant start = Instant.parse(created.json().path("nextRunAt").asText()).minusSeconds(1);
            Instant end = start.plusSeconds(60);
            await("a minute of runs").atMost(Duration.ofSeconds(75)).pollInterval(Duration.ofMillis(100))
                    .until(() -> !Instant.now().isBefore(end));
            Http.Response paused = warren.http.post("/api/schedules/" + name + "/pause");
            assertEquals(200, paused.status(), paused.body());
            assertEquals("paused", paused.json().path("state").asText());

            // what the broker holds once the last confirmed publish is in
            await().atMost(Duration.ofSeconds(5)).until(() -> broker.ready(queue) == warren.http
                    .get("/api/schedules/" + name).json().path("runs").asLong());
            long runs = warren.http.get("/api/schedules/" + name).json().path("runs").asLong();
            assertTrue(runs >= 59 && runs <= 61, "runs in a minute: " + runs);
            List<Message> messages = broker.drain(queue);
            Set<String> ids = new HashSet<>();
            messages.forEach(m -> ids.add(m.getMessageProperties().getMessageId()));
            assertEquals(messages.size(), ids.size(), "no run published twice");
            assertEquals(runs, messages.size());
            JsonNode jobs = warren.http.get("/api/jobs?queue=" + queue + "&limit=1000").json().path("items");
            assertEquals(runs, jobs.size(), "each run is a tracked job");

            // paused: nothing more for a few runs' time
            await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> true);
            assertEquals(0, broker.ready(queue), "no run while paused");

            Http.Response resumed = warren.http.post("/api/schedules/" + name + "/resume");
            assertEquals(200, resumed.status(), resumed.body());
            assertEquals("active", resumed.json().path("state").asText());
            await("runs again").atMost(Duration.ofSeconds(5)).until(() -> broker.ready(queue) >= 2);
            JsonNode view = warren.http.get("/api/schedules/" + name).json();
            assertTrue(view.path("lastError").isNull(), view.toString());
            assertEquals(1, view.path("lastJobIds").size(), view.toString());
        } finally {
            warren.http.delete("/api/schedules/" + name);
            broker.deleteQueues(queue, queue + ".dlq");
        }
    }
}
