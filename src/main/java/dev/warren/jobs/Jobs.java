package dev.warren.jobs;

import dev.warren.common.Json;
import dev.warren.common.ProblemException;
import dev.warren.broker.ConfirmedPublisher;
import dev.warren.broker.OutgoingMessage;
import dev.warren.tasks.TaskHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The lifecycle of jobs: accepting published tasks (once per id), cancelling, retrying, and their history. */
public final class Jobs {

    private static final Logger LOG = LoggerFactory.getLogger(Jobs.class);

    /** What becomes of a published task given what the store already holds for its id. */
    public sealed interface Acceptance {
        /** A new job, or one whose earlier publish never got confirmed: publish it. */
        record Publish(String id) implements Acceptance {
        }

        /** The id was accepted before with the same payload: answer as then, publish nothing. */
        record Duplicate(String id) implements Acceptance {
        }

        /** The id was used for something else, or is being published right now (passing: retrySoon): 409. */
        record Conflict(String id, String why, boolean retrySoon) implements Acceptance {
            Conflict(String id, String why) {
                this(id, why, false);
            }
        }
    }

    /**
     * Publishes again the jobs of a source that is not a RabbitMQ queue (a Kafka topic's worker group, "kafka:{topic}"),
     * as a retry asks.
     */
    public interface Redelivery {

        /** Whether the jobs of this queue are this source's. */
        boolean handles(String queue);

        /** Refuses (a ProblemException) a retry that could not be delivered, before the job is queued again. */
        void check(String queue);

        /** Publishes the job at its new generation, answering once the source took it; throws when it did not. */
        void publish(JobStore.Republish job);
    }

    private final JobStore store;
    private final ConfirmedPublisher publisher;
    /** Set once the sources beside RabbitMQ are wired (after the jobs): none when warren has none. */
    private volatile Redelivery elsewhere;
    private final Duration unconfirmedAfter;
    private final Duration storeTimeout;

    public Jobs(JobStore store, ConfirmedPublisher publisher, Duration unconfirmedAfter) {
        this(store, publisher, unconfirmedAfter, Duration.ofSeconds(5));
    }

    /**
     * @param unconfirmedAfter after this long, a job whose publish was never confirmed counts as never published
     * @param storeTimeout     how long a publish waits for the store to record its tasks before it is answered 503
     */
    public Jobs(JobStore store, ConfirmedPublisher publisher, Duration unconfirmedAfter, Duration storeTimeout) {
        this.store = store;
        this.publisher = publisher;
        this.unconfirmedAfter = unconfirmedAfter;
        this.storeTimeout = storeTimeout;
    }

    /** Records the tasks about to be published; a 409 (and nothing recorded) if any id conflicts. */
    public List<Acceptance> accept(String queue, List<OutgoingMessage> messages) {
        List<JobStore.NewJob> jobs = messages.stream().map(m -> newJob(queue, m)).toList();
        List<Optional<JobStore.Existing>> before;
        try {
            before = store.insert(jobs, storeTimeout);
        } catch (JobStore.Unavailable e) {
            throw ProblemException.unavailable("The job store is unavailable (" + e.getMessage() + "); nothing was enqueued");
        }
        List<Acceptance> decisions = new ArrayList<>(jobs.size());
        for (int i = 0; i < jobs.size(); i++) {
            decisions.add(decide(jobs.get(i), before.get(i).orElse(null), Instant.now()));
        }
        Optional<Acceptance.Conflict> conflict = decisions.stream()
                .filter(Acceptance.Conflict.class::isInstance).map(Acceptance.Conflict.class::cast).findFirst();
        if (conflict.isPresent()) {
            List<String> inserted = new ArrayList<>();
            for (int i = 0; i < jobs.size(); i++) {
                if (before.get(i).isEmpty()) {
                    inserted.add(jobs.get(i).id());
                }
            }
            if (!inserted.isEmpty()) {
                store.forget(inserted);
            }
            throw conflict.get().retrySoon() ? ProblemException.conflictForNow(conflict.get().why())
                    : ProblemException.conflict(conflict.get().why());
        }
        return decisions;
    }

    /** The job of a message about to be published to the queue: its id, payload and own headers. */
    static JobStore.NewJob newJob(String queue, OutgoingMessage m) {
        return new JobStore.NewJob(m.id(), queue, m.body(), hash(m.body()), headersJson(m.headers()), m.contentType(),
                m.contentEncoding());
    }

    /** The rule for a task id that may have been published before. */
    Acceptance decide(JobStore.NewJob job, JobStore.Existing existing, Instant now) {
        if (existing == null) {
            return new Acceptance.Publish(job.id());
        }
        if (!existing.queue().equals(job.queue())) {
            // the other queue is not named: a key limited to some queues must not learn of others' jobs
            return new Acceptance.Conflict(job.id(), "Task id " + job.id() + " already names a job of another queue "
                    + "(task ids are unique across queues)");
        }
        if (!existing.payloadHash().equals(job.payloadHash())) {
            return new Acceptance.Conflict(job.id(), "Task id " + job.id() + " was already published with another payload");
        }
        if (!existing.confirmed() && untouched(existing)) {
            return existing.createdAt().plus(unconfirmedAfter).isBefore(now)
                    ? new Acceptance.Publish(job.id())
                    : new Acceptance.Conflict(job.id(), "Task id " + job.id() + " is being published right now; retry shortly", true);
        }
        return new Acceptance.Duplicate(job.id());
    }

    /**
     * Whether a job is as its publish left it: queued at its first generation. Only such a job's publish can still be
     * unconfirmed for want of its message; a consumer's claim, a cancel, a retry or an end shows the publish was made,
     * whether or not its confirm was recorded (warren died or the store failed just after the 202).
     */
    private static boolean untouched(JobStore.Existing existing) {
        return existing.status() == JobStatus.QUEUED && existing.generation() == 0;
    }

