package dev.warren.security;

import dev.warren.store.Store;
import dev.warren.support.RunningWarren;
import dev.warren.support.TargetServer;
import dev.warren.workers.Target;
import dev.warren.workers.WorkerGroupConfig;
import dev.warren.workers.WorkerGroupStore;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.warren.security.SecurityFixtures.broker;
import static dev.warren.support.WarrenCalls.declaredQueue;
import static dev.warren.support.WarrenCalls.group;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A group stored before parameters were checked (with a value Camel would read as a placeholder) is not made again
 * at start-up: it stays listed without consumers, asks to be PUT again, and its value is never substituted.
 */
class StoredGroupRestoreIT {

    @Test
    void aStoredGroupWithAHostileParameterIsNotRestored() throws Exception {
        Path routes = SecurityFixtures.routesWithLabelledType();
        RunningWarren warren = SecurityFixtures.warrenOn(routes);
        String queue = declaredQueue(warren, "stored-hostile");
        try (TargetServer target = TargetServer.start()) {
            Store store = warren.camel().getRegistry().lookupByNameAndType("store", Store.class);
            new WorkerGroupStore(store).put(queue, stored -> new WorkerGroupConfig(queue, "labelled", 1, 1,
                    new Target(target.url("/hook"), null, null, null).withDefaults(),
                    dev.warren.workers.RetryPolicy.DEFAULT.withDefaults(), Map.of("label", "{{warren.store.password}}"),
                    WorkerGroupConfig.State.RUNNING, null, null, null, null, null));
            warren = warren.restart();

            assertEquals(0, broker().consumers(queue), "no consumer was started");
            String problem = group(warren, queue).path("error").asText();
            assertTrue(problem.contains("set the group again"), "the group says it could not be made: " + group(warren, queue));
            broker().publish(queue, "{\"n\":1}");
            // the queue keeps its task: nothing consumes it, nothing posts the password anywhere
            assertEquals(1L, (long) org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> broker().ready(queue), n -> n == 1));
            assertEquals(List.of(), target.requests(), "the target heard nothing");
        } finally {
            warren.http.delete("/api/queues/" + queue);
            broker().deleteQueues(queue);
            warren.close();
            try (var files = Files.list(routes)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(routes);
        }
    }
}
