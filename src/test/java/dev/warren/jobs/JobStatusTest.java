package dev.warren.jobs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static dev.warren.jobs.JobStatus.CANCELLED;
import static dev.warren.jobs.JobStatus.FAILED;
import static dev.warren.jobs.JobStatus.FINISHED;
import static dev.warren.jobs.JobStatus.QUEUED;
import static dev.warren.jobs.JobStatus.RETRYING;
import static dev.warren.jobs.JobStatus.STARTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The job state machine of the contract: which status may follow which, and what may be cancelled or retried. */
class JobStatusTest {

    /**
     * The legal transitions, written out from the contract (api.md, Jobs): queued → started → finished | retrying
     * (→ started …) | failed; cancelled from queued/retrying; retry of failed/cancelled (and replay of failed) →
     * queued. started → started is a redelivery after a crash: the consumer claims the job again.
     */
    private static final Map<JobStatus, Set<JobStatus>> LEGAL = Map.of(
            QUEUED, EnumSet.of(STARTED, CANCELLED),
            STARTED, EnumSet.of(STARTED, RETRYING, FINISHED, FAILED),
            RETRYING, EnumSet.of(STARTED, CANCELLED),
            FINISHED, EnumSet.noneOf(JobStatus.class),
            FAILED, EnumSet.of(QUEUED),
            CANCELLED, EnumSet.of(QUEUED));

    static Stream<Arguments> everyPair() {
        return Stream.of(JobStatus.values()).flatMap(from -> Stream.of(JobStatus.values())
                .map(to -> Arguments.of(from, to, LEGAL.get(from).contains(to))));
    }

    @ParameterizedTest(name = "{0} -> {1} legal: {2}")
    @MethodSource("everyPair")
    void eachTransitionIsLegalExactlyWhenTheContractSaysSo(JobStatus from, JobStatus to, boolean legal) {
        assertEquals(legal, from.canMoveTo(to), from + " -> " + to);
    }

    @Test
    void theTableCoversEveryStatusAndHasTenLegalMoves() {
        assertEquals(EnumSet.allOf(JobStatus.class), LEGAL.keySet());
        assertEquals(10, everyPair().filter(pair -> (boolean) pair.get()[2]).count());
        assertEquals(36, everyPair().count());
    }

    @Test
    void onlyQueuedAndRetryingJobsCanBeCancelled() {
        assertEquals(EnumSet.of(QUEUED, RETRYING), JobStatus.CANCELLABLE);
        for (JobStatus status : JobStatus.values()) {
            assertEquals(JobStatus.CANCELLABLE.contains(status), status.canMoveTo(CANCELLED), status.toString());
        }
    }

    @Test
    void onlyFailedAndCancelledJobsCanBeRetried() {
        assertEquals(EnumSet.of(FAILED, CANCELLED), JobStatus.RETRYABLE);
        for (JobStatus status : JobStatus.values()) {
            assertEquals(JobStatus.RETRYABLE.contains(status), status.canMoveTo(QUEUED), status.toString());
        }
    }

    @Test
    void finishedFailedAndCancelledAreTerminal() {
        assertEquals(EnumSet.of(FINISHED, FAILED, CANCELLED),
                EnumSet.copyOf(Stream.of(JobStatus.values()).filter(JobStatus::isTerminal).toList()));
        assertFalse(QUEUED.isTerminal());
        assertFalse(STARTED.isTerminal());
        assertFalse(RETRYING.isTerminal());
    }

    @Test
    void aTerminalJobOnlyLeavesItsStatusByBeingQueuedAgain() {
        for (JobStatus terminal : EnumSet.of(FINISHED, FAILED, CANCELLED)) {
            for (JobStatus next : JobStatus.values()) {
                if (next != QUEUED) {
                    assertFalse(terminal.canMoveTo(next), terminal + " -> " + next);
                }
            }
        }
    }

    @Test
    void statusesAreLowerCaseInJsonAndParseBack() {
        for (JobStatus status : JobStatus.values()) {
            assertEquals(status.name().toLowerCase(java.util.Locale.ROOT), status.json());
            assertEquals(Optional.of(status), JobStatus.parse(status.json()));
        }
        assertTrue(JobStatus.parse("QUEUED").isEmpty(), "parsing is exact: the API speaks lower case");
        assertTrue(JobStatus.parse("done").isEmpty());
        assertTrue(JobStatus.parse(null).isEmpty());
    }
}