    /** The message marked as one whose job warren keeps, when it keeps jobs. */
    public OutgoingMessage tracked(OutgoingMessage message) {
        if (!store.tracking()) {
            return message;
        }
        Map<String, Object> headers = new LinkedHashMap<>(message.headers());
        headers.put(TaskHeaders.TRACKED, true);
        return new OutgoingMessage(message.exchange(), message.routingKey(), message.id(), message.body(), headers);
    }

    public void published(List<String> ids) {
        store.confirmed(ids);
    }

    public void notPublished(List<String> ids) {
        store.forget(ids);
    }

    /** Up to limit jobs (of this queue and status when given) with a position below before, newest first, each with its position. */
    public List<Map.Entry<Long, JobView>> list(String queue, JobStatus status, long before, int limit) {
        return store.views().list(queue, status, before, limit);
    }

    /** Up to limit jobs matching the filter with a position below before, newest first; see {@link JobViews#list(JobFilter, long, int)}. */
    public JobViews.Rows list(JobFilter filter, long before, int limit) {
        return store.views().list(filter, before, limit);
    }

    public JobView get(String id) {
        return store.views().find(id).orElseThrow(() -> notFound(id));
    }

    /** queued or retrying → cancelled: the consumer drops its message when it comes up. */
    public JobView cancel(String id) {
        if (!store.move(id, JobStatus.Change.CANCEL)) {
            JobStore.Existing job = store.existing(id).orElseThrow(() -> notFound(id));
            throw ProblemException.conflict("Job " + id + " is " + job.status().json()
                    + "; only a queued or retrying job can be cancelled");
        }
        LOG.info("Job {} cancelled", id);
        return get(id);
    }

    /** The source beside RabbitMQ whose jobs a retry publishes there (a Kafka topic's worker group). */
    public void redeliverElsewhere(Redelivery redelivery) {
        this.elsewhere = redelivery;
    }

    /**
     * Notes that the broker emptied the queue (a purge or a delete) warren asked for at this time, so that the
     * reconciliation marks the jobs whose message that removed cancelled rather than failed. A failure is logged, not
     * thrown: the broker's change is made, and those jobs then show as failed with an unknown outcome.
     */
    public void queueEmptied(String queue, Instant askedAt, QueueEmptied.By by) {
        try {
            store.queueEmptied(queue, new QueueEmptied(askedAt, by));
        } catch (RuntimeException e) {
            LOG.warn("The {} of queue {} was not recorded in the job store ({}): its jobs whose message it removed will show"
                    + " as failed (outcome unknown) rather than cancelled", by.sql(), queue, e.getMessage());
        }
    }

    /**
     * failed or cancelled → queued again, as a new generation: its attempts are kept, new ones are added. A job of a
     * source beside RabbitMQ (a Kafka topic) is published to it again.
     */
    public JobView retry(String id) {
        JobStore.Existing existing = store.existing(id).orElseThrow(() -> notFound(id));
        Redelivery other = null;
        if (dev.warren.broker.Names.violation(existing.queue()).isPresent()) {
            other = elsewhere;
            if (other == null || !other.handles(existing.queue())) {
                throw ProblemException.conflict("Job " + id + " was delivered from " + existing.queue()
                        + ", which this warren does not reach: it cannot be retried here");
            }
            other.check(existing.queue());
        }
        JobStore.Republish republish = store.requeue(id, JobStatus.Change.RETRY, null)
                .orElseThrow(() -> ProblemException.conflict("Job " + id + " is " + store.existing(id)
                        .map(j -> j.status().json()).orElse("gone") + "; only a failed or cancelled job can be retried"));
        try {
            if (other != null) {
                other.publish(republish);
            } else if (publisher.publish(List.of(message(republish))).contains(false)) {
                throw ProblemException.notFound("Queue " + republish.queue() + " does not exist any more");
            }
        } catch (RuntimeException e) {
            store.unrequeue(republish);
            throw e;
        }
        LOG.info("Job {} queued again (generation {})", id, republish.generation());
        return get(id);
    }

    /** The message that publishes a job again, as its new generation. */
    public static OutgoingMessage message(JobStore.Republish job) {
        Map<String, Object> headers = new LinkedHashMap<>(readHeaders(job.headers()));
        headers.put(TaskHeaders.GENERATION, job.generation());
        headers.put(TaskHeaders.TRACKED, true);
        return new OutgoingMessage("", job.queue(), job.id(), job.payload(), headers, job.contentType(), job.contentEncoding());
    }

    public JobStore store() {
        return store;
    }

    private ProblemException notFound(String id) {
        return ProblemException.notFound("No job " + id + (store.tracking() ? ""
                : " (job tracking is off, warren.jobs.tracking=false: tasks are published and delivered without jobs)"));
    }

    static String hash(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Only the task's own headers are kept: warren's are set anew at each publish. */
    private static String headersJson(Map<String, Object> headers) {
        Map<String, Object> kept = new LinkedHashMap<>(headers);
        kept.keySet().removeIf(name -> name.startsWith(TaskHeaders.PREFIX) && !name.equals(TaskHeaders.QUEUE)
                && !name.equals(TaskHeaders.PUBLISHED_AT));
        return new String(Json.write(kept), StandardCharsets.UTF_8);
    }

    /** A job's kept headers (as {@link JobStore.Republish#headers()} holds them); none when unreadable. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> readHeaders(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            return Json.MAPPER.readValue(json, Map.class);
        } catch (java.io.IOException e) {
            return Map.of();
        }
    }
}
