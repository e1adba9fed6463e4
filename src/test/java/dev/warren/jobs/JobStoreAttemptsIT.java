package dev.warren.jobs;

import dev.warren.store.Store;
import dev.warren.support.TestStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Attempts as the job store records them, on the embedded store (where a quick attempt's start is written with its
 * end) and on PostgreSQL (where every start is written at once): the outcome must be the same.
 */
class JobStoreAttemptsIT {

    private static final JobStore.Payload PAYLOAD = new JobStore.Payload(
            "{\"n\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8), "application/json", null);

    private static final String QUEUE = "q";

    @TempDir
    static Path directory;

    private static Store store(String kind) throws Exception {
        return TestStore.started(kind, directory);
    }

    private static String published(JobStore jobs) {
        String id = UUID.randomUUID().toString();
        jobs.insert(List.of(new JobStore.NewJob(id, QUEUE, PAYLOAD.bytes(), "hash", null, "application/json", null)));
        jobs.confirmed(List.of(id));
        return id;
    }

    private static JobStore.Claim.Proceed claim(JobStore jobs, String id, String worker) {
        return assertInstanceOf(JobStore.Claim.Proceed.class, jobs.claim(id, QUEUE, 0, true, PAYLOAD, worker));
    }

    private static JobStore.EndedAttempt ended(JobStore.Claim.Proceed claim, String worker, int httpStatus) {
        return new JobStore.EndedAttempt(claim.jobId(), claim.attempt(), Instant.now(), worker, 7, httpStatus,
                httpStatus == 200 ? null : "HTTP " + httpStatus, "body");
    }

    private static JobView view(JobStore jobs, String id) {
        jobs.flush();
        return jobs.views().find(id).orElseThrow();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void theRetryAfterOfAnAttemptIsKeptWithIt(String kind) throws Exception {
        try (Store store = store(kind); JobStore jobs = new JobStore(store, true)) {
            String id = published(jobs);
            JobStore.Claim.Proceed first = claim(jobs, id, "worker-1");
            JobStore.EndedAttempt refused = ended(first, "worker-1", 429);
            jobs.waitFor(jobs.attemptEnded(new JobStore.EndedAttempt(refused.jobId(), refused.n(), refused.startedAt(),
                    refused.worker(), refused.durationMs(), 429, "HTTP 429", null, 3000L), JobStatus.RETRYING), "end");
            JobStore.Claim.Proceed second = claim(jobs, id, "worker-2");
            JobStore.EndedAttempt failed = ended(second, "worker-2", 503);
            jobs.waitFor(jobs.attemptEnded(new JobStore.EndedAttempt(failed.jobId(), failed.n(), failed.startedAt(),
                    failed.worker(), failed.durationMs(), 503, "HTTP 503", null, 120_000L), JobStatus.FAILED), "end");

            List<JobView.Attempt> attempts = view(jobs, id).attempts();
            assertEquals(3000L, attempts.get(0).retryAfterMs());
            assertEquals(120_000L, attempts.get(1).retryAfterMs());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aQuickAttemptEndsTheJobWithItsWorkerAndDuration(String kind) throws Exception {
        try (Store store = store(kind); JobStore jobs = new JobStore(store, true)) {
            String id = published(jobs);

            JobStore.Claim.Proceed claim = claim(jobs, id, "worker-1");
            jobs.attemptEnded(ended(claim, "worker-1", 200), JobStatus.FINISHED);

            JobView job = view(jobs, id);
            assertEquals(JobStatus.FINISHED, job.status(), job.toString());
            assertEquals(1, job.attempts().size(), job.toString());
            assertEquals("worker-1", job.attempts().get(0).worker(), job.toString());
            assertEquals(7L, job.attempts().get(0).durationMs(), job.toString());
            assertTrue(job.startedAt() != null && job.finishedAt() != null, job.toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aDropKnownBeforeTheClaimIsTheClaimsOwnAndAWaitingJobIsLeftToTheClaim(String kind) throws Exception {
        try (Store store = store(kind); JobStore jobs = new JobStore(store, true)) {
            String waiting = published(jobs);
            assertEquals(java.util.Optional.empty(), jobs.certainDrop(waiting, QUEUE, 0));
            assertEquals(java.util.Optional.empty(), jobs.certainDrop(UUID.randomUUID().toString(), QUEUE, 0),
                    "a message without a job: only the claim decides");

            String cancelled = published(jobs);
            assertTrue(jobs.move(cancelled, JobStatus.Change.CANCEL));
            JobStore.Claim.Drop early = jobs.certainDrop(cancelled, QUEUE, 0).orElseThrow();
            assertEquals(jobs.claim(cancelled, QUEUE, 0, true, PAYLOAD, "worker-1"), early);

            String finished = published(jobs);
            jobs.waitFor(jobs.attemptEnded(ended(claim(jobs, finished, "worker-1"), "worker-1", 200),
                    JobStatus.FINISHED), "end");
            assertEquals(jobs.claim(finished, QUEUE, 0, true, PAYLOAD, "worker-2"),
                    jobs.certainDrop(finished, QUEUE, 0).orElseThrow());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aCancelledCopyOfAFannedOutMessageIsDroppedBeforeTheClaim(String kind) throws Exception {
        try (Store store = store(kind); JobStore jobs = new JobStore(store, true)) {
            // a message published to a topic gets its jobs as its copies are claimed: the first queue's, then the others'
            String id = UUID.randomUUID().toString();
            assertInstanceOf(JobStore.Claim.Proceed.class, jobs.claim(id, QUEUE, 0, false, PAYLOAD, "worker-1"));
            JobStore.Claim.Proceed copy = assertInstanceOf(JobStore.Claim.Proceed.class,
                    jobs.claim(id, "other", 0, false, PAYLOAD, "worker-1"), "the copy fanned out to another queue");
            jobs.waitFor(jobs.attemptEnded(ended(copy, "worker-1", 503), JobStatus.RETRYING), "end");
            assertTrue(jobs.move(copy.jobId(), JobStatus.Change.CANCEL));

            JobStore.Claim.Drop early = jobs.certainDrop(id, "other", 0).orElseThrow();

            assertEquals("other:" + id, early.jobId());
            assertEquals(jobs.claim(id, "other", 0, false, PAYLOAD, "worker-2"), early);
            assertEquals(Optional.empty(), jobs.certainDrop(id, QUEUE, 0), "the first queue's job still runs");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void anUndoneRequeueLeavesAFailedOrCancelledJobAsItWas(String kind) throws Exception {
        try (Store store = store(kind); JobStore jobs = new JobStore(store, true)) {
            String failed = published(jobs);
            jobs.waitFor(jobs.attemptEnded(ended(claim(jobs, failed, "worker-1"), "worker-1", 400), JobStatus.FAILED), "end");
            String cancelled = published(jobs);
            assertTrue(jobs.move(cancelled, JobStatus.Change.CANCEL));
            jobs.dropped(cancelled, "cancelled");
            jobs.flush();
            // ended a day ago: an undo that kept the requeue's updated_at would restart the retention clock
            OffsetDateTime dayAgo = Instant.now().minus(Duration.ofDays(1)).atOffset(ZoneOffset.UTC);
            store.jdbi().useHandle(handle -> handle.execute("UPDATE jobs SET finished_at = ?, updated_at = ?", dayAgo, dayAgo));

            for (String id : List.of(failed, cancelled)) {
                Map<String, Object> before = row(store, id);
                assertTrue(before.get("error") != null && before.get("finished_at") != null, before.toString());
                JobStore.Republish requeued = jobs.requeue(id, JobStatus.Change.RETRY, null).orElseThrow();
                assertEquals(JobStatus.QUEUED, jobs.existing(id).orElseThrow().status());
                assertNull(row(store, id).get("error"), "a requeued job has no error");

                jobs.unrequeue(requeued);

                assertEquals(before, row(store, id));
            }
        }
    }

    /** The fields of a job's row a requeue changes. */
    private static Map<String, Object> row(Store store, String id) {
        return store.jdbi().withHandle(handle -> handle.createQuery(
                        "SELECT status, generation, error, finished_at, updated_at FROM jobs WHERE id = :id")
                .bind("id", id).mapToMap().one());
    }

    @Test
    void aReadBeforeTheClaimGivesUpWhenTheServerDoesNotAnswer() throws Exception {
        Map<String, String> schema = TestStore.postgres().freshSchema();
        String url = schema.get("warren.store.url");
        String user = schema.get("warren.store.user");
        String password = schema.get("warren.store.password");
        try (Store store = new Store(url, user, password, 4, Duration.ofMillis(500)).start();
             JobStore jobs = new JobStore(store, true)) {
            String id = published(jobs);
            try (Connection holder = DriverManager.getConnection(url, user, password)) {
                holder.setAutoCommit(false);
                holder.createStatement().execute("LOCK TABLE jobs IN ACCESS EXCLUSIVE MODE");

                assertThrows(JobStore.Unavailable.class, () -> assertTimeoutPreemptively(Duration.ofSeconds(30),
                        () -> jobs.certainDrop(id, QUEUE, 0), "the read hung with the store instead of giving up"));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aJobWhoseAttemptRunsCannotBeCancelled(String kind) throws Exception {
        try (Store store = store(kind); JobStore jobs = new JobStore(store, true)) {
            String id = published(jobs);
            JobStore.Claim.Proceed claim = claim(jobs, id, "worker-1");

            boolean cancelled = jobs.move(id, JobStatus.Change.CANCEL);

            assertFalse(cancelled, "the attempt was already running");
            assertEquals(JobStatus.STARTED, jobs.existing(id).orElseThrow().status());
            jobs.attemptEnded(ended(claim, "worker-1", 200), JobStatus.FINISHED);
            assertEquals(JobStatus.FINISHED, view(jobs, id).status());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aClaimAndACancelAtTheSameTimeNeverBothWin(String kind) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (Store store = store(kind); JobStore jobs = new JobStore(store, true)) {
            for (int i = 0; i < 200; i++) {
                String id = published(jobs);
                CyclicBarrier together = new CyclicBarrier(2);
                Future<JobStore.Claim> claim = threads.submit(() -> {
                    together.await();
                    return jobs.claim(id, QUEUE, 0, true, PAYLOAD, "worker-1");
                });
                Future<Boolean> cancel = threads.submit(() -> {
                    together.await();
                    return jobs.move(id, JobStatus.Change.CANCEL);
                });

                boolean delivered = claim.get(10, TimeUnit.SECONDS) instanceof JobStore.Claim.Proceed;
                boolean cancelled = cancel.get(10, TimeUnit.SECONDS);
                assertTrue(delivered != cancelled, "job " + id + ": delivered " + delivered + ", cancelled " + cancelled);
                assertEquals(delivered ? JobStatus.STARTED : JobStatus.CANCELLED, jobs.existing(id).orElseThrow().status(),
                        "job " + id);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void ofTwoClaimsOfANewIdAtTheSameTimeExactlyOneStartsItsJob(String kind) throws Exception {
        // on PostgreSQL the two claims come from two stores (two warren instances) sharing one schema
        Map<String, String> schema = kind.equals("postgres") ? TestStore.postgres().freshSchema() : null;
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (Store store = schema == null ? store(kind) : shared(schema); JobStore one = new JobStore(store, true);
             Store otherStore = schema == null ? null : shared(schema);
             JobStore other = otherStore == null ? one : new JobStore(otherStore, true)) {
            for (int i = 0; i < 100; i++) {
                String id = UUID.randomUUID().toString();
                CyclicBarrier together = new CyclicBarrier(2);
                List<Future<JobStore.Claim>> claims = List.of(one, other).stream().map(jobs -> threads.submit(() -> {
                    together.await();
                    return jobs.claimNew(id, QUEUE, 0, PAYLOAD, "worker-" + System.identityHashCode(jobs));
                })).toList();

                List<JobStore.Claim> outcomes = new java.util.ArrayList<>();
                for (Future<JobStore.Claim> claim : claims) {
                    outcomes.add(claim.get(10, TimeUnit.SECONDS));
                }
                assertTrue(outcomes.contains(new JobStore.Claim.Proceed(id, 1)), "one starts attempt 1: " + outcomes);
                assertTrue(outcomes.contains(new JobStore.Claim.Taken(id)), "the other is told it is taken: " + outcomes);
                JobStore.Existing job = one.existing(id).orElseThrow();
                assertEquals(JobStatus.STARTED, job.status(), job.toString());
            }
            String id = UUID.randomUUID().toString();
            assertInstanceOf(JobStore.Claim.Proceed.class, one.claimNew(id, QUEUE, 0, PAYLOAD, "worker-1"));
            one.attemptEnded(new JobStore.EndedAttempt(id, 1, Instant.now(), "worker-1", 5, 200, null, null),
                    JobStatus.FINISHED).get(10, TimeUnit.SECONDS);
            assertEquals(new JobStore.Claim.Taken(id), other.claimNew(id, QUEUE, 0, PAYLOAD, "worker-2"),
                    "also once its job ended");
            assertEquals(List.of(1), view(one, id).attempts().stream().map(a -> a.n()).toList());
        } finally {
            threads.shutdownNow();
        }
    }

    private static Store shared(Map<String, String> schema) {
        return new Store(schema.get("warren.store.url"), schema.get("warren.store.user"),
                schema.get("warren.store.password"), 4).start();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void anAttemptThatRunsAWhileShowsAsStarted(String kind) throws Exception {
        try (Store store = store(kind); JobStore jobs = new JobStore(store, true)) {
            String id = published(jobs);

            claim(jobs, id, "worker-1");

            await("the running attempt is shown").atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                JobView job = view(jobs, id);
                assertEquals(JobStatus.STARTED, job.status(), job.toString());
                assertEquals("worker-1", job.attempts().get(0).worker(), job.toString());
                assertNull(job.attempts().get(0).durationMs(), job.toString());
            });
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aRetriedAttemptIsKeptAndTheNextOneEndsTheJob(String kind) throws Exception {
        try (Store store = store(kind); JobStore jobs = new JobStore(store, true)) {
            String id = published(jobs);
            JobStore.Claim.Proceed first = claim(jobs, id, "worker-1");
            jobs.attemptEnded(ended(first, "worker-1", 503), JobStatus.RETRYING);

            JobStore.Claim.Proceed second = claim(jobs, id, "worker-2");
            jobs.attemptEnded(ended(second, "worker-2", 200), JobStatus.FINISHED);

            JobView job = view(jobs, id);
            assertEquals(JobStatus.FINISHED, job.status(), job.toString());
            assertEquals(List.of(1, 2), job.attempts().stream().map(JobView.Attempt::n).toList(), job.toString());
            assertEquals(503, job.attempts().get(0).httpStatus(), job.toString());
            assertEquals("worker-2", job.attempts().get(1).worker(), job.toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aMessageDeliveredAgainWhileItsAttemptRunsRecordsThatAttemptAsInterruptedThenKeepsItsOutcome(String kind)
            throws Exception {
        try (Store store = store(kind); JobStore jobs = new JobStore(store, true)) {
            String id = published(jobs);
            JobStore.Claim.Proceed first = claim(jobs, id, "worker-1");

            JobStore.Claim.Proceed again = claim(jobs, id, "worker-2");
            assertEquals(2, again.attempt(), "the redelivery is a new attempt");
            jobs.attemptEnded(ended(first, "worker-1", 500), JobStatus.RETRYING);
            jobs.attemptEnded(ended(again, "worker-2", 200), JobStatus.FINISHED);

            JobView job = view(jobs, id);
            assertEquals(JobStatus.FINISHED, job.status(), job.toString());
            assertEquals(2, job.attempts().size(), job.toString());
            assertEquals(500, job.attempts().get(0).httpStatus(), "the first attempt keeps its outcome: " + job);
            assertEquals(200, job.attempts().get(1).httpStatus(), job.toString());
        }
    }
}
