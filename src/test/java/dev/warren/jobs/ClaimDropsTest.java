package dev.warren.jobs;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which drops are certain before a claim: a consumer acts on them before it waits for a rate limit's permit. */
class ClaimDropsTest {

    private static JobStore.Existing job(String queue, JobStatus status, int generation) {
        return new JobStore.Existing("j1", queue, status, generation, "", true, Instant.EPOCH);
    }

    @Test
    void aCancelledOrEndedJobIsDroppedWithTheClaimsReason() {
        assertEquals(Optional.of(new JobStore.Claim.Drop("j1", "the job is cancelled")),
                ClaimDrops.certain(job("q", JobStatus.CANCELLED, 0), "q", 0));
        assertEquals(Optional.of(new JobStore.Claim.Drop("j1", "the job is finished")),
                ClaimDrops.certain(job("q", JobStatus.FINISHED, 0), "q", 0));
        assertEquals(Optional.of(new JobStore.Claim.Drop("j1", "the job is failed")),
                ClaimDrops.certain(job("q", JobStatus.FAILED, 0), "q", 0));
    }

    @Test
    void aMessageOfAnOlderGenerationIsStale() {
        assertEquals(Optional.of(new JobStore.Claim.Drop("j1", "the message is stale: the job was published again since")),
                ClaimDrops.certain(job("q", JobStatus.QUEUED, 2), "q", 1));
    }

    @Test
    void aWaitingOrStartedJobOfTheMessagesGenerationIsLeftToTheClaim() {
        for (JobStatus status : JobStatus.STARTABLE) {
            assertTrue(ClaimDrops.certain(job("q", status, 1), "q", 1).isEmpty(), status.json());
        }
    }

    @Test
    void aMessageNewerThanItsJobIsLeftToTheClaim() {
        assertTrue(ClaimDrops.certain(job("q", JobStatus.QUEUED, 1), "q", 2).isEmpty());
    }

    @Test
    void theJobOfAnotherQueueIsNotTheMessagesJob() {
        // a copy fanned out to another queue is its own job, "{queue}:{id}": only the claim finds it
        assertTrue(ClaimDrops.certain(job("other", JobStatus.CANCELLED, 0), "q", 0).isEmpty());
    }
}
