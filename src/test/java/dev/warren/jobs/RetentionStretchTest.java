package dev.warren.jobs;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RetentionStretchTest {

    private static final Instant CUTOFF = Instant.parse("2026-11-19T00:00:00Z");

    private static RetentionStretch.Read job(long seq, String createdAt) {
        return new RetentionStretch.Read(seq, Instant.parse(createdAt));
    }

    @Test
    void aFullBatchCreatedBeforeTheCutoffIsDeletedAndTheWalkReadsOn() {
        List<RetentionStretch.Read> batch = List.of(job(3, "2026-11-01T00:00:00Z"), job(7, "2026-11-02T00:00:00Z"));

        assertEquals(Optional.of(new RetentionStretch(3, 7, false)), RetentionStretch.of(batch, 2, CUTOFF));
    }

    @Test
    void theWalkEndsBeforeTheFirstJobCreatedAtOrAfterTheCutoff() {
        List<RetentionStretch.Read> batch = List.of(job(3, "2026-11-01T00:00:00Z"), job(7, "2026-11-19T00:00:00Z"),
                job(9, "2026-11-20T00:00:00Z"));

        assertEquals(Optional.of(new RetentionStretch(3, 3, true)), RetentionStretch.of(batch, 3, CUTOFF));
    }

    @Test
    void aShortBatchIsTheLast() {
        List<RetentionStretch.Read> batch = List.of(job(3, "2026-11-01T00:00:00Z"));

        assertEquals(Optional.of(new RetentionStretch(3, 3, true)), RetentionStretch.of(batch, 1000, CUTOFF));
    }

    @Test
    void nothingIsDeletedWhenNoJobIsReadOrTheFirstIsTooNew() {
        assertEquals(Optional.empty(), RetentionStretch.of(List.of(), 1000, CUTOFF));
        assertEquals(Optional.empty(), RetentionStretch.of(List.of(job(3, "2026-11-19T00:00:00Z")), 1000, CUTOFF));
    }
}
