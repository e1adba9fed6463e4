package dev.warren.instances;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.store.Store;
import dev.warren.support.Http;
import dev.warren.support.RunningWarren;
import dev.warren.support.TargetServer;
import dev.warren.support.TestBroker;
import dev.warren.support.TestStore;
import dev.warren.workers.WorkerGroupConfig;
import dev.warren.workers.WorkerGroupStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.warren.support.WarrenCalls.atOnce;
import static dev.warren.support.WarrenCalls.declaredQueue;
import static dev.warren.support.WarrenCalls.putGroup;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Changes of one worker group made at the same moment through two instances on one PostgreSQL schema all apply, one
 * after another on the stored version: none is lost to another instance's stale copy, and a deleted group stays deleted.
 */
class GroupChangesOnTwoInstancesIT {

    private static final int ROUNDS = 3;

    @Test
    void scalesAndAPauseMadeAtOnceThroughTwoInstancesAllApply() throws Exception {
        TestBroker broker = TestBroker.get();
        Map<String, String> schema = TestStore.postgres().freshSchema();
        String queue = null;
        try (TargetServer target = TargetServer.start();
             RunningWarren a = RunningWarren.start(schema);
             RunningWarren b = RunningWarren.start(schema)) {
            queue = declaredQueue(a, "group-changes");
            String workers = "/api/queues/" + queue + "/workers";
            putGroup(a, queue, Map.of("count", 5, "type", "http", "target", Map.of("url", target.url("/one"))));
            awaitAgreed(a, b, queue, 5, "running");

            for (int round = 0; round < ROUNDS; round++) {
                // counts no earlier round used, so a count left over from a lost scale shows
                List<Integer> counts = java.util.stream.IntStream.rangeClosed(20 * round + 1, 20 * round + 8).boxed().toList();
                List<Callable<Http.Response>> changes = new ArrayList<>();
                for (int i = 0; i < counts.size(); i++) {
                    RunningWarren through = i % 2 == 0 ? a : b;
                    String body = "{\"count\":" + counts.get(i) + "}";
                    changes.add(() -> through.http.post(workers + "/scale", body));
                }
                RunningWarren pausing = round % 2 == 0 ? b : a;
                changes.add(() -> pausing.http.post(workers + "/pause"));
                for (Http.Response answer : atOnce(changes)) {
                    assertEquals(200, answer.status(), answer.body());
                }

                WorkerGroupConfig stored = stored(a, queue).orElseThrow();
                assertEquals(WorkerGroupConfig.State.PAUSED, stored.state(), "the pause is kept: " + stored);
                assertTrue(counts.contains(stored.count()), "the count is one of the scales " + counts + ": " + stored);
                awaitAgreed(a, b, queue, stored.count(), "paused");
                assertEquals(0, broker.consumers(queue), "no consumer runs while paused");

                RunningWarren resuming = pausing == a ? b : a;
                assertEquals(200, resuming.http.post(workers + "/resume").status());
                awaitAgreed(a, b, queue, stored.count(), "running");
            }

            // a new target set through A while B scales again and again until A answered: both kept, the new target everywhere
            ExecutorService threads = Executors.newSingleThreadExecutor();
            try {
                Future<Http.Response> put = threads.submit(() -> a.http.put(workers, Http.json(Map.of("count", 5,
                        "type", "http", "prefetch", 3, "target", Map.of("url", target.url("/two"))))));
                int scales = 0;
                do {
                    Http.Response scaled = b.http.post(workers + "/scale", "{\"count\":" + (2 + scales++ % 2) + "}");
                    assertEquals(200, scaled.status(), scaled.body());
                } while (!put.isDone());
                assertEquals(200, put.get().status(), put.get().body());
                assertEquals(200, b.http.post(workers + "/scale", "{\"count\":2}").status());
            } finally {
                threads.shutdownNow();
            }
            WorkerGroupConfig stored = stored(b, queue).orElseThrow();
            assertEquals(target.url("/two"), stored.target().url(), "the new target is kept: " + stored);
            assertEquals(3, stored.prefetch(), stored.toString());
            assertEquals(2, stored.count(), "the last scale is kept: " + stored);
            awaitAgreed(a, b, queue, stored.count(), "running");
            for (RunningWarren instance : List.of(a, b)) {
                JsonNode view = instance.http.get(workers).json();
                assertEquals(target.url("/two"), view.path("target").path("url").asText(), view.toString());
                assertEquals(3, view.path("prefetch").asInt(), view.toString());
            }
        } finally {
            if (queue != null) {
                broker.deleteQueues(queue, queue + ".dlq");
            }
        }
    }

