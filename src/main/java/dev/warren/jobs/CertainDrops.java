package dev.warren.jobs;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.util.Optional;

/** Reads, before a consumer waits for a permit, whether the claim of its message is sure to drop it ({@link ClaimDrops}). */
final class CertainDrops {

    private final Jdbi jdbi;
    private final JobWriter writer;
    private final StoreWait storeWait;
    private final boolean exclusive;

    CertainDrops(Jdbi jdbi, JobWriter writer, StoreWait storeWait, boolean exclusive) {
        this.jdbi = jdbi;
        this.writer = writer;
        this.storeWait = storeWait;
        this.exclusive = exclusive;
    }

    /** @throws JobStore.Unavailable when a store on a server does not answer within a claim's wait */
    Optional<JobStore.Claim.Drop> of(String messageId, String queue, int generation) {
        if (exclusive) {
            return jdbi.withHandle(handle -> read(handle, messageId, queue, generation));
        }
        // a server's connection can hang (half-open): read through the writer, waited for like a claim, so that the
        // group pauses for a store outage instead of its consumers hanging in the read
        return storeWait.waitFor(writer.submit(handle -> read(handle, messageId, queue, generation)),
                "read of " + messageId);
    }

    private static Optional<JobStore.Claim.Drop> read(Handle handle, String messageId, String queue, int generation) {
        Optional<JobStore.Existing> job = JobLookups.existing(handle, messageId);
        if (job.isPresent() && !job.get().queue().equals(queue)) {
            job = JobLookups.existing(handle, JobLookups.copyId(queue, messageId));
        }
        return job.flatMap(found -> ClaimDrops.certain(found, queue, generation));
    }
}
