package dev.warren.jobs;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The idempotency rule of publishing: what becomes of a task given what the store already holds for its id. */
class JobsDecideTest {

    private static final Duration UNCONFIRMED_AFTER = Duration.ofSeconds(10);
    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    /** decide needs neither the store nor the broker. */
    private final Jobs jobs = new Jobs(null, null, UNCONFIRMED_AFTER);

    private static JobStore.NewJob task(String id, String queue, String payload) {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        return new JobStore.NewJob(id, queue, bytes, Jobs.hash(bytes), "{}", "application/json", "UTF-8");
    }

    private static JobStore.Existing stored(JobStore.NewJob job, boolean confirmed, Instant createdAt) {
        return new JobStore.Existing(job.id(), job.queue(), JobStatus.QUEUED, 0, job.payloadHash(), confirmed, createdAt);
    }

    @Test
    void aNewIdIsPublished() {
        JobStore.NewJob job = task("t-1", "orders", "{\"n\":1}");
        assertEquals(new Jobs.Acceptance.Publish("t-1"), jobs.decide(job, null, NOW));
    }

    @Test
    void theSamePayloadAlreadyConfirmedIsADuplicate() {
        JobStore.NewJob job = task("t-1", "orders", "{\"n\":1}");
        JobStore.Existing before = stored(task("t-1", "orders", "{\"n\":1}"), true, NOW.minus(Duration.ofDays(1)));
        assertEquals(new Jobs.Acceptance.Duplicate("t-1"), jobs.decide(job, before, NOW));
    }

    @Test
    void aDuplicateIsADuplicateWhateverTheJobBecameSince() {
        JobStore.NewJob job = task("t-1", "orders", "{\"n\":1}");
        for (JobStatus status : JobStatus.values()) {
            JobStore.Existing before = new JobStore.Existing("t-1", "orders", status, 0, job.payloadHash(), true, NOW);
            assertEquals(new Jobs.Acceptance.Duplicate("t-1"), jobs.decide(job, before, NOW), status.toString());
        }
    }

    @Test
    void anotherPayloadUnderTheSameIdIsAConflict() {
        JobStore.NewJob job = task("t-1", "orders", "{\"n\":2}");
        JobStore.Existing before = stored(task("t-1", "orders", "{\"n\":1}"), true, NOW);
        Jobs.Acceptance.Conflict conflict = assertInstanceOf(Jobs.Acceptance.Conflict.class, jobs.decide(job, before, NOW));
        assertEquals("t-1", conflict.id());
        assertTrue(conflict.why().contains("another payload"), conflict.why());
        assertTrue(!conflict.retrySoon(), "retrying cannot help");
    }

    @Test
    void theSameIdOnAnotherQueueIsAConflictThatDoesNotNameThatQueue() {
        JobStore.NewJob job = task("t-1", "invoices", "{\"n\":1}");
        JobStore.Existing before = stored(task("t-1", "orders", "{\"n\":1}"), true, NOW);
        Jobs.Acceptance.Conflict conflict = assertInstanceOf(Jobs.Acceptance.Conflict.class, jobs.decide(job, before, NOW));
        assertTrue(conflict.why().contains("another queue"), conflict.why());
        assertTrue(!conflict.why().contains("orders"), "a key limited to invoices must not learn of orders: " + conflict.why());
    }

    @Test
    void anUnconfirmedRecentPublishIsAConflictToRetryLater() {
        JobStore.NewJob job = task("t-1", "orders", "{\"n\":1}");
        JobStore.Existing before = stored(job, false, NOW.minusSeconds(3));
        Jobs.Acceptance.Conflict conflict = assertInstanceOf(Jobs.Acceptance.Conflict.class, jobs.decide(job, before, NOW));
        assertTrue(conflict.why().contains("retry"), conflict.why());
        assertTrue(conflict.retrySoon(), "answered with Retry-After");
    }

    @Test
    void anUnconfirmedPublishExactlyAtTheLimitIsStillAConflict() {
        JobStore.NewJob job = task("t-1", "orders", "{\"n\":1}");
        JobStore.Existing before = stored(job, false, NOW.minus(UNCONFIRMED_AFTER));
        assertInstanceOf(Jobs.Acceptance.Conflict.class, jobs.decide(job, before, NOW));
    }

    @Test
    void anUnconfirmedOldPublishCountsAsNeverPublished() {
        JobStore.NewJob job = task("t-1", "orders", "{\"n\":1}");
        JobStore.Existing before = stored(job, false, NOW.minus(UNCONFIRMED_AFTER).minusMillis(1));
        assertEquals(new Jobs.Acceptance.Publish("t-1"), jobs.decide(job, before, NOW));
    }

    @Test
    void anUnconfirmedJobThatWasClaimedMovedOrEndedIsADuplicate() {
        // the confirm's mark was lost (warren killed, the store unreachable), but the job shows the publish was made
        JobStore.NewJob job = task("t-1", "orders", "{\"n\":1}");
        Instant old = NOW.minus(UNCONFIRMED_AFTER).minusSeconds(1);
        for (JobStatus status : JobStatus.values()) {
            if (status != JobStatus.QUEUED) {
                JobStore.Existing before = new JobStore.Existing("t-1", "orders", status, 0, job.payloadHash(), false, old);
                assertEquals(new Jobs.Acceptance.Duplicate("t-1"), jobs.decide(job, before, NOW), status.toString());
            }
        }
        JobStore.Existing retried = new JobStore.Existing("t-1", "orders", JobStatus.QUEUED, 1, job.payloadHash(), false, old);
        assertEquals(new Jobs.Acceptance.Duplicate("t-1"), jobs.decide(job, retried, NOW), "queued again by a retry");
        JobStore.Existing recent = new JobStore.Existing("t-1", "orders", JobStatus.FINISHED, 0, job.payloadHash(), false,
                NOW.minusSeconds(1));
        assertEquals(new Jobs.Acceptance.Duplicate("t-1"), jobs.decide(job, recent, NOW), "no 409 either");
    }

    @Test
    void thePayloadHashIsOfTheExactBytes() {
        byte[] compact = "{\"n\":1}".getBytes(StandardCharsets.UTF_8);
        assertEquals(Jobs.hash(compact), Jobs.hash(compact.clone()));
        assertEquals(64, Jobs.hash(compact).length(), "hex SHA-256");
        assertTrue(!Jobs.hash(compact).equals(Jobs.hash("{\"n\":2}".getBytes(StandardCharsets.UTF_8))));
    }
}
