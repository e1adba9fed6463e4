package dev.warren.schedules;

import dev.warren.support.Http;
import dev.warren.support.RunningWarren;
import dev.warren.support.TestBroker;
import dev.warren.support.TestStore;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two warren instances on one PostgreSQL schema publish each run of a schedule once, also when the instance that ran
 * the schedules stops halfway and the other takes over.
 */
class SchedulesOnTwoInstancesIT {

    @Test
    void eachRunIsPublishedOnceByTwoInstancesAndSurvivesOneStopping() throws Exception {
        TestBroker broker = TestBroker.get();
        Map<String, String> schema = TestStore.postgres().freshSchema();
        String queue = TestBroker.uniqueName("sched-two");
        String name = TestBroker.uniqueName("two");
        RunningWarren a = RunningWarren.start(schema);
        try (RunningWarren b = RunningWarren.start(schema)) {
            assertEquals(201, a.http.put("/api/queues/" + queue, "{}").status());
            // "all": however long A takes to stop, the runs B finds late are made up, so the count does not hang on it
            Http.Response created = a.http.put("/api/schedules/" + name, Http.json(Map.of("cron", "* * * * * ?",
                    "queue", queue, "payload", Map.of("tick", true), "missedRuns", "all")));
            assertEquals(201, created.status(), created.body());
            Instant firstRun = Instant.parse(created.json().path("nextRunAt").asText());
            assertEquals(200, b.http.get("/api/schedules/" + name).status(), "B sees what A defined");

            await("half a minute of runs").atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(100))
                    .until(() -> !Instant.now().isBefore(firstRun.plusSeconds(30)));
            a.close();
            a = null;
            long runsWhenAStopped = b.http.get("/api/schedules/" + name).json().path("runs").asLong();
            await("B publishes runs on its own to the end of the minute").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> b.http.get("/api/schedules/" + name).json().path("runs").asLong() >= runsWhenAStopped + 10
                            && !Instant.now().isBefore(firstRun.plusMillis(59_500)));
            Instant beforePause = Instant.now();
            assertEquals(200, b.http.post("/api/schedules/" + name + "/pause").status());
            Instant afterPause = Instant.now();

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertEquals(
                    b.http.get("/api/schedules/" + name).json().path("runs").asLong(), broker.ready(queue),
                    "one message on the queue per run counted (runs when A stopped: " + runsWhenAStopped + ")"));
            List<Message> messages = broker.drain(queue);
            Set<String> ids = new HashSet<>();
            messages.forEach(m -> ids.add(m.getMessageProperties().getMessageId()));
            assertEquals(messages.size(), ids.size(), "no run published twice");
            // one run per second from the first to the pause (59-61 in the minute when A stopped promptly), give or
            // take the tick that was under way
            long least = Duration.between(firstRun, beforePause).toSeconds();
            long most = Duration.between(firstRun, afterPause).toSeconds() + 2;
            assertTrue(messages.size() >= least && messages.size() <= most,
                    "runs from " + firstRun + " to the pause at " + beforePause + ": " + messages.size());
            assertEquals(messages.size(), b.http.get("/api/jobs?queue=" + queue + "&limit=1000").json()
                    .path("items").size(), "each run one tracked job");
        } finally {
            if (a != null) {
                a.close();
            }
            broker.deleteQueues(queue, queue + ".dlq");
        }
    }
}
