package dev.warren.jobs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static dev.warren.jobs.JobStatus.CANCELLED;
import static dev.warren.jobs.JobStatus.FAILED;
import static dev.warren.jobs.JobStatus.QUEUED;
import static dev.warren.jobs.JobStatus.RETRYING;
import static dev.warren.jobs.JobStatus.STARTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every change of status the job store makes is one JobStatus declares, and its SQL takes the statuses from there. */
class JobStoreTransitionsTest {

    private static final Path JOBS = Path.of("src/main/java/dev/warren/jobs");

    private static List<JobStatus.Change> madeByTheStore() {
        List<JobStatus.Change> made = new ArrayList<>();
        made.addAll(JobClaims.CHANGES);
        made.addAll(JobMoves.CHANGES);
        made.addAll(JobSweeps.CHANGES);
        return made;
    }

    @Test
    void theStoreMakesEveryDeclaredChangeAndNoOther() {
        assertEquals(EnumSet.allOf(JobStatus.Change.class), EnumSet.copyOf(madeByTheStore()));
        assertEquals(madeByTheStore().size(), EnumSet.copyOf(madeByTheStore()).size(), "each change has one home");
    }

    @Test
    void everyLifecycleChangeIsALegalMove() {
        for (JobStatus.Change change : JobStatus.Change.values()) {
            if (!change.recovery()) {
                for (JobStatus from : change.from()) {
                    assertTrue(from.canMoveTo(change.to()), change + ": " + from + " -> " + change.to());
                }
            }
        }
    }

    @Test
    void theOnlyRecoveriesCorrectJobsWhoseMessageTheBrokerSettledAlone() {
        List<JobStatus.Change> recoveries = Stream.of(JobStatus.Change.values()).filter(JobStatus.Change::recovery).toList();
        assertEquals(List.of(JobStatus.Change.REPLAY_BROKER_DEAD_LETTER, JobStatus.Change.MARK_GONE,
                JobStatus.Change.MARK_PURGED), recoveries);
        assertEquals(EnumSet.of(QUEUED, STARTED, RETRYING, FAILED), JobStatus.Change.REPLAY_BROKER_DEAD_LETTER.from());
        assertEquals(QUEUED, JobStatus.Change.REPLAY_BROKER_DEAD_LETTER.to());
        assertEquals(JobStatus.OPEN, JobStatus.Change.MARK_GONE.from());
        assertEquals(FAILED, JobStatus.Change.MARK_GONE.to());
        assertEquals(JobStatus.WAITING, JobStatus.Change.MARK_PURGED.from(), "a purge leaves a started job's message alone");
        assertEquals(CANCELLED, JobStatus.Change.MARK_PURGED.to());
        assertTrue(JobStatus.RETRYABLE.contains(JobStatus.Change.MARK_PURGED.to()), "a purged job can be retried");
    }

    @Test
    void anEndWhoseStartWasNotWrittenIsAStartThenAnEnd() {
        for (JobStatus ended : EnumSet.of(RETRYING, JobStatus.FINISHED, FAILED)) {
            JobStatus.Change end = JobStatus.Change.ending(ended);
            assertEquals(EnumSet.of(STARTED), end.from());
            for (JobStatus waiting : JobStatus.Change.START.from()) {
                assertTrue(waiting.canMoveTo(STARTED) && STARTED.canMoveTo(ended), waiting + " -> started -> " + ended);
            }
        }
    }

    @Test
    void aUserCancelsWaitingJobsAndRetriesFailedOrCancelledOnes() {
        assertEquals(JobStatus.CANCELLABLE, JobStatus.Change.CANCEL.from());
        assertEquals(CANCELLED, JobStatus.Change.CANCEL.to());
        assertEquals(JobStatus.RETRYABLE, JobStatus.Change.RETRY.from());
        assertEquals(EnumSet.of(FAILED), JobStatus.Change.REPLAY.from());
    }

    @Test
    void noJobStoreStatementNamesAStatusOfItsOwn() throws IOException {
        Pattern literal = Pattern.compile("'(queued|started|retrying|finished|failed|cancelled)'");
        try (Stream<Path> files = Files.list(JOBS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher found = literal.matcher(Files.readString(file));
                assertFalse(found.find(), file.getFileName() + " writes status " + (found.hitEnd() ? "" : found.group())
                        + " in SQL: take it from JobStatus (JobSql.in / JobSql.is)");
            }
        }
    }

    @Test
    void statusListsAreTheSqlLiteralsOfTheStatuses() {
        assertEquals("'queued', 'retrying'", JobSql.in(JobStatus.Change.START.from()));
        assertEquals("'cancelled'", JobSql.is(CANCELLED));
    }
}
