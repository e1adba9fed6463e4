package dev.warren.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.auth.Role;
import dev.warren.support.Http;
import dev.warren.support.RunningWarren;
import dev.warren.support.TestBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.warren.support.WarrenCalls.newKey;
import static dev.warren.support.WarrenCalls.putGroup;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every operation of warren's own OpenAPI document, and the pages outside it, refuses a request without a key
 * (401), refuses the role just below the one it needs (403) and lets that role through; every queue-scoped
 * operation lets a key limited to other queues through on none of them. A new endpoint is covered by itself.
 */
class EveryEndpointRequiresItsRoleIT {

    private static RunningWarren warren;
    private static final Map<Role, String> KEYS = new EnumMap<>(Role.class);
    private static final Map<Role, String> SCOPED_KEYS = new EnumMap<>(Role.class);
    private static final String PREFIX = TestBroker.uniqueName("authprobe");
    private static final String ALLOWED_QUEUE = PREFIX + "-q";
    private static final String OTHER_QUEUE = TestBroker.uniqueName("elsewhere");

    /** An operation: method, path template, the role it needs. */
    record Operation(String method, String template, Role role) {

        String path(String queue) {
            return template.replace("{queue}", queue).replace("{topic}", PREFIX + "-t").replace("{exchange}", PREFIX + "-e")
                    .replace("{id}", "k_000000000000").replace("{name}", PREFIX + "-s");
        }

        boolean queueScoped() {
            return template.contains("{queue}");
        }

        @Override
        public String toString() {
            return method + " " + template;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        warren = RunningWarren.start(Map.of("warren.auth.metrics", "true"));
        for (Role role : Role.values()) {
            KEYS.put(role, newKey(warren, role.json()));
            if (role != Role.ADMIN) {
                // an admin key is never limited to queues
                SCOPED_KEYS.put(role, newKey(warren, role.json(), PREFIX + "-*"));
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (warren != null) {
            for (String queue : List.of(ALLOWED_QUEUE, OTHER_QUEUE)) {
                warren.http.delete("/api/queues/" + queue);
            }
            warren.http.delete("/api/topics/" + PREFIX + "-t");
            warren.http.delete("/api/exchanges/" + PREFIX + "-e");
            warren.close();
        }
    }

    private static List<Operation> operations() {
        JsonNode document = warren.http.get("/api/openapi.json").json();
        List<Operation> operations = new ArrayList<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            String role = op.getValue().path("x-warren-role").asText();
            assertTrue(Role.parse(role).isPresent(), op.getKey() + " " + path.getKey() + " declares no role: " + role);
            operations.add(new Operation(op.getKey().toUpperCase(Locale.ROOT), path.getKey(), Role.parse(role).get()));
        }));
        assertTrue(operations.size() > 40, "the document lists every operation: " + operations);
        // the pages outside the document
        operations.add(new Operation("GET", "/docs", Role.VIEWER));
        operations.add(new Operation("GET", "/api/openapi.json", Role.VIEWER));
        operations.add(new Operation("GET", "/observe/info", Role.VIEWER));
        operations.add(new Operation("GET", "/observe/health", Role.VIEWER));
        operations.add(new Operation("GET", "/observe/metrics", Role.VIEWER));
        operations.add(new Operation("GET", "/observe/jolokia/version", Role.VIEWER));
        operations.add(new Operation("POST", "/observe/jolokia", Role.VIEWER));
        return operations;
    }

    private static Http.Response call(Http http, Operation operation, String queue) {
        return call(http, operation, queue, "");
    }

    /** The operation with its path followed by the suffix ("/": the router takes /a/b/ for /a/b). */
    private static Http.Response call(Http http, Operation operation, String queue, String suffix) {
        String body = operation.template().startsWith("/observe/jolokia") ? "{\"type\":\"version\"}"
                : operation.method().equals("GET") || operation.method().equals("DELETE") ? null : "{}";
        String path = operation.path(queue) + suffix + (operation.template().endsWith("/bindings") && operation.method().equals("DELETE")
                ? "?queue=" + queue : "");
        return http.send(operation.method(), path, body, body == null ? null : "application/json");
    }

