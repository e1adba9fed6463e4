package dev.warren.jobs;

import dev.warren.store.Store;
import dev.warren.support.TestStore;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Payload search and the time filter on both stores: PostgreSQL through the trigram index of migration V20, H2 by a
 * bounded scan; the same jobs must be found.
 */
class JobSearchIT {

    @TempDir
    static Path directory;

    private static Store store(String kind) throws Exception {
        return TestStore.started(kind, directory);
    }

    private static String insert(JobStore jobs, String queue, String body, String contentType) {
        return insert(jobs, queue, body.getBytes(StandardCharsets.UTF_8), contentType);
    }

    private static String insert(JobStore jobs, String queue, byte[] body, String contentType) {
        String id = UUID.randomUUID().toString();
        jobs.insert(List.of(new JobStore.NewJob(id, queue, body, "hash", null, contentType, null)));
        jobs.confirmed(List.of(id));
        return id;
    }

    private static List<String> ids(JobViews.Rows rows) {
        return rows.rows().stream().map(row -> row.getValue().id()).toList();
    }

    private static JobFilter text(String queue, String text) {
        return new JobFilter(queue, null, null, null, text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void findsTextAndJsonPayloadsByAnyPartIgnoringCaseButNeverBinaryOnes(String kind) throws Exception {
        try (Store store = store(kind); JobStore jobs = new JobStore(store, true)) {
            String json = insert(jobs, "orders", "{\"customer\":\"Ada-Lovelace\",\"n\":1}", "application/json");
            String untyped = insert(jobs, "orders", "{\"customer\":\"ada-lovelace\"}", null);
            String text = insert(jobs, "mail", "Dear ADA-LOVELACE,", "text/plain; charset=utf-8");
            insert(jobs, "orders", "ada-lovelace".getBytes(StandardCharsets.UTF_8), "application/octet-stream");
            insert(jobs, "orders", new byte[] {(byte) 0xff, (byte) 0xfe, 'a', 'd', 'a'}, null);
            insert(jobs, "orders", "{\"customer\":\"Grace\"}", "application/json");
            String wildcard = insert(jobs, "orders", "{\"discount\":\"50%_off\"}", "application/json");
            jobs.flush();

            assertEquals(kind.equals("postgres"), jobs.views().indexedSearch(), "the trigram index serves PostgreSQL");
            assertEquals(List.of(text, untyped, json), ids(jobs.views().list(text(null, "ada-lovelace"), Long.MAX_VALUE, 10)));
            assertEquals(List.of(untyped, json), ids(jobs.views().list(text("orders", "Ada-LOVELACE"), Long.MAX_VALUE, 10)));
            assertEquals(List.of(json), ids(jobs.views().list(text(null, "\"n\":1"), Long.MAX_VALUE, 10)));
            // LIKE's wildcards match themselves only
            assertEquals(List.of(wildcard), ids(jobs.views().list(text(null, "50%_"), Long.MAX_VALUE, 10)));
            assertEquals(List.of(), ids(jobs.views().list(text(null, "0%x"), Long.MAX_VALUE, 10)));

            JobViews.Rows first = jobs.views().list(text(null, "lovelace"), Long.MAX_VALUE, 2);
            assertEquals(List.of(text, untyped), ids(first));
            long cursor = first.rows().get(1).getKey();
            assertEquals(List.of(json), ids(jobs.views().list(text(null, "lovelace"), cursor, 2)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void theTimeFilterBoundsTheCreationTime(String kind) throws Exception {
        try (Store store = store(kind); JobStore jobs = new JobStore(store, true)) {
            String before = insert(jobs, "orders", "{\"a\":1}", "application/json");
            jobs.flush();
            Instant between = Instant.now();
            awaitClockPast(between);
            String after = insert(jobs, "orders", "{\"a\":2}", "application/json");
            jobs.flush();

            assertEquals(List.of(after), ids(jobs.views().list(new JobFilter(null, null, between, null, null), Long.MAX_VALUE, 10)));
            assertEquals(List.of(before), ids(jobs.views().list(new JobFilter("orders", null, null, between, null), Long.MAX_VALUE, 10)));
            assertEquals(List.of(after), ids(jobs.views().list(new JobFilter("orders", JobStatus.QUEUED, between, null, "\"a\":2"),
                    Long.MAX_VALUE, 10)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2"})
    void aScanWithoutIndexStopsAtItsLimitAndGivesWhereToGoOn(String kind) throws Exception {
        try (Store store = store(kind); JobStore jobs = new JobStore(store, true)) {
            String old = insert(jobs, "orders", "{\"needle\":true}", "application/json");
            List<JobStore.NewJob> hay = new ArrayList<>();
            for (int i = 0; i < JobViews.SEARCH_SCAN_LIMIT; i++) {
                hay.add(new JobStore.NewJob(UUID.randomUUID().toString(), "orders",
                        "{\"hay\":1}".getBytes(StandardCharsets.UTF_8), "hash", null, "application/json", null));
                if (hay.size() == 1000) {
                    jobs.insert(hay);
                    hay.clear();
                }
            }
            jobs.flush();

            JobViews.Rows first = jobs.views().list(text(null, "needle"), Long.MAX_VALUE, 10);
            assertTrue(first.rows().isEmpty());
            assertNotNull(first.stoppedAt(), "the scan stopped before the oldest job");
            JobViews.Rows second = jobs.views().list(text(null, "needle"), first.stoppedAt(), 10);
            assertEquals(List.of(old), ids(second));
            assertNull(second.stoppedAt());
            assertFalse(jobs.views().indexedSearch());
        }
    }

    private static void awaitClockPast(Instant instant) {
        org.awaitility.Awaitility.await().until(() -> Instant.now().isAfter(instant.plusMillis(5)));
    }
}
