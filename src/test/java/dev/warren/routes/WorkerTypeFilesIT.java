package dev.warren.routes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.support.Http;
import dev.warren.support.TargetServer;
import dev.warren.support.TestBroker;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.warren.routes.RoutesFixtures.RELOAD_WITHIN;
import static dev.warren.routes.RoutesFixtures.assertApiAnswers;
import static dev.warren.routes.RoutesFixtures.assertDelivered;
import static dev.warren.support.WarrenCalls.awaitConsumers;
import static dev.warren.routes.RoutesFixtures.awaitDrained;
import static dev.warren.routes.RoutesFixtures.awaitJob;
import static dev.warren.routes.RoutesFixtures.awaitType;
import static dev.warren.routes.RoutesFixtures.broker;
import static dev.warren.support.WarrenCalls.declaredQueue;
import static dev.warren.routes.RoutesFixtures.deleteRouteFile;
import static dev.warren.routes.RoutesFixtures.fixture;
import static dev.warren.routes.RoutesFixtures.groupOnNewType;
import static dev.warren.support.WarrenCalls.group;
import static dev.warren.routes.RoutesFixtures.groupOf;
import static dev.warren.routes.RoutesFixtures.parameters;
import static dev.warren.support.WarrenCalls.publish;
import static dev.warren.support.WarrenCalls.publishBatch;
import static dev.warren.support.WarrenCalls.putGroup;
import static dev.warren.routes.RoutesFixtures.versionedHttp;
import static dev.warren.routes.RoutesFixtures.workerType;
import static dev.warren.routes.RoutesFixtures.workerTypes;
import static dev.warren.routes.RoutesFixtures.writeRouteFile;
import static dev.warren.support.Queues.deleteQueue;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Worker types are files of routes/ that an operator adds, edits, breaks, fixes and deletes while warren runs:
 * each change shows in GET /api/worker-types within seconds, and running groups follow it without losing a task.
 */
class WorkerTypeFilesIT extends WarrenOnRouteCopy {

    private static String uniqueType(String prefix) {
        return TestBroker.uniqueName(prefix);
    }

