package dev.warren.jobs;

import java.util.Optional;

/** When a claim drops a message instead of starting its job, and which of those drops are certain before the claim. */
public final class ClaimDrops {

    private ClaimDrops() {
    }

    /** Why a message whose job exists but could not start is dropped: the job has ended, or it was published again. */
    static String reason(JobStore.Existing job) {
        return job.status().isTerminal() ? "the job is " + job.status().json()
                : "the message is stale: the job was published again since";
    }

    /**
     * The drop a claim of a message of this queue and generation is sure to decide, known from its job as read now:
     * the job has ended or was cancelled (only a new generation starts it again), or it was published again since
     * (generations only grow). Empty when only the claim can tell (no job, another queue's job, a waiting job).
     */
    public static Optional<JobStore.Claim.Drop> certain(JobStore.Existing job, String queue, int generation) {
        if (!job.queue().equals(queue) || !(job.status().isTerminal() || job.generation() > generation)) {
            return Optional.empty();
        }
        return Optional.of(new JobStore.Claim.Drop(job.id(), reason(job)));
    }
}
