package dev.warren.jobs;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Which jobs of one read batch the retention cleanup may delete (a stretch of seq numbers), and whether it reads on. */
record RetentionStretch(long firstSeq, long lastSeq, boolean last) {

    /** A job as the cleanup reads it, in seq order within one status. */
    record Read(long seq, Instant createdAt) {
    }

    /**
     * From the batch's first job up to the one before the first created at or after the cutoff: seq follows creation,
     * so the jobs after it are newer still and the walk ends there, as it does after a batch shorter than asked for.
     * Empty when there is nothing to delete: no job read, or the first one created at or after the cutoff.
     */
    static Optional<RetentionStretch> of(List<Read> batch, int asked, Instant cutoff) {
        int end = 0;
        while (end < batch.size() && batch.get(end).createdAt().isBefore(cutoff)) {
            end++;
        }
        if (end == 0) {
            return Optional.empty();
        }
        boolean last = end < batch.size() || batch.size() < asked;
        return Optional.of(new RetentionStretch(batch.get(0).seq(), batch.get(end - 1).seq(), last));
    }
}
