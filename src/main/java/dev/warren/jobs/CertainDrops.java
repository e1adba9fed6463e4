package dev.warren.jobs;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads, before a consumer waits for a permit, whether the claim of its message is sure to drop it ({@link ClaimDrops}). */
final class CertainDrops {

    private static final Logger LOG = LoggerFactory.getLogger(CertainDrops.class);

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

    /**
     * Empty also when the store refused the read (the claim then decides, as without this read).
     *
     * @throws JobStore.Unavailable when the store cannot be reached, or one on a server does not answer within a
     *                              claim's wait
     */
    Optional<JobStore.Claim.Drop> of(String messageId, String queue, int generation) {
        try {
            if (exclusive) {
                return jdbi.withHandle(handle -> read(handle, messageId, queue, generation));
            }
            // a server's connection can hang (half-open): read through the writer, waited for like a claim, so that
            // deliveries pause for a store outage instead of their consumers hanging in the read
            return storeWait.waitFor(writer.submit(handle -> read(handle, messageId, queue, generation)),
                    "read of " + messageId);
        } catch (RuntimeException e) {
            if (StoreWait.unreachable(e)) {
                throw e;
            }
            LOG.warn("Could not read whether task {} of {} is to be dropped; its claim decides: {}", messageId, queue,
                    StoreWait.rootMessage(e));
            return Optional.empty();
        }
    }

    /** The job the claim would find (the message's own, or its copy's in this queue), both read in one query. */
    private static Optional<JobStore.Claim.Drop> read(Handle handle, String messageId, String queue, int generation) {
        Map<String, JobStore.Existing> found = JobLookups.existing(handle,
                List.of(messageId, JobLookups.copyId(queue, messageId)));
        JobStore.Existing own = found.get(messageId);
        String jobId = JobLookups.jobId(messageId, queue, own == null ? null : own.queue());
        return Optional.ofNullable(found.get(jobId)).flatMap(job -> ClaimDrops.certain(job, queue, generation));
    }
}
