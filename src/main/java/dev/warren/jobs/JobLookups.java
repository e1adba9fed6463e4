package dev.warren.jobs;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.warren.jobs.JobSql.instant;

/** Reads of single jobs the other job store parts decide on: what is stored for an id, and which job a message has. */
final class JobLookups {

    private final Jdbi jdbi;

    JobLookups(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    Optional<JobStore.Existing> existing(String id) {
        return jdbi.withHandle(handle -> existing(handle, id));
    }

    String jobId(String messageId, String queue) {
        return jdbi.withHandle(handle -> jobId(handle, messageId, queue));
    }

    static Optional<JobStore.Existing> existing(Handle handle, String id) {
        return Optional.ofNullable(existing(handle, List.of(id)).get(id));
    }

    static Map<String, JobStore.Existing> existing(Handle handle, List<String> ids) {
        Map<String, JobStore.Existing> found = new HashMap<>();
        PlainJdbc.query(handle, """
                        SELECT j.id, j.queue, j.status, j.generation, j.payload_hash, u.id IS NULL AS confirmed, j.created_at
                        FROM jobs j LEFT JOIN unconfirmed_jobs u ON u.id = j.id WHERE j.id IN (""" + PlainJdbc.placeholders(ids.size()) + ")",
                rs -> new JobStore.Existing(rs.getString("id"), rs.getString("queue"),
                        JobStatus.parse(rs.getString("status")).orElseThrow(), rs.getInt("generation"), rs.getString("payload_hash"),
                        rs.getBoolean("confirmed"), instant(rs.getObject("created_at", OffsetDateTime.class))),
                ids.toArray()).forEach(existing -> found.put(existing.id(), existing));
        return found;
    }

    /** The job of a message in this queue, as {@link #jobId(String, String, String)} finds it in the store. */
    static String jobId(Handle handle, String messageId, String queue) {
        String owner = PlainJdbc.query(handle, "SELECT queue FROM jobs WHERE id = ?", rs -> rs.getString(1), messageId)
                .stream().findFirst().orElse(null);
        return jobId(messageId, queue, owner);
    }

    /**
     * A message's job is the job of its id, unless that job belongs to another queue: copies of one message
     * fanned out to several queues (topic subscribers) are each their own job, "{queue}:{id}".
     *
     * @param ownersQueue the queue of the job of the message's id, null when there is none
     */
    static String jobId(String messageId, String queue, String ownersQueue) {
        return ownersQueue == null || ownersQueue.equals(queue) ? messageId : copyId(queue, messageId);
    }

    /** The job of the copy of a message fanned out to this queue, when the message's own job is another queue's. */
    static String copyId(String queue, String messageId) {
        return queue + ":" + messageId;
    }
}
