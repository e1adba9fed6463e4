package dev.warren.jobs;

import org.jdbi.v3.core.Handle;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static dev.warren.jobs.JobSql.time;

/**
 * Jobs of published tasks: inserted once per id (what was there before decides on duplicates), marked confirmed once
 * the broker has them, forgotten when their publish failed. As the writer is the only one to insert, "look up, then
 * insert what is missing" needs no ON CONFLICT, which H2 lacks.
 */
final class JobInserts {

    private static final int MARK_CHUNK = 1000;

    private final JobWriter writer;
    private final Queue<String> awaitingConfirmedMark = new ConcurrentLinkedQueue<>();

    JobInserts(JobWriter writer) {
        this.writer = writer;
    }

    /** Inserts the jobs that are new (as queued); answers, for each job, what was there before. */
    List<Optional<JobStore.Existing>> insert(List<JobStore.NewJob> jobs, Duration timeout) {
        List<String> inserted = new CopyOnWriteArrayList<>();
        CompletableFuture<List<Optional<JobStore.Existing>>> done = writer.submit(handle -> {
            inserted.clear();
            // one lookup and one batched insert for the whole request: the ids of a batch are distinct
            Map<String, JobStore.Existing> before = JobLookups.existing(handle, jobs.stream().map(JobStore.NewJob::id).toList());
            OffsetDateTime now = time(Instant.now());
            List<JobStore.NewJob> fresh = jobs.stream().filter(job -> !before.containsKey(job.id())).toList();
            if (!fresh.isEmpty()) {
                PlainJdbc.batch(handle, """
                        INSERT INTO jobs (id, queue, status, generation, payload_bytes, content_type, content_encoding,
                                          payload_hash, headers, attempts, created_at, updated_at)
                        VALUES (?, ?, """ + JobSql.is(JobStatus.QUEUED) + ", 0, ?, ?, ?, ?, ?, 0, ?, ?)", fresh.stream()
                        .map(job -> new Object[] {job.id(), job.queue(), job.payload(), job.contentType(),
                                job.contentEncoding(), job.payloadHash(), job.headers(), now, now})
                        .toList());
                PlainJdbc.batch(handle, "INSERT INTO unconfirmed_jobs (id) VALUES (?)",
                        fresh.stream().map(job -> new Object[] {job.id()}).toList());
                fresh.forEach(job -> inserted.add(job.id()));
            }
            return jobs.stream().map(job -> Optional.ofNullable(before.get(job.id()))).toList();
        });
        try {
            return done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // the writer applies changes in order: this one runs after the insert, whenever the store answers again
            writer.submit(handle -> inserted.isEmpty() ? 0 : forget(handle, List.copyOf(inserted)));
            throw new JobStore.Unavailable("the job store did not answer within " + timeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            throw new JobStore.Unavailable("the job store failed: " + StoreWait.rootMessage(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JobStore.Unavailable("interrupted while waiting for the job store", e);
        }
    }

    /** Marks published jobs as confirmed by the broker (not waited for). */
    void confirmed(List<String> ids) {
        awaitingConfirmedMark.addAll(ids);
        // whichever of these changes runs first marks the ids waiting then (up to MARK_CHUNK, the largest batch, so
        // the n changes of n requests always mark them all); the later ones find fewer or none left. The ids taken
        // are kept with the change: the writer applies a change again when its group commit failed.
        List<String> marked = new ArrayList<>();
        writer.submit(handle -> {
            if (marked.isEmpty()) {
                for (String id; marked.size() < MARK_CHUNK && (id = awaitingConfirmedMark.poll()) != null; ) {
                    marked.add(id);
                }
            }
            return marked.isEmpty() ? 0 : PlainJdbc.update(handle,
                    "DELETE FROM unconfirmed_jobs WHERE id IN (" + PlainJdbc.placeholders(marked.size()) + ")",
                    marked.toArray());
        });
    }

    /** Deletes rows of jobs whose publish failed, so that a client's retry with the same ids is not taken as a duplicate. */
    void forget(List<String> ids) {
        writer.write(handle -> forget(handle, ids));
    }

    private static int forget(Handle handle, List<String> ids) {
        String in = PlainJdbc.placeholders(ids.size());
        Object[] twice = new Object[ids.size() * 2];
        for (int i = 0; i < ids.size(); i++) {
            twice[i] = ids.get(i);
            twice[ids.size() + i] = ids.get(i);
        }
        PlainJdbc.update(handle, "DELETE FROM jobs WHERE id IN (" + in + ") AND id IN (SELECT id FROM unconfirmed_jobs WHERE id IN ("
                + in + "))", twice);
        return PlainJdbc.update(handle, "DELETE FROM unconfirmed_jobs WHERE id IN (" + in + ")", ids.toArray());
    }
}
