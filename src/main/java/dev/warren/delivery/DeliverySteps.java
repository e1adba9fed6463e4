package dev.warren.delivery;

import dev.warren.broker.ConfirmedPublisher;
import dev.warren.broker.DelayQueues;
import dev.warren.broker.OutgoingMessage;
import dev.warren.common.DeliveryCutException;
import dev.warren.common.Utf8Prefix;
import dev.warren.jobs.JobStatus;
import dev.warren.jobs.JobStore;
import dev.warren.ops.DeliveryMdc;
import dev.warren.ops.ShutdownGate;
import dev.warren.ops.WarrenMetrics;
import dev.warren.ops.WarrenMetrics.Outcome;
import dev.warren.tasks.MessageIds;
import dev.warren.tasks.Payloads;
import dev.warren.tasks.TaskHeaders;
import dev.warren.tasks.TaskMessages;
import dev.warren.workers.GroupStats;
import dev.warren.workers.RetryPolicy;
import dev.warren.workers.WorkerGroupConfig;
import dev.warren.workers.WorkerGroups;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.springrabbit.SpringRabbitMQConstants;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The steps every worker route calls, by name as bean "worker": {@code begin} takes the task from the message,
 * {@code prepareHttpCall} turns the message into the target's request, {@code callFailed} records an error
 * instead of a response, and {@code complete} settles the attempt (success, retry on the broker, or dead letter)
 * before the route ends and the message is acknowledged.
 */
public final class DeliverySteps {

    public static final String QUEUE = "warrenQueue";
    public static final String TASK = "warrenTask";
    /** The {@link SourceSteps} of a task that does not come from a queue (set by its source, never by a message). */
    public static final String SOURCE_STEPS = "warrenSourceSteps";
    /** The task's id, for a worker type's own steps (a log line, say) whatever the group consumes. */
    public static final String TASK_ID = "warrenTaskId";
    public static final String ERROR = "warrenError";
    /** Set when the target policy refused the call: the task is dead-lettered, never retried. */
    public static final String REFUSED = "warrenRefused";
    /** The page the scraper type fetches, set by {@link #checkPage} when the task names a valid, allowed host. */
    public static final String PAGE_URL = "pageUrl";
    private static final Logger LOG = LoggerFactory.getLogger(DeliverySteps.class);

    private final WorkerGroups groups;
    private final ConfirmedPublisher publisher;
    private final DelayQueues delays;
    private final JobStore jobs;
    private final Optional<WebhookSignature> signature;
    private final WarrenMetrics metrics;
    private final ShutdownGate shutdown;
    private final TargetPolicy policy;
    private final boolean pagePortsAllowed;
    private volatile StoreOutagePause outagePause;
    private volatile TargetGates gates;
    private volatile RateLimits rateLimits;
    private volatile java.util.function.Predicate<String> deadLetterQueueRestore = queue -> false;
    private volatile java.util.function.Predicate<Thread> callsCut = thread -> false;

    /** A call the group's target gate admitted, settled once (by complete) or released when no attempt was made. */
    private record Permit(TargetGate gate, TargetGate.Go go, java.util.concurrent.atomic.AtomicBoolean done) {
    }

    private static final String PERMIT = "warrenGatePermit";

    public DeliverySteps(WorkerGroups groups, ConfirmedPublisher publisher, DelayQueues delays, JobStore jobs,
                         Optional<WebhookSignature> signature, WarrenMetrics metrics, ShutdownGate shutdown,
                         TargetPolicy policy, boolean pagePortsAllowed) {
        this.policy = policy;
        this.pagePortsAllowed = pagePortsAllowed;
        this.groups = groups;
        this.publisher = publisher;
        this.delays = delays;
        this.jobs = jobs;
        this.signature = signature;
        this.metrics = metrics;
        this.shutdown = shutdown;
    }

    /** Pauses every worker consumer when a claim or an attempt's end cannot reach the job store. */
    public void pauseOnStoreOutage(StoreOutagePause pause) {
        this.outagePause = pause;
    }

    /** Asks each group's target gate (circuit breaker, slow-down) before a delivery. */
    public void gateWith(TargetGates targetGates) {
        this.gates = targetGates;
    }

    /** Declares a queue's missing dead-letter queue again (true when it is there now) before dead-lettering into it. */
    public void restoreDeadLetterQueuesWith(java.util.function.Predicate<String> restore) {
        this.deadLetterQueueRestore = restore;
    }