    @Test
    void everyOperationRefusesARequestWithoutAKey() {
        List<String> wrong = new ArrayList<>();
        for (Operation operation : operations()) {
            Http.Response answer = call(warren.http.withoutKey(), operation, ALLOWED_QUEUE);
            if (answer.status() != 401 || answer.header("WWW-Authenticate") == null
                    || !"application/problem+json".equals(answer.contentType())) {
                wrong.add(operation + " -> " + answer.status() + " " + answer.contentType() + " " + answer.header("WWW-Authenticate"));
            }
            Http.Response badKey = call(warren.http.withKey("wrn_not-a-key-of-this-warren-at-all-000000000000"), operation,
                    ALLOWED_QUEUE);
            if (badKey.status() != 401) {
                wrong.add(operation + " with an unknown key -> " + badKey.status());
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void everyOperationRefusesTheRoleJustBelowAndLetsItsRoleThrough() {
        List<String> wrong = new ArrayList<>();
        for (Operation operation : operations()) {
            Role below = operation.role().below();
            if (below != null) {
                Http.Response refused = call(warren.http.withKey(KEYS.get(below)), operation, ALLOWED_QUEUE);
                if (refused.status() != 403 || refused.header("WWW-Authenticate") == null
                        || !"application/problem+json".equals(refused.contentType())) {
                    wrong.add(operation + " as " + below.json() + " -> " + refused.status() + " " + refused.body());
                }
                Http.Response slashed = call(warren.http.withKey(KEYS.get(below)), operation, ALLOWED_QUEUE, "/");
                if (slashed.status() != 403) {
                    wrong.add(operation + "/ as " + below.json() + " -> " + slashed.status() + " " + slashed.body());
                }
            }
            Http.Response allowed = call(warren.http.withBasicKey(KEYS.get(operation.role())), operation, ALLOWED_QUEUE);
            if (allowed.status() == 401 || allowed.status() == 403) {
                wrong.add(operation + " as " + operation.role().json() + " -> " + allowed.status() + " " + allowed.body());
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void aKeyLimitedToSomeQueuesActsOnThemAndOnNoOther() {
        List<String> wrong = new ArrayList<>();
        List<Operation> scoped = operations().stream().filter(Operation::queueScoped).toList();
        assertTrue(scoped.size() >= 15, "queue-scoped operations: " + scoped);
        for (Operation operation : scoped) {
            Http http = warren.http.withKey(SCOPED_KEYS.get(operation.role()));
            for (String suffix : List.of("", "/")) {
                Http.Response other = call(http, operation, OTHER_QUEUE, suffix);
                if (other.status() != 403) {
                    wrong.add(operation + suffix + " on another queue -> " + other.status() + " " + other.body());
                }
            }
            Http.Response own = call(http, operation, ALLOWED_QUEUE);
            if (own.status() == 401 || own.status() == 403) {
                wrong.add(operation + " on its queue -> " + own.status() + " " + own.body());
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void aKeyLimitedToSomeQueuesChangesNothingElseAndListsOnlyItsQueues() {
        String operator = SCOPED_KEYS.get(Role.OPERATOR);
        assertEquals(403, warren.http.withKey(operator).put("/api/exchanges/" + PREFIX + "-e", "{\"type\":\"direct\"}").status());
        assertEquals(403, warren.http.withKey(operator).put("/api/topics/" + PREFIX + "-t", "{}").status());
        assertEquals(201, warren.http.put("/api/queues/" + OTHER_QUEUE, "{}").status());
        Http.Response own = warren.http.withKey(operator).put("/api/queues/" + ALLOWED_QUEUE, "{}");
        assertTrue(own.status() == 201 || own.status() == 200, own.body());
        JsonNode listed = warren.http.withKey(operator).get("/api/queues?limit=1000").json();
        List<String> names = new ArrayList<>();
        listed.path("items").forEach(q -> names.add(q.path("name").asText()));
        assertTrue(names.contains(ALLOWED_QUEUE), names.toString());
        assertTrue(names.stream().allMatch(n -> n.startsWith(PREFIX + "-")), names.toString());
    }

    @Test
    void aKeyLimitedToSomeQueuesSeesOnlyTheirSubscribersAndBindings() {
        String topic = TestBroker.uniqueName("scoped-topic");
        String exchange = TestBroker.uniqueName("scoped-exchange");
        String mine = TestBroker.uniqueName("bound-mine");
        String theirs = TestBroker.uniqueName("bound-theirs");
        try {
            assertEquals(201, warren.http.put("/api/topics/" + topic, null).status());
            for (String id : List.of("mine", "theirs")) {
                assertEquals(201, warren.http.post("/api/topics/" + topic + "/subscribers", Http.json(Map.of("id", id))).status());
            }
            for (String queue : List.of(mine, theirs)) {
                assertEquals(201, warren.http.put("/api/queues/" + queue, "{}").status(), queue);
            }
            assertEquals(201, warren.http.put("/api/exchanges/" + exchange, "{\"type\": \"direct\"}").status());
            for (String queue : List.of(mine, theirs)) {
                assertEquals(201, warren.http.post("/api/exchanges/" + exchange + "/bindings",
                        Http.json(Map.of("queue", queue, "routingKey", "k"))).status());
            }
            Http limited = warren.http.withKey(newKey(warren, "viewer", topic + ".mine", mine));
            JsonNode subscribers = limited.get("/api/topics/" + topic + "/subscribers").json().path("items");
            assertEquals(1, subscribers.size(), subscribers.toString());
            assertEquals("mine", subscribers.get(0).path("id").asText(), subscribers.toString());
            JsonNode bindings = limited.get("/api/exchanges/" + exchange + "/bindings").json().path("items");
            assertEquals(1, bindings.size(), bindings.toString());
            assertEquals(mine, bindings.get(0).path("queue").asText(), bindings.toString());
            assertEquals(2, warren.http.get("/api/exchanges/" + exchange + "/bindings").json().path("items").size(),
                    "a key of every queue sees both");
        } finally {
            warren.http.delete("/api/topics/" + topic);
            warren.http.delete("/api/exchanges/" + exchange);
            TestBroker.get().deleteQueues(mine, theirs);
        }
    }

    @Test
    void aKeyLimitedToSomeQueuesHasNoJolokiaKeysOrAuditLog() {
        for (Role role : List.of(Role.VIEWER, Role.OPERATOR)) {
            Http http = warren.http.withKey(SCOPED_KEYS.get(role));
            for (String path : List.of("/observe/jolokia/version", "/observe/jolokia/search/org.apache.camel:type=routes,*")) {
                Http.Response read = http.get(path);
                assertEquals(403, read.status(), role.json() + " " + path + ": " + read.body());
                assertTrue(!read.body().contains(OTHER_QUEUE) && !read.body().contains("worker-"), read.body());
            }
            assertEquals(403, http.post("/observe/jolokia", "{\"type\":\"search\",\"mbean\":\"org.apache.camel:*\"}").status());
        }
    }

    @Test
    void aKeyLimitedToSomeQueuesSeesOnlyThemInTheOverviewAndTheConsumers() {
        String own = PREFIX + "-overview";
        String other = TestBroker.uniqueName("elsewhere-overview");
        try {
            for (String queue : List.of(own, other)) {
                assertEquals(201, warren.http.put("/api/queues/" + queue, "{}").status(), queue + " declared");
            }
            putGroup(warren, other, Map.of("count", 2, "type", "log"));
            putGroup(warren, own, Map.of("count", 1, "type", "log"));
            Http limited = warren.http.withKey(SCOPED_KEYS.get(Role.VIEWER));
            // the management API lists consumers a moment after the broker counts them
            await("the admin sees both queues' consumers").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                    .until(() -> consumersPerQueue(warren.http).getOrDefault(other, 0L) == 2
                            && consumersPerQueue(warren.http).getOrDefault(own, 0L) == 1);

            Http.Response overview = limited.get("/api/overview");
            assertEquals(200, overview.status(), overview.body());
            List<String> seen = names(overview.json().path("queues"), "name");
            assertTrue(seen.contains(own) && seen.stream().allMatch(n -> n.startsWith(PREFIX + "-")), overview.body());
            assertTrue(!overview.body().contains(other), "no word of the other queue: " + overview.body());
            Http.Response consumers = limited.get("/api/consumers?limit=1000");
            assertEquals(200, consumers.status(), consumers.body());
            List<String> consumed = names(consumers.json().path("items"), "queue");
            assertTrue(consumed.contains(own) && consumed.stream().allMatch(n -> n.startsWith(PREFIX + "-")),
                    consumers.body());
            assertTrue(!consumers.body().contains(other), "no consumer of the other queue: " + consumers.body());

            List<String> all = names(warren.http.get("/api/overview").json().path("queues"), "name");
            assertTrue(all.containsAll(List.of(own, other)), "an admin sees both: " + all);
        } finally {
            warren.http.delete("/api/queues/" + own);
            warren.http.delete("/api/queues/" + other);
        }
    }

    private static Map<String, Long> consumersPerQueue(Http http) {
        Map<String, Long> perQueue = new java.util.HashMap<>();
        http.get("/api/consumers?limit=1000").json().path("items")
                .forEach(c -> perQueue.merge(c.path("queue").asText(), 1L, Long::sum));
        return perQueue;
    }

    @Test
    void healthProbesWithoutAKeyAnswerOnlyTheirStatusWhateverTheyAreAsked() {
        for (String probe : List.of("/observe/health/ready", "/observe/health/live")) {
            Http.Response open = warren.http.withoutKey().get(probe + "?exposureLevel=full&data=true&stackTrace=true");
            assertTrue(open.status() == 200 || open.status() == 503, probe + ": " + open.body());
            assertEquals(List.of("status"), fieldsOf(open.json()), probe + " answers its status only: " + open.body());
            assertTrue(List.of("UP", "DOWN").contains(open.json().path("status").asText()), open.body());
        }
        Http.Response limited = warren.http.withKey(SCOPED_KEYS.get(Role.VIEWER)).get("/observe/health?exposureLevel=full&data=true");
        assertEquals(List.of("status"), fieldsOf(limited.json()), "a key limited to some queues: " + limited.body());
        Http.Response admin = warren.http.get("/observe/health?exposureLevel=full&data=true");
        assertTrue(admin.json().path("checks").size() > 3, "an admin key keeps the details: " + admin.body());
    }

    private static List<String> names(JsonNode items, String field) {
        List<String> names = new ArrayList<>();
        items.forEach(item -> names.add(item.path(field).asText()));
        return names;
    }

    private static List<String> fieldsOf(JsonNode object) {
        List<String> fields = new ArrayList<>();
        object.fieldNames().forEachRemaining(fields::add);
        return fields;
    }

    @Test
    void whoAmIAnswersTheCallingKey() {
        JsonNode me = warren.http.withKey(SCOPED_KEYS.get(Role.PUBLISHER)).get("/api/whoami").json();
        assertEquals("publisher", me.path("role").asText(), me.toString());
        assertEquals("[\"" + PREFIX + "-*\"]", me.path("queuePatterns").toString());
        assertTrue(me.path("authEnabled").asBoolean());
        assertNotNull(me.path("id").asText(null));
        assertEquals("admin", warren.http.get("/api/whoami").json().path("role").asText());
    }
}