    @Test
    void aNewTypeFileIsListedWithinSecondsAndUsableByAGroup() {
        String type = uniqueType("audit");
        String queue = declaredQueue(warren, "types-added");
        try {
            assertNull(workerType(warren, type), "not there before its file");
            writeRouteFile(routes, type + ".yaml", fixture("audit.yaml", Map.of("ID", type)));

            JsonNode listed = awaitType(warren, type);
            assertEquals(routes.resolve(type + ".yaml").toString(), listed.path("file").asText(), listed.toString());
            assertTrue(listed.has("error") && listed.path("error").isNull(), listed.toString());
            assertEquals(new HashSet<>(List.of("queue", "consumers", "prefetch")), parameters(listed).keySet(),
                    "the parameters its template declares: " + listed);
            assertTrue(parameters(listed).get("queue").path("required").asBoolean(), listed.toString());

            JsonNode view = putGroup(warren, queue, groupOf(type, 2, null));
            assertEquals(type, view.path("type").asText(), view.toString());
            assertEquals(2, view.path("count").asInt(), view.toString());
            awaitConsumers(queue, 2, Duration.ofSeconds(5));
            List<Map<String, Object>> payloads = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                payloads.add(Map.of("n", i));
            }
            List<String> ids = publishBatch(warren, queue, payloads);
            awaitDrained(warren, queue, Duration.ofSeconds(10));
            await("10 tasks done by the new type").atMost(Duration.ofSeconds(5))
                    .until(() -> group(warren, queue).path("succeeded").asLong() == 10);
            awaitJob(warren, ids.get(ids.size() - 1), "finished", Duration.ofSeconds(5));
            assertNotNull(warren.camel().getRoute("worker-" + queue), "the group's route runs");
        } finally {
            deleteQueue(warren, queue);
            deleteRouteFile(routes, type + ".yaml");
        }
    }

    @Test
    void editingATypeFileWhileTasksFlowReinstantiatesItsGroupWithoutLosingOrDoublingATask() throws Exception {
        String type = uniqueType("versioned");
        String queue = declaredQueue(warren, "types-edited");
        String bystander = declaredQueue(warren, "types-bystander");
        int total = 300;
        ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor();
        try (TargetServer target = TargetServer.start(request -> TargetServer.Answer.ok().after(5))) {
            writeRouteFile(routes, type + ".yaml", versionedHttp(type, "1", ""));
            awaitType(warren, type);
            putGroup(warren, queue, groupOf(type, 4, target.url()));
            putGroup(warren, bystander, groupOf("log", 1, null));
            awaitConsumers(queue, 4, Duration.ofSeconds(5));
            var bystanderRoute = warren.camel().getRoute("worker-" + bystander);
            var apiRoute = warren.camel().getRoute("api-list-worker-types");
            assertNotNull(bystanderRoute, "the other group's route");
            assertNotNull(apiRoute, "the API's route for GET /api/worker-types");

            // 300 tasks, 5 every 100 ms (6 s), from another thread: the edit lands while they flow
            List<String> ids = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger batches = new AtomicInteger();
            CompletableFuture<Void> published = new CompletableFuture<>();
            ScheduledFuture<?> publishing = publisher.scheduleAtFixedRate(() -> {
                try {
                    int batch = batches.getAndIncrement();
                    if (batch * 5 >= total) {
                        published.complete(null);
                        return;
                    }
                    List<Map<String, Object>> payloads = new ArrayList<>();
                    for (int i = 0; i < 5; i++) {
                        payloads.add(Map.of("n", batch * 5 + i));
                    }
                    ids.addAll(publishBatch(warren, queue, payloads));
                } catch (Throwable e) {
                    published.completeExceptionally(e);
                }
            }, 0, 100, TimeUnit.MILLISECONDS);

            await("a first part of the tasks delivered").atMost(Duration.ofSeconds(20))
                    .until(() -> target.requests().size() >= 60);
            writeRouteFile(routes, type + ".yaml", versionedHttp(type, "2", ""));
            await("requests made by the new definition (X-Version: 2)").atMost(RELOAD_WITHIN)
                    .until(() -> !target.requestsWithHeader("X-Version", "2").isEmpty());
            boolean stillPublishing = !published.isDone();

            published.get(60, TimeUnit.SECONDS);
            publishing.cancel(false);
            assertEquals(total, ids.size(), "every task was published");
            await(total + " tasks at the target").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> target.countByWebhookId().size() >= total);
            awaitDrained(warren, queue, Duration.ofSeconds(10));

            assertEquals(new HashSet<>(ids), target.countByWebhookId().keySet(), "exactly the published tasks arrived");
            assertEquals(Map.of(), target.duplicates(), "no task delivered twice");
            assertEquals(total, target.requests().size(), "one request per task");
            List<TargetServer.Request> requests = target.requests();
            int firstNew = requests.indexOf(target.requestsWithHeader("X-Version", "2").get(0));
            assertTrue(firstNew > 0, "the old definition delivered first");
            for (TargetServer.Request request : requests.subList(0, firstNew)) {
                assertEquals("1", request.header("X-Version"), "before the edit: " + request);
            }
            for (TargetServer.Request request : requests.subList(firstNew, requests.size())) {
                assertEquals("2", request.header("X-Version"), "every request after the first new one is new: " + request);
            }
            assertTrue(stillPublishing, "the edit was taken while tasks were still being published");

            awaitConsumers(queue, 4, Duration.ofSeconds(5));
            JsonNode view = group(warren, queue);
            assertEquals(type, view.path("type").asText(), view.toString());
            assertEquals(4, view.path("count").asInt(), "the group keeps its count: " + view);
            assertEquals(4, view.path("running").asInt(), view.toString());
            assertEquals("running", view.path("state").asText(), view.toString());
            assertEquals(target.url(), view.path("target").path("url").asText(), "and its target: " + view);
            await("counters settle").atMost(Duration.ofSeconds(5))
                    .until(() -> group(warren, queue).path("succeeded").asLong() == total);
            assertEquals(0, group(warren, queue).path("failed").asLong());
            assertEquals(0, broker().ready(queue + ".dlq"), "nothing dead-lettered");

            assertSame(bystanderRoute, warren.camel().getRoute("worker-" + bystander), "a group of another type is untouched");
            assertSame(apiRoute, warren.camel().getRoute("api-list-worker-types"), "the API's routes are untouched");
        } finally {
            publisher.shutdownNow();
            deleteQueue(warren, queue);
            deleteQueue(warren, bystander);
            deleteRouteFile(routes, type + ".yaml");
        }
    }

    @Test
    void renamingATypeFileKeepsTheTypeUsableAndItsGroupDelivering() throws Exception {
        String type = uniqueType("renamed");
        String before = type + "-1.yaml";
        String after = type + "-2.yaml";
        String queue = declaredQueue(warren, "types-renamed");
        String other = declaredQueue(warren, "types-renamed-put");
        try (TargetServer target = TargetServer.start()) {
            groupOnNewType(warren, routes, before, type, queue, 2, target);
            assertDelivered(warren, target, publish(warren, queue, Map.of("before", "renaming")), "1");

            java.nio.file.Files.move(routes.resolve(before), routes.resolve(after));
            await("the type is listed from its new file without error").atMost(RELOAD_WITHIN)
                    .pollInterval(Duration.ofMillis(100)).until(() -> {
                        JsonNode listed = workerType(warren, type);
                        return listed != null && listed.path("error").isNull()
                                && routes.resolve(after).toString().equals(listed.path("file").asText());
                    });
            assertTrue(workerTypes(warren).stream().allMatch(t -> t.path("error").isNull()),
                    "no error in GET /api/worker-types: " + workerTypes(warren));
            awaitConsumers(queue, 2, Duration.ofSeconds(10));
            JsonNode view = group(warren, queue);
            assertFalse(view.hasNonNull("error"), "the group still has its type: " + view);
            assertEquals("running", view.path("state").asText(), view.toString());
            assertDelivered(warren, target, publish(warren, queue, Map.of("after", "renaming")), "1");

            putGroup(warren, other, groupOf(type, 1, target.url()));
            awaitConsumers(other, 1, Duration.ofSeconds(5));
            assertDelivered(warren, target, publish(warren, other, Map.of("new", "group")), "1");
            assertEquals(Map.of(), target.duplicates(), "no task delivered twice");
        } finally {
            deleteQueue(warren, queue);
            deleteQueue(warren, other);
            RoutesFixtures.deleteRouteFileIfPresent(routes, before);
            RoutesFixtures.deleteRouteFileIfPresent(routes, after);
        }
    }

    @Test
    void aNewTypeFileIsUsableWithinSecondsWhileAGroupOfAChangedTypeFinishesALongDelivery() {
        String slow = uniqueType("a-slow");
        String added = uniqueType("z-added");
        String queue = declaredQueue(warren, "types-slow");
        // under the test target's 10 s limit on a held request, well over a reload
        long answerAfterMs = 8_000;
        try (TargetServer target = TargetServer.start(request -> TargetServer.Answer.ok().after(answerAfterMs))) {
            groupOnNewType(warren, routes, slow + ".yaml", slow, queue, 1, target);
            String inHand = publish(warren, queue, Map.of("answered", "late"));
            await("the task in hand at the target").atMost(Duration.ofSeconds(10)).until(() -> !target.attemptsOf(inHand).isEmpty());

            writeRouteFile(routes, slow + ".yaml", versionedHttp(slow, "2", ""));
            await("the group's consumer stopping for the change, its task still in hand").atMost(RELOAD_WITHIN)
                    .pollInterval(Duration.ofMillis(50)).until(() -> group(warren, queue).path("running").asInt() == 0);
            writeRouteFile(routes, added + ".yaml", fixture("audit.yaml", Map.of("ID", added)));
            await("the new type listed").atMost(RELOAD_WITHIN).pollInterval(Duration.ofMillis(100)).until(() -> {
                JsonNode listed = workerType(warren, added);
                return listed != null && listed.path("error").isNull();
            });
            assertTrue(target.endedNanos(target.attemptsOf(inHand).get(0)).isEmpty(),
                    "the new type did not wait for the other group's delivery in hand");
            awaitJob(warren, inHand, "finished", Duration.ofSeconds(30));
            awaitConsumers(queue, 1, Duration.ofSeconds(10));
            assertEquals(1, target.attemptsOf(inHand).size(), "the task in hand was delivered once");
            assertEquals("1", target.attemptsOf(inHand).get(0).header("X-Version"), "by the definition it began with");
        } finally {
            deleteQueue(warren, queue);
            RoutesFixtures.deleteRouteFileIfPresent(routes, slow + ".yaml");
            RoutesFixtures.deleteRouteFileIfPresent(routes, added + ".yaml");
        }
    }

    @Test
    void aPausedGroupStaysPausedWhenItsTypeFileChangesAndResumesWithTheNewDefinition() {
        String type = uniqueType("paused");
        String queue = declaredQueue(warren, "types-paused");
        try (TargetServer target = TargetServer.start()) {
            writeRouteFile(routes, type + ".yaml", versionedHttp(type, "1", ""));
            awaitType(warren, type);
            putGroup(warren, queue, groupOf(type, 2, target.url()));
            awaitConsumers(queue, 2, Duration.ofSeconds(5));
            Http.Response paused = warren.http.post("/api/queues/" + queue + "/workers/pause");
            assertEquals(200, paused.status(), paused.body());
            awaitConsumers(queue, 0, Duration.ofSeconds(5));
            var before = warren.camel().getRoute("worker-" + queue);

            writeRouteFile(routes, type + ".yaml", versionedHttp(type, "2", ""));
            await("the group's route is made anew from the edited file").atMost(RELOAD_WITHIN).until(() -> {
                var route = warren.camel().getRoute("worker-" + queue);
                return route != null && route != before;
            });
            String id = publish(warren, queue, Map.of("while", "paused"));
            assertEquals("paused", group(warren, queue).path("state").asText(), "still paused after the edit");
            assertEquals(0, broker().consumers(queue), "no consumer started by the reload");
            assertEquals(1, broker().ready(queue), "the task waits in the queue");
            assertTrue(target.requests().isEmpty(), "nothing delivered while paused");

            Http.Response resumed = warren.http.post("/api/queues/" + queue + "/workers/resume");
            assertEquals(200, resumed.status(), resumed.body());
            awaitConsumers(queue, 2, Duration.ofSeconds(5));
            assertDelivered(warren, target, id, "2");
        } finally {
            deleteQueue(warren, queue);
            deleteRouteFile(routes, type + ".yaml");
        }
    }

    @Test
    void aBrokenTypeFileShowsItsErrorWhileItsGroupKeepsDeliveringWithTheLastGoodVersionUntilFixed() {
        String type = uniqueType("fragile");
        String file = type + ".yaml";
        String queue = declaredQueue(warren, "types-broken");
        String other = declaredQueue(warren, "types-broken-put");
        try (TargetServer target = TargetServer.start()) {
            groupOnNewType(warren, routes, file, type, queue, 2, target);
            assertDelivered(warren, target, publish(warren, queue, Map.of("before", "breaking")), "1");

            record Breakage(String what, String content, String errorMentions) {
            }
            List<Breakage> breakages = List.of(
                    new Breakage("invalid YAML", "- routeTemplate:\n    id: \"" + type + "\"\n    from: {uri: [\n", null),
                    new Breakage("an unknown component", versionedHttp(type, "2", "- to: \"nosuch:thing\""), "nosuch"),
                    new Breakage("a placeholder no parameter declares", versionedHttp(type, "2", "- log: \"{{missing}}\""),
                            "missing"));
            for (Breakage breakage : breakages) {
                writeRouteFile(routes, file, breakage.content());
                await("the error of " + breakage.what() + " in GET /api/worker-types").atMost(RELOAD_WITHIN)
                        .pollInterval(Duration.ofMillis(100)).until(() -> {
                            JsonNode listed = workerType(warren, type);
                            return listed != null && listed.hasNonNull("error") && (breakage.errorMentions() == null
                                    || listed.path("error").asText().contains(breakage.errorMentions()));
                        });
                JsonNode listed = workerType(warren, type);
                String error = listed.path("error").asText();
                assertFalse(error.isBlank(), breakage.what() + ": " + listed);
                assertEquals(routes.resolve(file).toString(), listed.path("file").asText(), breakage.what() + ": " + listed);

                JsonNode view = group(warren, queue);
                assertTrue(view.hasNonNull("error"), "the group shows the problem of " + breakage.what() + ": " + view);
                assertTrue(view.path("error").asText().contains(type), view.toString());
                assertTrue(view.path("error").asText().contains(error), "the group view carries the file's error: " + view);
                assertEquals(2, view.path("count").asInt(), view.toString());
                assertEquals("running", view.path("state").asText(), view.toString());

                assertDelivered(warren, target, publish(warren, queue, Map.of("while", breakage.what())), "1");
                assertApiAnswers(warren);

                Http.Response refused = warren.http.put("/api/queues/" + other + "/workers",
                        Http.json(groupOf(type, 1, target.url())));
                assertEquals(400, refused.status(), "PUT naming a type broken by " + breakage.what() + ": " + refused.body());
                assertTrue(refused.json().path("detail").asText().contains(error.length() > 60 ? error.substring(0, 60) : error),
                        "the 400 carries the error (" + error + "): " + refused.body());
                assertEquals(404, warren.http.get("/api/queues/" + other + "/workers").status(), "no group was made");
            }
            assertEquals(2, broker().consumers(queue), "the group kept its consumers throughout");

            var lastGood = warren.camel().getRoute("worker-" + queue);
            writeRouteFile(routes, file, versionedHttp(type, "3", ""));
            JsonNode fixed = awaitType(warren, type);
            assertTrue(fixed.path("error").isNull(), "fixing the file clears the error: " + fixed);
            await("the group's route is made anew from the fixed file").atMost(RELOAD_WITHIN).until(() -> {
                var route = warren.camel().getRoute("worker-" + queue);
                return route != null && route != lastGood && broker().consumers(queue) == 2;
            });
            assertDelivered(warren, target, publish(warren, queue, Map.of("after", "fixing")), "3");
            putGroup(warren, other, groupOf(type, 1, target.url()));
            assertEquals(Map.of(), target.duplicates(), "no task delivered twice");
            assertEquals(0, broker().ready(queue + ".dlq"), "nothing dead-lettered");
        } finally {
            deleteQueue(warren, queue);
            deleteQueue(warren, other);
            deleteRouteFile(routes, file);
        }
    }

    @Test
    void aGroupShowsAProblemOnlyWhileItsTypeIsBrokenOrGone() {
        String type = uniqueType("moody");
        String queue = declaredQueue(warren, "types-problem");
        String shipped = declaredQueue(warren, "types-problem-log");
        try {
            JsonNode log = putGroup(warren, shipped, groupOf("log", 1, null));
            assertFalse(log.hasNonNull("error"), "a group of a shipped type has no problem: " + log);

            writeRouteFile(routes, type + ".yaml", fixture("audit.yaml", Map.of("ID", type)));
            awaitType(warren, type);
            JsonNode healthy = putGroup(warren, queue, groupOf(type, 1, null));
            assertFalse(healthy.hasNonNull("error"), "a group of a healthy type has no problem: " + healthy);

            writeRouteFile(routes, type + ".yaml", "- routeTemplate:\n    id: \"" + type + "\"\n    from: {uri: [\n");
            await("the group shows the broken file").atMost(RELOAD_WITHIN)
                    .until(() -> group(warren, queue).path("error").asText().contains("' is broken ("));

            writeRouteFile(routes, type + ".yaml", fixture("audit.yaml", Map.of("ID", type)));
            await("fixing the file clears the group's problem").atMost(RELOAD_WITHIN)
                    .until(() -> !group(warren, queue).hasNonNull("error"));

            deleteRouteFile(routes, type + ".yaml");
            await("the group says its type is gone").atMost(RELOAD_WITHIN)
                    .until(() -> group(warren, queue).path("error").asText().contains("no longer defined"));
            assertFalse(group(warren, shipped).hasNonNull("error"), "other groups are unaffected");
        } finally {
            deleteQueue(warren, queue);
            deleteQueue(warren, shipped);
            if (routes.resolve(type + ".yaml").toFile().exists()) {
                deleteRouteFile(routes, type + ".yaml");
            }
        }
    }

    @Test
    void aNewFileThatDoesNotLoadIsListedUnderItsFileNameWithItsError() {
        String name = uniqueType("unparsable");
        String queue = declaredQueue(warren, "types-unparsable");
        try {
            writeRouteFile(routes, name + ".yaml", "- routeTemplate:\n    id: \"" + name + "\"\n    from: {uri: [\n");
            await("the broken file in GET /api/worker-types").atMost(RELOAD_WITHIN).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        JsonNode listed = workerType(warren, name);
                        return listed != null && listed.hasNonNull("error");
                    });
            JsonNode listed = workerType(warren, name);
            assertEquals(routes.resolve(name + ".yaml").toString(), listed.path("file").asText(), listed.toString());
            Http.Response refused = warren.http.put("/api/queues/" + queue + "/workers", Http.json(groupOf(name, 1, null)));
            assertEquals(400, refused.status(), "PUT naming it: " + refused.body());
            assertApiAnswers(warren);

            deleteRouteFile(routes, name + ".yaml");
            await("the broken file's entry is gone with it").atMost(RELOAD_WITHIN).pollInterval(Duration.ofMillis(100))
                    .until(() -> workerType(warren, name) == null);
        } finally {
            deleteQueue(warren, queue);
            if (routes.resolve(name + ".yaml").toFile().exists()) {
                deleteRouteFile(routes, name + ".yaml");
            }
        }
    }

    @Test
    void deletingATypeFileRemovesTheTypeWhileItsGroupReportsItAndKeepsDelivering() {
        String type = uniqueType("doomed");
        String queue = declaredQueue(warren, "types-deleted");
        String other = declaredQueue(warren, "types-deleted-put");
        try (TargetServer target = TargetServer.start()) {
            writeRouteFile(routes, type + ".yaml", versionedHttp(type, "1", ""));
            awaitType(warren, type);
            putGroup(warren, queue, groupOf(type, 3, target.url()));
            awaitConsumers(queue, 3, Duration.ofSeconds(5));
            assertDelivered(warren, target, publish(warren, queue, Map.of("before", "deleting")), "1");

            deleteRouteFile(routes, type + ".yaml");
            await("the type is gone from GET /api/worker-types").atMost(RELOAD_WITHIN).pollInterval(Duration.ofMillis(100))
                    .until(() -> workerType(warren, type) == null);
            assertNotNull(workerType(warren, "http"), "the other types stay: " + workerTypes(warren));

            JsonNode view = group(warren, queue);
            assertTrue(view.path("error").asText().contains("no longer defined"), "the group reports it: " + view);
            assertTrue(view.path("error").asText().contains(type), view.toString());
            assertEquals(3, view.path("count").asInt(), view.toString());
            assertEquals("running", view.path("state").asText(), view.toString());
            assertEquals(3, broker().consumers(queue), "its consumers keep running");
            List<String> ids = publishBatch(warren, queue, List.of(Map.of("after", 1), Map.of("after", 2), Map.of("after", 3)));
            for (String id : ids) {
                assertDelivered(warren, target, id, "1");
            }
            assertApiAnswers(warren);
            Http.Response refused = warren.http.put("/api/queues/" + other + "/workers",
                    Http.json(groupOf(type, 1, target.url())));
            assertEquals(400, refused.status(), "PUT naming a deleted type: " + refused.body());
            assertEquals(Map.of(), target.duplicates(), "no task delivered twice");
        } finally {
            deleteQueue(warren, queue);
            deleteQueue(warren, other);
        }
    }
}