    @Test
    void aGroupDeletedWhileAnotherInstanceScalesItStaysDeleted() throws Exception {
        TestBroker broker = TestBroker.get();
        Map<String, String> schema = TestStore.postgres().freshSchema();
        List<String> queues = new ArrayList<>();
        try (TargetServer target = TargetServer.start();
             RunningWarren a = RunningWarren.start(schema);
             RunningWarren b = RunningWarren.start(schema)) {
            for (int round = 0; round < ROUNDS; round++) {
                String queue = declaredQueue(a, "group-delete-race");
                queues.add(queue);
                String workers = "/api/queues/" + queue + "/workers";
                putGroup(a, queue, Map.of("count", 4, "type", "http", "target", Map.of("url", target.url())));
                awaitAgreed(a, b, queue, 4, "running");

                List<Callable<Http.Response>> changes = new ArrayList<>();
                changes.add(() -> a.http.delete(workers));
                for (int count = 1; count <= 6; count++) {
                    String body = "{\"count\":" + count + "}";
                    changes.add(() -> b.http.post(workers + "/scale", body));
                }
                List<Http.Response> answers = atOnce(changes);
                assertEquals(204, answers.get(0).status(), answers.get(0).body());
                answers.subList(1, answers.size()).forEach(answer ->
                        assertTrue(answer.status() == 200 || answer.status() == 404, answer.status() + " " + answer.body()));

                assertEquals(Optional.empty(), stored(a, queue), "no group stored after the delete");
                assertEquals(404, b.http.post(workers + "/scale", "{\"count\":3}").status(), "a later scale finds no group");
                await("no group on either instance, no consumer").atMost(Duration.ofSeconds(10))
                        .pollInterval(Duration.ofMillis(50)).until(() -> a.http.get(workers).status() == 404
                                && b.http.get(workers).status() == 404 && broker.consumers(queue) == 0);
                assertEquals(Optional.empty(), stored(b, queue), "still no group stored");
            }
        } finally {
            queues.forEach(queue -> broker.deleteQueues(queue, queue + ".dlq"));
        }
    }

    /** Waits until the store, both instances' views and the broker agree on the group's count and state. */
    private static void awaitAgreed(RunningWarren a, RunningWarren b, String queue, int count, String state) {
        int consumers = state.equals("running") ? count : 0;
        await("both instances show " + count + " " + state + ", " + consumers + " consumer(s) on the broker")
                .atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).until(() ->
                        shows(a, queue, count, state, consumers) && shows(b, queue, count, state, consumers)
                                && TestBroker.get().consumers(queue) == consumers);
    }

    private static boolean shows(RunningWarren instance, String queue, int count, String state, int consumers) {
        JsonNode view = instance.http.get("/api/queues/" + queue + "/workers").json();
        int running = 0;
        for (JsonNode share : view.path("instances")) {
            running += share.path("running").asInt();
        }
        return view.path("count").asInt() == count && view.path("state").asText().equals(state) && running == consumers;
    }

    private static Optional<WorkerGroupConfig> stored(RunningWarren instance, String queue) {
        Store store = instance.camel().getRegistry().lookupByNameAndType("store", Store.class);
        return new WorkerGroupStore(store).find(queue);
    }
}