    /** Where a failed call is known to have been cut by warren (its group stopping) rather than ended by its target. */
    public void seeCutsIn(TargetConnections connections) {
        this.callsCut = connections::isCut;
    }

    /** Waits for each rate-limited group's permit before a task is claimed. */
    public void limitWith(RateLimits limits) {
        this.rateLimits = limits;
    }

    public void begin(Exchange exchange) {
        SourceSteps source = exchange.getProperty(SOURCE_STEPS, SourceSteps.class);
        if (source != null) {
            source.begin(exchange);
            return;
        }
        String queue = exchange.getProperty(QUEUE, String.class);
        Message in = exchange.getMessage();
        Map<String, Object> headers = new LinkedHashMap<>();
        in.getHeaders().forEach((name, value) -> {
            if (!name.startsWith("Camel") && !TaskHeaders.isTransient(name)) {
                headers.put(name, value);
            }
        });
        byte[] body = in.getBody(byte[].class);
        String contentType = in.getHeader(SpringRabbitMQConstants.CONTENT_TYPE, String.class);
        String contentEncoding = in.getHeader(SpringRabbitMQConstants.CONTENT_ENCODING, String.class);
        String id = in.getHeader(SpringRabbitMQConstants.MESSAGE_ID, String.class);
        // a message without id at its first delivery: its derived id is claimed only when no job has it yet
        boolean firstOfDerivedId = false;
        if (id == null) {
            id = MessageIds.derived(queue, body, identifyingProperties(in), headers);
            firstOfDerivedId = jobs.tracking()
                    && !Boolean.TRUE.equals(in.getHeader(SpringRabbitMQConstants.REDELIVERED, Boolean.class));
            if (firstOfDerivedId && hasJob(id)) {
                publishUnderIdOfItsOwn(exchange, queue, id, body, headers, contentType, contentEncoding);
                return;
            }
        }
        OutgoingMessage again = new OutgoingMessage("", queue, id, body, headers, contentType, contentEncoding);
        int generation = number(in.getHeader(TaskHeaders.GENERATION), 0);
        Optional<JobStore.Claim.Drop> early = waitsToStart(queue) ? certainDrop(id, queue, generation) : Optional.empty();
        if (early.isPresent()) {
            drop(exchange, queue, id, early.get());
            return;
        }
        RateLimits allLimits = rateLimits;
        RateLimit limit = allLimits == null ? null : allLimits.limit(queue);
        if (!permitted(exchange, queue, limit, again)) {
            return;
        }
        if (!admitted(exchange, queue, again)) {
            if (limit != null) {
                // held back by the target's gate, not delivered: parking tasks must not use up the rate
                limit.handBack();
            }
            return;
        }
        String thread = Thread.currentThread().getName();
        JobStore.Claim claim;
        try {
            JobStore.Payload payload = new JobStore.Payload(body, contentType, contentEncoding);
            claim = firstOfDerivedId ? jobs.claimNew(id, queue, generation, payload, thread)
                    : jobs.claim(id, queue, generation, in.getHeader(TaskHeaders.TRACKED) != null, payload, thread);
        } catch (RuntimeException e) {
            // not acknowledged: the message goes back to its queue, and the consumers wait for the store
            storeFailed(e);
            throw e;
        }
        if (!(claim instanceof JobStore.Claim.Proceed) && limit != null) {
            // no delivery follows (e.g. the job was cancelled while this consumer waited): the permit goes to the next task
            limit.handBack();
        }
        if (claim instanceof JobStore.Claim.Drop drop) {
            drop(exchange, queue, id, drop);
            return;
        }
        if (claim instanceof JobStore.Claim.Taken) {
            // the same content taken at the same moment by another consumer, which claimed the id first
            publishUnderIdOfItsOwn(exchange, queue, id, body, headers, contentType, contentEncoding);
            return;
        }
        JobStore.Claim.Proceed proceed = (JobStore.Claim.Proceed) claim;
        DeliveryMdc.open(exchange, queue, proceed.jobId());
        int attempt = number(in.getHeader(TaskHeaders.ATTEMPT), 1);
        // the job's count when jobs are kept (it goes on across job retries, replays and redeliveries after a crash)
        int jobAttempt = jobs.tracking() ? proceed.attempt() : attempt;
        TaskInFlight task = new TaskInFlight(queue, id, proceed.jobId(), attempt, jobAttempt, thread, body, headers,
                Instant.now(), contentType, contentEncoding);
        exchange.setProperty(TASK, task);
        exchange.setProperty(TASK_ID, id);
        metrics.attemptStarted(exchange, queue);
        GroupStats stats = groups.stats(queue);
        stats.started(thread, id);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                stats.ended(thread);
            }
        });
    }

    /** True when the group has a rate limit or a target gate: a task may wait (or be turned away) before its claim. */
    private boolean waitsToStart(String queue) {
        RateLimits limits = rateLimits;
        TargetGates targetGates = gates;
        return limits != null && limits.limit(queue) != null || targetGates != null && targetGates.gate(queue) != null;
    }

    /**
     * The drop the claim is sure to decide, read before the wait for a permit: a cancelled, ended or stale task then
     * leaves at once, without a permit or an admission that a live task behind it needs.
     */
    private Optional<JobStore.Claim.Drop> certainDrop(String id, String queue, int generation) {
        try {
            return jobs.certainDrop(id, queue, generation);
        } catch (RuntimeException e) {
            storeFailed(e);
            throw e;
        }
    }

    /** Ends the route for a task whose job must not start: the message is acknowledged and never delivered. */
    private void drop(Exchange exchange, String queue, String id, JobStore.Claim.Drop drop) {
        DeliveryMdc.open(exchange, queue, drop.jobId());
        LOG.info("Task {} of {} dropped: {}", id, queue, drop.reason());
        metrics.cancelled(queue);
        jobs.dropped(drop.jobId(), drop.reason());
        exchange.setRouteStop(true);
    }

    /**
     * Waits for the group's rate limit permit, before the task is claimed (the wait is no attempt), on this consumer's
     * own listener thread (never an event loop). A limited group's consumers have prefetch 1, so meanwhile this one
     * holds only the task it starts next. When no permit is due within {@link RateLimit#HOLD_AT_MOST}, the task
     * waits that long on the broker instead and the route ends here.
     */
    private boolean permitted(Exchange exchange, String queue, RateLimit limit, OutgoingMessage task) {
        if (limit == null || limit.acquire(() -> stopsWaiting(queue))) {
            return true;
        }
        waitOnBroker(exchange, task, RateLimit.HOLD_AT_MOST.toMillis(), "the group's rate limit is reached", false);
        return false;
    }

    /** Whether a consumer waiting for a permit should give its task back: warren stops, or the group is paused or gone. */
    private boolean stopsWaiting(String queue) {
        WorkerGroupConfig config = groups.config(queue);
        return shutdown.isClosed() || config == null || config.desiredConsumers() == 0;
    }

    /**
     * Asks the group's target gate whether the task may be delivered now. When not, the task goes back to its queue
     * through a wait queue with its attempt number unchanged (no attempt made, none counted), and the route ends here.
     */
    private boolean admitted(Exchange exchange, String queue, OutgoingMessage task) {
        TargetGates all = gates;
        TargetGate gate = all == null ? null : all.gate(queue);
        if (gate == null) {
            return true;
        }
        TargetGate.Admission admission = gate.admit(System.currentTimeMillis());
        if (admission instanceof TargetGate.Wait wait) {
            waitOnBroker(exchange, task, wait.delayMs(), wait.reason(), true);
            return false;
        }
        Permit permit = new Permit(gate, (TargetGate.Go) admission, new java.util.concurrent.atomic.AtomicBoolean());
        exchange.setProperty(PERMIT, permit);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                if (permit.done().compareAndSet(false, true)) {
                    permit.gate().release(permit.go());
                }
            }
        });
        return true;
    }

    /**
     * Publishes the task to a wait queue with its attempt number unchanged, and ends the route (acknowledging it); to a
     * gate wait queue when the target gate turned it away, so that a new target gets it back at once.
     */
    private void waitOnBroker(Exchange exchange, OutgoingMessage task, long delayMs, String reason, boolean gate) {
        if (gate) {
            delays.hold(task.routingKey(), delayMs, task);
        } else {
            delays.publish(task.routingKey(), delayMs, task);
        }
        LOG.debug("Task {} of {} waits {} ms: {}", task.id(), task.routingKey(), delayMs, reason);
        exchange.setRouteStop(true);
    }

    /** Tells the group's target gate how the attempt ended; the wait when it was a failed probe, else null. */
    private Long settle(Exchange exchange, WorkerGroupConfig config, Integer status, String error, boolean refused,
                        Long retryAfterMs) {
        Permit permit = exchange.getProperty(PERMIT, Permit.class);
        if (permit == null || !permit.done().compareAndSet(false, true)) {
            return null;
        }
        int consumers = config == null ? 1 : Math.max(1, config.desiredConsumers());
        return permit.gate().settle(permit.go(), status, error, refused, retryAfterMs, System.currentTimeMillis(),
                consumers);
    }

    public void prepareHttpCall(Exchange exchange) {
        SourceSteps source = exchange.getProperty(SOURCE_STEPS, SourceSteps.class);
        if (source != null) {
            source.prepareHttpCall(exchange);
            return;
        }
        TaskInFlight task = exchange.getProperty(TASK, TaskInFlight.class);
        WorkerGroupConfig config = groups.config(task.queue());
        Message message = exchange.getMessage();
        // the body as the route left it: the task's payload, or what a worker type made of it
        byte[] body = message.getBody(byte[].class);
        // the payload as published goes with its content type; what a worker type made of it is JSON
        String contentType = java.util.Arrays.equals(body, task.body())
                ? Payloads.deliveredContentType(task.contentType(), task.contentEncoding(), body) : "application/json";
        new WebhookRequest(task.id(), "X-Warren-Queue", task.queue(), task.jobAttempt(), contentType)
                .writeTo(message, config == null ? null : config.target(), body, signature);
    }

    /**
     * For the scraper type: the page of the task's domain_name (variable "domain") over the group's scheme
     * (variable "scheme"), in variable {@link #PAGE_URL} when the domain is a host name (with a port only when
     * warren.delivery.scraper-allow-port is true) and the target policy allows it. Otherwise the attempt ends as a
     * 422 (not a host) or as refused by the policy, without any fetch.
     */
    public void checkPage(Exchange exchange) {
        String domain = exchange.getVariable("domain", String.class);
        String scheme = exchange.getVariable("scheme", String.class);
        Optional<String> url = PageAddresses.url(scheme, domain, pagePortsAllowed);
        if (url.isEmpty()) {
            exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 422);
            return;
        }
        Optional<String> violation = policy.urlViolation(url.get());
        if (violation.isPresent()) {
            refuse(exchange, violation.get());
            return;
        }
        exchange.setVariable(PAGE_URL, url.get());
    }

    /** For the scraper type: a GET of the page checked by {@link #checkPage}, with no header of the task's. */
    public void preparePageFetch(Exchange exchange) {
        Message message = exchange.getMessage();
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_METHOD, "GET");
        message.setHeader(Exchange.HTTP_URI, exchange.getVariable(PAGE_URL, String.class));
    }


    /** The AMQP properties a publisher sets on a message (not those of one delivery), by name. */
    static Map<String, Object> identifyingProperties(Message in) {
        Map<String, Object> properties = new LinkedHashMap<>();
        for (String name : List.of(SpringRabbitMQConstants.CONTENT_TYPE, SpringRabbitMQConstants.CONTENT_ENCODING,
                SpringRabbitMQConstants.CORRELATION_ID, SpringRabbitMQConstants.TYPE, SpringRabbitMQConstants.APP_ID,
                SpringRabbitMQConstants.USER_ID, SpringRabbitMQConstants.TIMESTAMP, SpringRabbitMQConstants.PRIORITY,
                SpringRabbitMQConstants.REPLY_TO)) {
            properties.put(name, in.getHeader(name));
        }
        return properties;
    }

    /**
     * True when a job has the id a message without one derives at its first delivery: the message is then not a
     * redelivery of that job's message but another message with the same content. A quick look before the wait for a
     * permit; the claim ({@link JobStore#claimNew}) decides atomically.
     */
    private boolean hasJob(String derivedId) {
        try {
            return jobs.existing(derivedId).isPresent();
        } catch (RuntimeException e) {
            storeFailed(e);
            throw e;
        }
    }

    /**
     * Gives a message with the content of another one's job an id of its own (a UUID v7), kept by publishing it again
     * with that id before its first attempt; the original is acknowledged after, and the route ends here.
     */
    private void publishUnderIdOfItsOwn(Exchange exchange, String queue, String derivedId, byte[] body,
                                        Map<String, Object> headers, String contentType, String contentEncoding) {
        OutgoingMessage copy = new OutgoingMessage("", queue, TaskMessages.newId(), body, headers, contentType,
                contentEncoding);
        if (publisher.publish(List.of(copy)).contains(false)) {
            throw new IllegalStateException("Queue " + queue + " does not exist any more");
        }
        LOG.info("A message without id on {} has the content of job {}: published again as {}", queue, derivedId,
                copy.id());
        exchange.setRouteStop(true);
    }

    public void callFailed(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        TargetRefusedException refused = TargetRefusedException.in(e);
        if (refused != null) {
            refuse(exchange, refused.getMessage());
            return;
        }
        exchange.setProperty(ERROR, describe(e));
    }

    private static void refuse(Exchange exchange, String reason) {
        exchange.setProperty(ERROR, "target refused: " + reason);
        exchange.setProperty(REFUSED, true);
    }

    public void complete(Exchange exchange) {
        SourceSteps source = exchange.getProperty(SOURCE_STEPS, SourceSteps.class);
        if (source != null) {
            source.complete(exchange);
            return;
        }
        TaskInFlight task = exchange.getProperty(TASK, TaskInFlight.class);
        WorkerGroupConfig config = groups.config(task.queue());
        RetryPolicy policy = config != null ? config.retry() : RetryPolicy.DEFAULT.withDefaults();
        String error = exchange.getProperty(ERROR, String.class);
        if (error != null && (shutdown.isClosed() || callsCut.test(Thread.currentThread()))) {
            // cut off by warren (its shutdown, or the group's stop), not by the target: the task goes back to its queue
            throw new DeliveryCutException("Delivery of task " + task.id() + " interrupted by "
                    + (shutdown.isClosed() ? "shutdown" : "the stop of its worker group") + " (" + error + ")");
        }
        Integer status = error != null ? null : exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        GroupStats stats = groups.stats(task.queue());
        String resultBody = status == null ? null : resultBody(exchange);
        long durationMs = java.time.Duration.between(task.startedAt(), Instant.now()).toMillis();
        Long retryAfter = RetryAfter.parseMs(exchange.getMessage().getHeader("Retry-After", String.class), Instant.now());
        boolean refused = exchange.getProperty(REFUSED, false, Boolean.class);
        Long probeWait = settle(exchange, config, status, error, refused, status == null ? null : retryAfter);
        if (probeWait != null) {
            // the breaker's probe failed and it opened again: the task waits for the next probe, its attempt not counted
            String reason = status != null ? "HTTP " + status : error;
            record(ended(task, durationMs, status, reason + " (circuit breaker probe)", resultBody, retryAfter),
                    JobStatus.RETRYING);
            delays.hold(task.queue(), probeWait, task.sameAttempt(reason, status));
            stats.retried.incrementAndGet();
            metrics.attemptEnded(task, Outcome.RETRIED);
            LOG.info("Task {} of {}: circuit breaker probe failed ({}), waits {} ms without using an attempt", task.id(),
                    task.queue(), reason, probeWait);
            return;
        }
        if (status == null && error == null) {
            stats.countSucceeded();
            record(ended(task, durationMs, null, null, null, null), JobStatus.FINISHED);
            metrics.attemptEnded(task, Outcome.SUCCEEDED);
            LOG.info("Task {} of {} done: attempt {} in {} ms", task.id(), task.queue(), task.jobAttempt(), durationMs);
            return;
        }
        AttemptOutcome outcome = AttemptDecider.decide(task.attempt(), status, error, !refused, retryAfter, policy);
        if (outcome instanceof AttemptOutcome.Succeeded) {
            stats.countSucceeded();
            record(ended(task, durationMs, status, null, resultBody, retryAfter), JobStatus.FINISHED);
            metrics.attemptEnded(task, Outcome.SUCCEEDED);
            LOG.info("Task {} of {} delivered: attempt {}, HTTP {} in {} ms", task.id(), task.queue(),
                    task.jobAttempt(), status, durationMs);
        } else if (outcome instanceof AttemptOutcome.Retry retry) {
            // recorded first: the next attempt's claim, however soon it comes, then finds the job retrying
            record(ended(task, durationMs, status, retry.reason(), resultBody, retryAfter), JobStatus.RETRYING);
            delays.publish(task.queue(), retry.delayMs(), task.nextAttempt(retry.reason(), status));
            stats.retried.incrementAndGet();
            metrics.attemptEnded(task, Outcome.RETRIED);
            LOG.info("Task {} of {}: attempt {} failed ({}), retry in {} ms", task.id(), task.queue(),
                    task.jobAttempt(), retry.reason(), retry.delayMs());
        } else if (outcome instanceof AttemptOutcome.DeadLetter dead) {
            deadLetter(task.queue(), task.deadLetter(dead.reason(), status));
            record(ended(task, durationMs, status, dead.reason(), resultBody, retryAfter), JobStatus.FAILED);
            stats.countFailed();
            metrics.attemptEnded(task, Outcome.FAILED);
            LOG.info("Task {} of {} dead-lettered: {}", task.id(), task.queue(), dead.reason());
        } else {
            throw new IllegalStateException("Unknown attempt outcome " + outcome);
        }
    }

    /**
     * Records how an attempt ended and waits until the store has committed it: the message is acknowledged only then.
     * When the store cannot be reached (or does not answer in time) this throws, so the message goes back to its
     * queue and is delivered again once the store is back (at least once). A change the store refuses for another
     * reason is logged and the message acknowledged, so that it does not come back forever.
     */
    private void record(JobStore.EndedAttempt attempt, JobStatus status) {
        try {
            jobs.waitFor(jobs.attemptEnded(attempt, status), "end of attempt " + attempt.n() + " of job " + attempt.jobId());
        } catch (JobStore.Unavailable e) {
            if (!JobStore.unreachable(e)) {
                LOG.error("The end of attempt {} of job {} could not be recorded: {}", attempt.n(), attempt.jobId(),
                        e.getMessage());
                return;
            }
            storeFailed(e);
            throw e;
        }
    }

    private void storeFailed(RuntimeException e) {
        StoreOutagePause pause = outagePause;
        if (pause != null && JobStore.unreachable(e)) {
            pause.storeUnreachable();
        }
    }

    private void deadLetter(String queue, OutgoingMessage message) {
        if (!publisher.publish(List.of(message)).contains(false)) {
            return;
        }
        // the dead-letter queue was deleted on the broker: returning the task to its queue would deliver it again at
        // once, past its last attempt and with no backoff, until the broker drops it; so declare the DLQ again first
        if (restoredDeadLetterQueue(queue) && !publisher.publish(List.of(message)).contains(false)) {
            LOG.warn("Dead-letter queue {} was missing: declared it again", message.routingKey());
            return;
        }
        // throwing returns the message to its queue: it is never dropped for want of a dead-letter queue
        throw new IllegalStateException("Dead-letter queue " + message.routingKey() + " does not exist");
    }

    private boolean restoredDeadLetterQueue(String queue) {
        try {
            return deadLetterQueueRestore.test(queue);
        } catch (RuntimeException e) {
            LOG.warn("Dead-letter queue of {} could not be declared again: {}", queue, e.getMessage());
            return false;
        }
    }

    private static JobStore.EndedAttempt ended(TaskInFlight task, long durationMs, Integer httpStatus, String error,
                                               String resultBody, Long retryAfterMs) {
        return new JobStore.EndedAttempt(task.jobId(), task.jobAttempt(), task.startedAt(), task.worker(), durationMs,
                httpStatus, error, resultBody, retryAfterMs);
    }


    /** A numeric header, or the default when it is absent or not a number. */
    static int number(Object header, int defaultValue) {
        if (header instanceof Number n) {
            return Math.max(defaultValue, n.intValue());
        }
        try {
            return header == null ? defaultValue : Math.max(defaultValue, Integer.parseInt(header.toString()));
        } catch (NumberFormatException e) {
            return defaultValue;
        }
    }

    /** The first 4 KiB of the target's answer, cut between two characters, for the job's result. */
    public static String resultBody(Exchange exchange) {
        byte[] body = exchange.getMessage().getBody(byte[].class);
        return body == null ? null : Utf8Prefix.of(body, JobStore.RESULT_BODY_LIMIT);
    }

    public static String describe(Throwable e) {
        if (e == null) {
            return "unknown error";
        }
        String name = e.getClass().getSimpleName();
        if (name.contains("Timeout")) {
            return "timeout (" + e.getMessage() + ")";
        }
        if (e instanceof java.net.ConnectException || name.contains("Connect")) {
            return "connection failed (" + e.getMessage() + ")";
        }
        if (e instanceof java.net.UnknownHostException) {
            return "host not found (" + e.getMessage() + ")";
        }
        if (e instanceof javax.net.ssl.SSLException) {
            return "TLS failed (" + e.getMessage() + ")";
        }
        if (name.equals("NoHttpResponseException")) {
            return "no answer: the target closed the connection (" + e.getMessage() + ")";
        }
        return name + ": " + e.getMessage();
    }
}
