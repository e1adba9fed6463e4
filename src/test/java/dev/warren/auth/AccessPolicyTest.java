package dev.warren.auth;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccessPolicyTest {

    private final AccessPolicy policy = new AccessPolicy(false);

    /** Every operation of the OpenAPI document (and the pages outside it) with the role it needs. */
    private static final Map<String, Role> TABLE = Map.ofEntries(
            Map.entry("GET /api/queues", Role.VIEWER),
            Map.entry("GET /api/queues/q", Role.VIEWER),
            Map.entry("PUT /api/queues/q", Role.OPERATOR),
            Map.entry("DELETE /api/queues/q", Role.OPERATOR),
            Map.entry("POST /api/queues/q/purge", Role.OPERATOR),
            Map.entry("POST /api/queues/q/tasks", Role.PUBLISHER),
            Map.entry("POST /api/queues/q/tasks/batch", Role.PUBLISHER),
            Map.entry("GET /api/schedules", Role.VIEWER),
            Map.entry("GET /api/schedules/s", Role.VIEWER),
            Map.entry("PUT /api/schedules/s", Role.OPERATOR),
            Map.entry("DELETE /api/schedules/s", Role.OPERATOR),
            Map.entry("POST /api/schedules/s/pause", Role.OPERATOR),
            Map.entry("POST /api/schedules/s/resume", Role.OPERATOR),
            Map.entry("POST /api/schedules/s/run", Role.OPERATOR),
            Map.entry("GET /api/workers", Role.VIEWER),
            Map.entry("GET /api/worker-types", Role.VIEWER),
            Map.entry("GET /api/queues/q/workers", Role.VIEWER),
            Map.entry("PUT /api/queues/q/workers", Role.OPERATOR),
            Map.entry("DELETE /api/queues/q/workers", Role.OPERATOR),
            Map.entry("POST /api/queues/q/workers/scale", Role.OPERATOR),
            Map.entry("POST /api/queues/q/workers/pause", Role.OPERATOR),
            Map.entry("POST /api/queues/q/workers/resume", Role.OPERATOR),
            Map.entry("GET /api/topics", Role.VIEWER),
            Map.entry("PUT /api/topics/t", Role.OPERATOR),
            Map.entry("DELETE /api/topics/t", Role.OPERATOR),
            Map.entry("POST /api/topics/t/subscribers", Role.OPERATOR),
            Map.entry("GET /api/topics/t/subscribers", Role.VIEWER),
            Map.entry("DELETE /api/topics/t/subscribers/s", Role.OPERATOR),
            Map.entry("POST /api/topics/t/messages", Role.PUBLISHER),
            Map.entry("GET /api/topics/t/subscribers/s/messages", Role.PUBLISHER),
            Map.entry("GET /api/kafka/topics", Role.VIEWER),
            Map.entry("GET /api/kafka/topics/t", Role.VIEWER),
            Map.entry("PUT /api/kafka/topics/t", Role.OPERATOR),
            Map.entry("DELETE /api/kafka/topics/t", Role.OPERATOR),
            Map.entry("POST /api/kafka/topics/t/messages", Role.PUBLISHER),
            Map.entry("POST /api/kafka/topics/t/messages/batch", Role.PUBLISHER),
            Map.entry("GET /api/kafka/topics/t/messages", Role.PUBLISHER),
            Map.entry("GET /api/kafka/topics/t/workers", Role.VIEWER),
            Map.entry("PUT /api/kafka/topics/t/workers", Role.OPERATOR),
            Map.entry("POST /api/kafka/topics/t/workers/scale", Role.OPERATOR),
            Map.entry("POST /api/kafka/topics/t/workers/pause", Role.OPERATOR),
            Map.entry("POST /api/kafka/topics/t/workers/resume", Role.OPERATOR),
            Map.entry("DELETE /api/kafka/topics/t/workers", Role.OPERATOR),
            Map.entry("GET /api/exchanges", Role.VIEWER),
            Map.entry("PUT /api/exchanges/e", Role.OPERATOR),
            Map.entry("DELETE /api/exchanges/e", Role.OPERATOR),
            Map.entry("POST /api/exchanges/e/bindings", Role.OPERATOR),
            Map.entry("DELETE /api/exchanges/e/bindings", Role.OPERATOR),
            Map.entry("POST /api/exchanges/e/publish", Role.PUBLISHER),
            Map.entry("GET /api/connections", Role.VIEWER),
            Map.entry("GET /api/consumers", Role.VIEWER),
            Map.entry("GET /api/jobs", Role.VIEWER),
            Map.entry("GET /api/jobs/j", Role.VIEWER),
            Map.entry("POST /api/jobs/j/cancel", Role.OPERATOR),
            Map.entry("POST /api/jobs/j/retry", Role.OPERATOR),
            Map.entry("POST /api/jobs/retry", Role.OPERATOR),
            Map.entry("GET /api/queues/q/dead-letters", Role.VIEWER),
            Map.entry("POST /api/queues/q/dead-letters/replay", Role.OPERATOR),
            Map.entry("POST /queue/scale/q", Role.OPERATOR),
            Map.entry("POST /queue/publish/q", Role.PUBLISHER),
            Map.entry("POST /queue/clear/q", Role.OPERATOR),
            Map.entry("GET /queue/workers", Role.VIEWER),
            Map.entry("GET /queue/workers/q", Role.VIEWER),
            Map.entry("GET /api/whoami", Role.VIEWER),
            Map.entry("POST /api/keys", Role.ADMIN),
            Map.entry("GET /api/keys", Role.ADMIN),
            Map.entry("GET /api/keys/k", Role.ADMIN),
            Map.entry("DELETE /api/keys/k", Role.ADMIN),
            Map.entry("GET /api/audit", Role.ADMIN),
            Map.entry("GET /docs", Role.VIEWER),
            Map.entry("GET /api/openapi.json", Role.VIEWER),
            Map.entry("GET /observe/info", Role.VIEWER),
            Map.entry("GET /observe/health", Role.VIEWER),
            Map.entry("GET /observe/jolokia/read/x", Role.VIEWER),
            Map.entry("POST /observe/jolokia", Role.VIEWER),
            Map.entry("POST /somewhere/new", Role.ADMIN),
            Map.entry("DELETE /observe/health", Role.ADMIN),
            Map.entry("PATCH /docs", Role.ADMIN));

    @Test
    void everyOperationNeedsItsRole() {
        TABLE.forEach((operation, role) -> {
            String[] parts = operation.split(" ");
            assertEquals(role, policy.require(parts[0], parts[1]).role(), operation);
        });
    }

    @Test
    void probesMetricsAndTheDashboardAreOpen() {
        for (String path : List.of("/observe/health/live", "/observe/health/ready", "/observe/metrics", "/ui", "/ui/app.js")) {
            assertTrue(policy.require("GET", path).open(), path);
        }
        assertEquals(Role.VIEWER, new AccessPolicy(true).require("GET", "/observe/metrics").role());
    }

    @Test
    void theQueueOfAPathIsItsScope() {
        assertEquals("orders.eu", policy.require("POST", "/api/queues/orders.eu/tasks").queue());
        assertEquals("orders.eu", policy.require("POST", "/api/queues/orders%2Eeu/purge").queue());
        assertEquals("q", policy.require("POST", "/queue/clear/q").queue());
        assertEquals("q", policy.require("GET", "/queue/workers/q").queue());
        assertEquals("t.s", policy.require("GET", "/api/topics/t/subscribers/s/messages").queue());
        assertNull(policy.require("PUT", "/api/exchanges/e").queue());
        assertNull(policy.require("GET", "/queue/workers").queue());
    }

    @Test
    void readsChangeNothingButTakingMessagesDoes() {
        assertEquals(false, policy.require("GET", "/api/queues").changesState());
        assertEquals(true, policy.require("GET", "/api/topics/t/subscribers/s/messages").changesState());
        assertEquals(true, policy.require("GET", "/api/kafka/topics/t/messages").changesState(), "a pull commits offsets");
        assertEquals(true, policy.require("POST", "/api/queues/q/purge").changesState());
    }

    @Test
    void aScopedKeyActsOnlyOnItsQueuesAndChangesNothingElse() {
        Caller orders = new Caller("k", "orders", Role.OPERATOR, List.of("orders.*"));
        assertEquals(AccessPolicy.Verdict.ALLOWED, AccessPolicy.decide(orders, policy.require("POST", "/api/queues/orders.eu/purge")));
        assertEquals(AccessPolicy.Verdict.QUEUE_NOT_ALLOWED, AccessPolicy.decide(orders, policy.require("POST", "/api/queues/billing/purge")));
        assertEquals(AccessPolicy.Verdict.QUEUE_NOT_ALLOWED, AccessPolicy.decide(orders, policy.require("GET", "/api/queues/billing")));
        assertEquals(AccessPolicy.Verdict.QUEUE_NOT_ALLOWED, AccessPolicy.decide(orders, policy.require("PUT", "/api/exchanges/x")));
        assertEquals(AccessPolicy.Verdict.ALLOWED, AccessPolicy.decide(orders, policy.require("GET", "/api/queues")));
        // a job's queue is known to the jobs API only, which checks it
        assertEquals(AccessPolicy.Verdict.ALLOWED, AccessPolicy.decide(orders, policy.require("POST", "/api/jobs/j/cancel")));
        // a bulk retry too: it answers the jobs of other queues as not found
        assertEquals(AccessPolicy.Verdict.ALLOWED, AccessPolicy.decide(orders, policy.require("POST", "/api/jobs/retry")));
        assertEquals(AccessPolicy.Verdict.ROLE_TOO_LOW, AccessPolicy.decide(orders, policy.require("GET", "/api/keys")));
    }

    @Test
    void aTrailingSlashIsThePathWithoutIt() {
        // the router sends /a/b/ to the operation of /a/b
        for (String path : List.of("/api/topics/t/subscribers/s/messages", "/api/kafka/topics/t/messages")) {
            for (String slashes : List.of("/", "//")) {
                assertEquals(policy.require("GET", path), policy.require("GET", path + slashes), path + slashes);
            }
        }
        assertEquals("other", policy.require("GET", "/queue/workers/other/").queue());
        assertEquals(Role.PUBLISHER, policy.require("POST", "/api/queues/q/tasks/").role());
        assertTrue(policy.require("GET", "/ui/").open());
        assertEquals(Role.VIEWER, policy.require("GET", "/").role());
    }

    @Test
    void aKeyLimitedToQueuesHasNothingOfWarrenAsAWhole() {
        Caller limitedAdmin = new Caller("k", "orders", Role.ADMIN, List.of("orders.*"));
        for (String request : List.of("GET /observe/jolokia/list", "POST /observe/jolokia", "GET /api/keys",
                "POST /api/keys", "GET /api/audit", "GET /api/connections")) {
            String[] parts = request.split(" ");
            assertEquals(AccessPolicy.Verdict.QUEUE_NOT_ALLOWED, AccessPolicy.decide(limitedAdmin,
                    policy.require(parts[0], parts[1])), request);
        }
        assertEquals(AccessPolicy.Verdict.QUEUE_NOT_ALLOWED, AccessPolicy.decide(limitedAdmin,
                new AccessPolicy(true).require("GET", "/observe/metrics")), "every queue's gauges");
        Caller admin = new Caller("k", "admin", Role.ADMIN, List.of());
        assertEquals(AccessPolicy.Verdict.ALLOWED, AccessPolicy.decide(admin, policy.require("POST", "/observe/jolokia")));
    }

    @Test
    void healthShowsOnlyItsStatusWithoutAKeyOrToAKeyLimitedToSomeQueues() {
        Caller limited = new Caller("k", "orders", Role.ADMIN, List.of("orders.*"));
        Caller viewer = new Caller("k", "v", Role.VIEWER, List.of());
        for (String probe : List.of("/observe/health/ready", "/observe/health/live", "/observe/health")) {
            assertTrue(AccessPolicy.healthStatusOnly(probe, null), probe + " without a key");
            assertTrue(AccessPolicy.healthStatusOnly(probe, limited), probe + " to a limited key");
            assertFalse(AccessPolicy.healthStatusOnly(probe, viewer), probe + " to a key of every queue");
        }
        assertFalse(AccessPolicy.healthStatusOnly("/observe/metrics", null), "not a health path");
        assertFalse(AccessPolicy.healthStatusOnly("/observe/healthy", null), "not a health path");
        assertFalse(AccessPolicy.healthStatusOnly("/api/overview", limited), "not a health path");
    }

    @Test
    void aRoleIncludesTheOnesBelow() {
        Caller publisher = new Caller("k", "p", Role.PUBLISHER, List.of());
        assertEquals(AccessPolicy.Verdict.ALLOWED, AccessPolicy.decide(publisher, policy.require("GET", "/api/jobs")));
        assertEquals(AccessPolicy.Verdict.ALLOWED, AccessPolicy.decide(publisher, policy.require("POST", "/api/queues/q/tasks")));
        assertEquals(AccessPolicy.Verdict.ROLE_TOO_LOW, AccessPolicy.decide(publisher, policy.require("POST", "/api/queues/q/purge")));
    }
}
