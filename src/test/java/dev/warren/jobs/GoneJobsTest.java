package dev.warren.jobs;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which label the reconciliation gives an open job whose message is gone, by when it last changed. */
class GoneJobsTest {

    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    private static final Instant GRACE_CUTOFF = NOW.minus(Duration.ofMinutes(1));

    private static Optional<GoneJobs.Label> label(Instant changedAt, Optional<QueueEmptied> emptied) {
        return GoneJobs.labelOf(changedAt, GRACE_CUTOFF, emptied, false);
    }

    @Test
    void withoutARecordedPurgeEveryJobPastTheGraceFailsWithAnUnknownOutcome() {
        GoneJobs.Label label = label(GRACE_CUTOFF.minusSeconds(1), Optional.empty()).orElseThrow();

        assertEquals(JobStatus.Change.MARK_GONE, label.change());
        assertEquals(GoneJobs.GONE, label.error());
        assertTrue(label.error().startsWith("outcome unknown"), label.error());
    }

    @Test
    void withDeadLettersHeldAJobPastTheGraceFailsAsDeadLetteredByTheBrokerUnlessAPurgeRemovedIt() {
        GoneJobs.Label label = GoneJobs.labelOf(GRACE_CUTOFF.minusSeconds(1), GRACE_CUTOFF, Optional.empty(), true)
                .orElseThrow();

        assertEquals(JobStatus.Change.MARK_GONE, label.change());
        assertEquals(JobStatus.FAILED, label.change().to(), "failed: listed among the queue's dead letters");
        assertEquals(GoneJobs.DEAD_LETTERED, label.error());
        assertTrue(label.error().startsWith("dead-lettered by the broker"), label.error());

        Instant purgedAt = NOW.minus(Duration.ofMinutes(10));
        Optional<QueueEmptied> purge = Optional.of(new QueueEmptied(purgedAt, QueueEmptied.By.PURGE));
        assertEquals(JobStatus.Change.MARK_PURGED,
                GoneJobs.labelOf(purgedAt.minusSeconds(1), GRACE_CUTOFF, purge, true).orElseThrow().change());
        assertEquals(GoneJobs.DEAD_LETTERED,
                GoneJobs.labelOf(purgedAt.plusSeconds(1), GRACE_CUTOFF, purge, true).orElseThrow().error());
    }

    @Test
    void aJobChangedBeforeThePurgeIsCancelledNamingThePurgeAndItsTime() {
        Instant purgedAt = NOW.minus(Duration.ofMinutes(10));
        QueueEmptied purge = new QueueEmptied(purgedAt, QueueEmptied.By.PURGE);

        GoneJobs.Label label = label(purgedAt.minusMillis(1), Optional.of(purge)).orElseThrow();

        assertEquals(JobStatus.Change.MARK_PURGED, label.change());
        assertEquals(JobStatus.CANCELLED, label.change().to());
        assertEquals("purged: its message was removed from the queue by a purge at 2026-11-27T11:50:00Z; retry the job to"
                + " deliver it again", label.error());
    }

    @Test
    void aJobChangedAtOrAfterThePurgeKeepsTheUnknownOutcome() {
        Instant purgedAt = NOW.minus(Duration.ofMinutes(10));
        Optional<QueueEmptied> purge = Optional.of(new QueueEmptied(purgedAt, QueueEmptied.By.PURGE));

        assertEquals(JobStatus.Change.MARK_GONE, label(purgedAt, purge).orElseThrow().change(), "changed at the purge");
        assertEquals(JobStatus.Change.MARK_GONE, label(purgedAt.plusSeconds(1), purge).orElseThrow().change());
    }

    @Test
    void aDeletedQueuesJobsAreCancelledNamingTheDelete() {
        Instant deletedAt = NOW.minus(Duration.ofMinutes(5));
        Optional<QueueEmptied> delete = Optional.of(new QueueEmptied(deletedAt, QueueEmptied.By.DELETE));

        GoneJobs.Label label = label(deletedAt.minusSeconds(30), delete).orElseThrow();

        assertEquals(JobStatus.Change.MARK_PURGED, label.change());
        assertTrue(label.error().startsWith("purged: its message was removed from the queue by deleting the queue at "
                + deletedAt), label.error());
    }

    @Test
    void aJobWithinTheGraceIsLeftAloneEvenBeforeARecentPurge() {
        Optional<QueueEmptied> justPurged = Optional.of(new QueueEmptied(NOW.minusSeconds(5), QueueEmptied.By.PURGE));

        assertEquals(Optional.empty(), label(GRACE_CUTOFF.plusSeconds(1), justPurged), "changed within the grace");
        assertEquals(Optional.empty(), label(GRACE_CUTOFF.plusSeconds(1), Optional.empty()));
        assertEquals(JobStatus.Change.MARK_PURGED, label(GRACE_CUTOFF.minusSeconds(1), justPurged).orElseThrow().change());
    }

    @Test
    void thePurgedLabelComesFirstAndNeverReachesPastTheGraceOrThePurge() {
        Instant purgedAt = NOW.minus(Duration.ofMinutes(10));
        List<GoneJobs.Label> labels = GoneJobs.labels(GRACE_CUTOFF,
                Optional.of(new QueueEmptied(purgedAt, QueueEmptied.By.PURGE)), false);
        assertEquals(List.of(JobStatus.Change.MARK_PURGED, JobStatus.Change.MARK_GONE),
                labels.stream().map(GoneJobs.Label::change).toList());
        assertEquals(List.of(purgedAt, GRACE_CUTOFF), labels.stream().map(GoneJobs.Label::changedBefore).toList());

        List<GoneJobs.Label> afterRecentPurge = GoneJobs.labels(GRACE_CUTOFF,
                Optional.of(new QueueEmptied(NOW.minusSeconds(1), QueueEmptied.By.PURGE)), false);
        assertEquals(List.of(GRACE_CUTOFF, GRACE_CUTOFF), afterRecentPurge.stream().map(GoneJobs.Label::changedBefore).toList());
    }
}
