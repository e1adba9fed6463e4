package dev.warren.api;

import dev.warren.common.Problem;
import dev.warren.common.Json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warren.broker.ExchangeSettings;
import dev.warren.broker.QueueSettings;
import dev.warren.jobs.JobStatus;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What Camel's OpenAPI reader cannot know from the records: which fields are required, the values a string field
 * takes, a one-line description of each schema, any-JSON payloads, the Flask publish body and a relative server.
 */
final class OpenApiCorrections {

    /** Any JSON value: the reader makes Jackson's JsonNode an object. */
    static final String ANY_JSON = "JsonNode";

    /** Request fields warren refuses to do without, and answer fields it always sends with a value. */
    static final Map<String, List<String>> REQUIRED = Map.ofEntries(
            Map.entry("TaskRequest", List.of("payload")),
            Map.entry("BatchRequest", List.of("tasks")),
            Map.entry("WorkerGroupSpec", List.of("type")),
            Map.entry("AutoscaleSettings", List.of("max")),
            Map.entry("Autoscale", List.of("min", "max", "targetBacklogPerConsumer")),
            Map.entry("ScaleDecision", List.of("at", "from", "to", "reason")),
            Map.entry("Target", List.of("url")),
            Map.entry("RateLimitSettings", List.of("perSecond")),
            Map.entry("RateLimitState", List.of("perSecond", "burst", "waits", "waitedMs", "sentBack")),
            Map.entry("ScaleRequest", List.of("count")),
            Map.entry("CompatScaleRequest", List.of("count")),
            Map.entry("ExchangeSettings", List.of("type")),
            Map.entry("BindingRequest", List.of("queue")),
            Map.entry("PublishRequest", List.of("payload")),
            Map.entry("MessageRequest", List.of("payload")),
            Map.entry("QueueView", List.of("name", "durable", "messages", "messagesReady", "consumers")),
            Map.entry("DeadLetter", List.of("queue", "messages")),
            Map.entry("WorkerGroupView", List.of("queue", "type", "count", "running", "state", "prefetch")),
            Map.entry("KafkaWorkerGroupView", List.of("topic", "type", "count", "consumers", "partitions", "state",
                    "consumerGroup", "deadLetterTopic", "target", "retry", "processed", "succeeded", "failed", "retried")),
            Map.entry("Consumer", List.of("id", "thread", "since")),
            Map.entry("Workers", List.of("type", "desired", "running", "state")),
            Map.entry("JobView", List.of("id", "queue", "status", "createdAt", "attemptCount")),
            Map.entry("Attempt", List.of("n", "startedAt")),
            Map.entry("TopicView", List.of("name")),
            Map.entry("SubscriberView", List.of("id", "queue", "messages")),
            Map.entry("ExchangeView", List.of("name", "type", "durable")),
            Map.entry("BindingView", List.of("exchange", "queue", "routingKey")),
            Map.entry("PulledMessage", List.of("id")),
            Map.entry("WorkerType", List.of("name", "file", "notTakenBy")),
            Map.entry("GroupRefusal", List.of("queue", "error")),
            Map.entry("Parameter", List.of("name", "required")),
            Map.entry("BrokerConsumer", List.of("queue", "consumerTag", "prefetch", "ackRequired")),
            Map.entry("Overview", List.of("at", "ready", "problems", "sampleSeconds", "historySamples", "queues")),
            Map.entry("QueueSummary", List.of("name", "ready", "inFlight", "deadLetters", "consumers", "rates")),
            Map.entry("Rates", List.of("published", "succeeded", "failed")),
            Map.entry("QueuePage", List.of("items")),
            Map.entry("ScheduleRequest", List.of("cron", "queue")),
            Map.entry("ScheduleView", List.of("name", "cron", "timeZone", "queue", "missedRuns", "state", "runs")),
            Map.entry("SchedulePage", List.of("items")),
            Map.entry("BindingPage", List.of("items")),
            Map.entry("WorkerGroupPage", List.of("items")),
            Map.entry("TopicPage", List.of("items")),
            Map.entry("SubscriberPage", List.of("items")),
            Map.entry("ExchangePage", List.of("items")),
            Map.entry("ConnectionPage", List.of("items")),
            Map.entry("ConsumerPage", List.of("items")),
            Map.entry("JobPage", List.of("items")),
            Map.entry("PublishedTask", List.of("id", "queue", "status")),
            Map.entry("PublishedBatch", List.of("ids")),
            Map.entry("Purged", List.of("purged")),
            Map.entry("Replayed", List.of("replayed")),
            Map.entry("RetryRequest", List.of("ids")),
            Map.entry("RetriedJobs", List.of("items")),
            Map.entry("RetriedJob", List.of("id", "status", "outcome")),
            Map.entry("Topic", List.of("name")),
            Map.entry("Subscribed", List.of("id", "queue")),
            Map.entry("PublishedToTopic", List.of("id")),
            Map.entry("PublishedToExchange", List.of("id", "routed")),
            Map.entry("PulledMessages", List.of("items")),
            Map.entry("Cleared", List.of("queue", "purged", "workersStopped")),
            Map.entry("Problem", List.of("type", "title", "status")),
            Map.entry("KeyRequest", List.of("name", "role")),
            Map.entry("CreatedKey", List.of("id", "name", "role", "queuePatterns", "prefix", "createdAt", "key")),
            Map.entry("ApiKey", List.of("id", "name", "role", "queuePatterns", "prefix", "createdAt")),
            Map.entry("WhoAmI", List.of("name", "role", "queuePatterns", "authEnabled")),
            Map.entry("KeyPage", List.of("items")),
            Map.entry("AuditEntry", List.of("at", "method", "path", "status", "outcome")),
            Map.entry("AuditPage", List.of("items")),
            Map.entry("FieldError", List.of("field", "message")),
            Map.entry("KafkaMessageRequest", List.of("payload")),
            Map.entry("KafkaBatchRequest", List.of("messages")),
            Map.entry("KafkaTopicPage", List.of("items")),
            Map.entry("KafkaTopicSummary", List.of("name", "partitionCount", "replicationFactor")),
            Map.entry("KafkaTopicView", List.of("name", "partitionCount", "replicationFactor", "partitions", "consumerGroups")),
            Map.entry("KafkaPartition", List.of("partition", "replicas", "inSync", "startOffset", "endOffset")),
            Map.entry("KafkaGroupLag", List.of("group", "lag", "partitions")),
            Map.entry("KafkaPartitionLag", List.of("partition", "committedOffset", "lag")),
            Map.entry("PublishedToKafka", List.of("topic", "messages")),
            Map.entry("KafkaWritten", List.of("id", "partition", "offset")),
            Map.entry("KafkaPulledMessages", List.of("items")),
            Map.entry("KafkaPulledMessage", List.of("partition", "offset", "headers")));

    /** The values a string field takes ("Schema.field"). */
    private static final List<String> ROLES = Arrays.stream(dev.warren.auth.Role.values()).map(dev.warren.auth.Role::json).toList();

    private static final List<String> MISSED_RUNS = Arrays.stream(dev.warren.schedules.MissedRuns.values())
            .map(dev.warren.schedules.MissedRuns::json).toList();

    static final Map<String, List<String>> ENUMS = Map.ofEntries(
            Map.entry("QueueSettings.type", List.of(QueueSettings.QUORUM, QueueSettings.CLASSIC)),
            Map.entry("KeyRequest.role", ROLES), Map.entry("CreatedKey.role", ROLES), Map.entry("ApiKey.role", ROLES),
            Map.entry("WhoAmI.role", ROLES),
            Map.entry("ExchangeSettings.type", ExchangeSettings.TYPES),
            Map.entry("Target.method", List.of("POST", "PUT", "PATCH", "GET", "DELETE")),
            Map.entry("WorkerGroupView.state", List.of("running", "paused", "stopped")),
            Map.entry("KafkaWorkerGroupView.state", List.of("running", "paused", "stopped")),
            Map.entry("JobView.status", Arrays.stream(JobStatus.values()).map(JobStatus::json).toList()),
            Map.entry("PublishedTask.status", List.of(JobStatus.QUEUED.json())),
            Map.entry("ScheduleRequest.missedRuns", MISSED_RUNS), Map.entry("ScheduleView.missedRuns", MISSED_RUNS),
            Map.entry("ScheduleView.state", List.of("active", "paused")));

    static final Map<String, String> DESCRIPTIONS = Map.ofEntries(
            Map.entry("KeyRequest", "A new API key: its name, role (viewer, publisher, operator, admin), optional queue patterns and expiry"),
            Map.entry("CreatedKey", "A new API key with the key itself, shown in this answer only"),
            Map.entry("ApiKey", "An API key's metadata; never the key or its hash"),
            Map.entry("WhoAmI", "The calling key: id, name, role, queue patterns; and whether keys are checked at all"),
            Map.entry("KeyPage", "A page of API keys; next is the cursor of the following page, null on the last"),
            Map.entry("AuditEntry", "One state-changing request: when, which key, method, path, target, status and outcome"),
            Map.entry("AuditPage", "A page of audit entries, newest first; next is the before cursor of the following page, null on the last"),
            Map.entry(ANY_JSON, "Any JSON value: object, array, string, number, boolean or null"),
            Map.entry("TaskRequest", "A task: its payload and, optionally, an id (an idempotency key), a delay and headers"),
            Map.entry("BatchRequest", "1-1000 tasks published all or none"),
            Map.entry("QueueSettings", "How a queue is declared; every field is optional"),
            Map.entry("QueueView", "A queue: the broker's counts, its dead-letter queue and its worker group"),
            Map.entry("DeadLetter", "A queue's dead-letter queue and the messages waiting in it"),
            Map.entry("QueuePage", "A page of queues; next is the cursor of the following page, null on the last"),
            Map.entry("ScheduleRequest", "A schedule: a Quartz cron (seconds first) in a time zone, a queue, and a payload or a batch of tasks per run"),
            Map.entry("ScheduleView", "A schedule with its state, next run time, last run, last job ids and last error"),
            Map.entry("SchedulePage", "A page of schedules by name; next is the cursor of the following page, null on the last"),
            Map.entry("WorkerGroupSpec", "A worker group: how many consumers of which worker type, and its settings"),
            Map.entry("WorkerGroupView", "A worker group as it runs, with its consumers"),
            Map.entry("WorkerGroupPage", "A page of worker groups; next is the cursor of the following page, null on the last"),
            Map.entry("Consumer", "One consumer of a worker group and the job it works on"),
            Map.entry("InstanceShare", "One live warren instance's share of a group's count, its consumers running and its type's hash"),
            Map.entry("Target", "The HTTP endpoint an http worker delivers tasks to"),
            Map.entry("RetryPolicy", "How failed deliveries are retried before a task is dead-lettered"),
            Map.entry("CircuitBreakerSettings", "The group's circuit breaker for its target; off when absent (see docs/adaptive-delivery.md)"),
            Map.entry("SlowDownSettings", "How the group slows down on 429/503 and Retry-After; off when absent"),
            Map.entry("AutoscaleSettings", "Autoscaling: warren sets the count from the queue's backlog between min and max; off when absent (see docs/adaptive-delivery.md)"),
            Map.entry("Autoscale", "The group's autoscaling limits and the autoscaler's last change of its count"),
            Map.entry("ScaleDecision", "A change of an autoscaled group's count: when, from, to and why"),
            Map.entry("TargetState", "How deliveries to the group's target stand on this instance: circuit breaker and slow-down"),
            Map.entry("RateLimitSettings", "The group's rate limit over all its instances; off when absent (see docs/adaptive-delivery.md)"),
            Map.entry("RateLimitState", "How the group's rate limit stands on this instance: its part of the limit and the waits for permits"),
            Map.entry("ScaleRequest", "The new number of consumers"),
            Map.entry("CompatScaleRequest", "The Flask API's scale body: a number of consumers and, optionally, a worker type"),
            Map.entry("WorkerType", "A worker type of routes/ and the parameters it takes; error is set when its file is invalid, notTakenBy lists the groups that could not take its latest definition"),
            Map.entry("GroupRefusal", "A worker group that could not take its type's latest definition and why; it runs its last good version"),
            Map.entry("Parameter", "A parameter of a worker type"),
            Map.entry("JobView", "A job: a task's status, times, attempts and last result"),
            Map.entry("JobPage", "A page of jobs, newest first; next is the cursor of the following page, null on the last"),
            Map.entry("Attempt", "One delivery attempt of a job"),
            Map.entry("Result", "The target's answer to the last attempt: its status and the first 4 KiB of its body"),
            Map.entry("ReplayRequest", "How many dead letters to move back at most (all when absent)"),
            Map.entry("Replayed", "How many dead letters were moved back to the queue"),
            Map.entry("QueueLimits", "A queue's max length, message TTL, delivery limit and overflow, from its arguments or policy"),
            Map.entry("RetryRequest", "The ids of the jobs to queue again, 1 to 500"),
            Map.entry("RetriedJobs", "What a bulk retry did with each job, in the order asked"),
            Map.entry("RetriedJob", "One job of a bulk retry: the status a single retry would have answered, its outcome and why"),
            Map.entry("PublishedTask", "A published task; its job is at /api/jobs/{id}"),
            Map.entry("PublishedBatch", "The ids of the published tasks, in the order sent"),
            Map.entry("Purged", "How many ready messages were removed"),
            Map.entry("Cleared", "What clearing a queue did: messages purged and whether a worker group was stopped"),
            Map.entry("Topic", "A topic: a durable fanout exchange"),
            Map.entry("TopicView", "A topic and its number of subscribers"),
            Map.entry("TopicPage", "A page of topics; next is the cursor of the following page, null on the last"),
            Map.entry("SubscriberRequest", "A subscriber's id (generated when absent)"),
            Map.entry("Subscribed", "A subscriber and its queue {topic}.{id}"),
            Map.entry("SubscriberView", "A subscriber, its queue and the messages waiting in it"),
            Map.entry("SubscriberPage", "A page of subscribers; next is the cursor of the following page, null on the last"),
            Map.entry("MessageRequest", "A message for every subscriber of a topic: a payload and optional headers"),
            Map.entry("PublishedToTopic", "A message published to a topic; subscribers is null when the management API could not count them"),
            Map.entry("PulledMessage", "A message taken from a subscriber's queue"),
            Map.entry("PulledMessages", "The messages taken (and acknowledged)"),
            Map.entry("ExchangeSettings", "The type of an exchange to declare"),
            Map.entry("ExchangeView", "An exchange of the broker"),
            Map.entry("ExchangePage", "A page of exchanges; next is the cursor of the following page, null on the last"),
            Map.entry("BindingRequest", "A binding of a queue to an exchange: routing key and, for headers exchanges, arguments"),
            Map.entry("BindingView", "A binding of a queue to an exchange"),
            Map.entry("BindingPage", "A page of an exchange's bindings, by queue and routing key; next is the cursor of the following page, null on the last"),
            Map.entry("PublishRequest", "A message for an exchange: routing key, payload and optional headers"),
            Map.entry("PublishedToExchange", "A message published to an exchange; routed is false when no binding matched"),
            Map.entry("Connection", "A client connection to the broker"),
            Map.entry("ConnectionPage", "A page of connections; next is the cursor of the following page, null on the last"),
            Map.entry("BrokerConsumer", "A consumer on the broker"),
            Map.entry("ConsumerPage", "A page of consumers; next is the cursor of the following page, null on the last"),
            Map.entry("Overview", "Readiness problems in words and the counts, consumers and recent rates of each queue the key may use (a key limited to some queues: only those, and only problems about warren as a whole or about them); countsAt is when the broker last reported the counts"),
            Map.entry("QueueSummary", "A queue at a glance: ready, in-flight (unacknowledged) and dead-lettered messages, its worker group (null when none) and its rates"),
            Map.entry("Workers", "A queue's worker group: its type, consumers desired (count) and running, and its state"),
            Map.entry("Rates", "Tasks published, succeeded and failed in each of the last sample intervals (sampleSeconds long), oldest first"),
            Map.entry("Problem", "An RFC 9457 problem: the body of every error"),
            Map.entry("FieldError", "One invalid field of a request and what is wrong with it"),
            Map.entry("KafkaMessageRequest", "A message for a Kafka topic: any JSON payload, an optional id, key (it picks the partition) and headers"),
            Map.entry("KafkaBatchRequest", "1-1000 Kafka messages, each acknowledged before the answer"),
            Map.entry("KafkaTopicSettings", "How a Kafka topic is created; every field is optional (the cluster's defaults)"),
            Map.entry("KafkaTopicPage", "A page of Kafka topics by name; next is the cursor of the following page, null on the last"),
            Map.entry("KafkaTopicSummary", "A Kafka topic as listed: its partitions and replication factor"),
            Map.entry("KafkaTopicView", "A Kafka topic: partitions with offsets, retention, the lag of each consumer group, its worker group"),
            Map.entry("KafkaPartition", "A partition of a Kafka topic: leader, replicas, in-sync replicas, first and next offset"),
            Map.entry("KafkaGroupLag", "A consumer group's committed position on the topic and its lag, in all and per partition"),
            Map.entry("KafkaPartitionLag", "A consumer group's committed offset on one partition and how far it is behind the end"),
            Map.entry("KafkaWorkerGroupView", "A Kafka topic's worker group: consumers asked and running (at most one per partition), target, retries, circuit breaker, slow-down and rate limit"),
            Map.entry("PublishedToKafka", "Messages the Kafka cluster acknowledged (acks=all), with their partitions and offsets"),
            Map.entry("KafkaWritten", "Where an acknowledged message was written: its id, partition and offset"),
            Map.entry("KafkaPulledMessages", "The messages taken; the group's offsets were committed past them"),
            Map.entry("KafkaPulledMessage", "A Kafka message as pulled: id (warren's header), partition, offset, key, payload, headers, timestamp"));

    /** What a field means where its name does not say it all ("Schema.field"). */
    static final Map<String, String> PROPERTY_DESCRIPTIONS = Map.ofEntries(
            Map.entry("TaskRequest.payload", "The task: any JSON value, delivered as the request body"),
            Map.entry("TaskRequest.id", "1-200 characters of A-Z a-z 0-9 . _ : -, not only dots; an idempotency key (generated, a UUIDv7, when absent)"),
            Map.entry("TaskRequest.delayMs", "Deliver no sooner than this many ms from now (0 to 30 days)"),
            Map.entry("TaskRequest.headers", "Message headers for the worker; names starting x-warren- are reserved"),
            Map.entry("QueueSettings.maxLength", "At most this many messages: a quorum queue refuses more (503), a classic one dead-letters its oldest"),
            Map.entry("QueueSettings.messageTtlMs", "A message waiting longer than this is dead-lettered"),
            Map.entry("QueueSettings.deliveryLimit", "Quorum queues: deliveries before a returned message is dead-lettered"),
            Map.entry("WorkerGroupSpec.count", "Consumers, 0-" + dev.warren.workers.WorkerGroupSpec.MAX_COUNT + "; with autoscale optional, between its min and max"),
            Map.entry("WorkerGroupSpec.type", "A worker type of GET /api/worker-types"),
            Map.entry("WorkerGroupSpec.prefetch", "Unacknowledged messages each consumer may hold (default 1; only 1 with a rateLimit)"),
            Map.entry("WorkerGroupSpec.parameters", "Further parameters of the worker type"),
            Map.entry("Target.timeoutMs", "How long an attempt may take (default 10000)"),
            Map.entry("Target.headers", "Headers sent with every delivery"),
            Map.entry("RetryPolicy.maxAttempts", "Attempts before the task is dead-lettered (default 5)"),
            Map.entry("RetryPolicy.backoffMs", "Wait after the first failed attempt (default 1000)"),
            Map.entry("RetryPolicy.backoffMultiplier", "Each further wait is the previous one times this (default 2.0)"),
            Map.entry("RetryPolicy.maxBackoffMs", "The longest wait (default 300000)"),
            Map.entry("CircuitBreakerSettings.failureThreshold", "Failures in a row that open the breaker (default 5)"),
            Map.entry("CircuitBreakerSettings.failureRatio", "Share of failures over the window that opens it (default 0.5)"),
            Map.entry("CircuitBreakerSettings.window", "Attempts the failure ratio is taken over (default 20)"),
            Map.entry("CircuitBreakerSettings.coolOffMs", "How long it stays open before one probe (default 5000)"),
            Map.entry("CircuitBreakerSettings.maxCoolOffMs", "The longest cool-off; it doubles on each failed probe (default 60000)"),
            Map.entry("SlowDownSettings.pauseMs", "Pause of the group after a 429 without Retry-After (default 1000)"),
            Map.entry("SlowDownSettings.increaseEveryMs", "One more concurrent delivery allowed per this many ms of successes (default 1000)"),
            Map.entry("AutoscaleSettings.min", "Fewest consumers, 0-500 (default 0: none while the queue is empty)"),
            Map.entry("AutoscaleSettings.max", "Most consumers, 1-500; required"),
            Map.entry("AutoscaleSettings.targetBacklogPerConsumer", "Ready messages per consumer the count aims at (default 100)"),
            Map.entry("AutoscaleSettings.cooldownMs", "How long the backlog must stay low before the group shrinks (default warren.autoscale.cooldown-ms)"),
            Map.entry("Autoscale.cooldownMs", "The group's own cooldown; absent: warren.autoscale.cooldown-ms"),
            Map.entry("Autoscale.lastDecision", "The autoscaler's last change of the count; absent until the first"),
            Map.entry("WorkerGroupSpec.autoscale", "Autoscaling; count may then be left out (it starts at min, or keeps the group's count)"),
            Map.entry("RateLimitSettings.perSecond", "Deliveries a second over the whole group, 0.01-10000"),
            Map.entry("RateLimitSettings.burst", "Deliveries that may start at once, 1 to perSecond (default 1)"),
            Map.entry("RateLimitState.perSecond", "This instance's part of the rate: its share of the group's count times perSecond over the count"),
            Map.entry("RateLimitState.burst", "This instance's part of the burst, at least 1"),
            Map.entry("RateLimitState.waits", "How often a consumer here waited for a permit"),
            Map.entry("RateLimitState.waitedMs", "How long the consumers here waited for permits in all"),
            Map.entry("RateLimitState.sentBack", "Tasks that waited on the broker because no permit was due within 5 s"),
            Map.entry("TargetState.circuit", "closed, open or half_open; absent without a circuit breaker"),
            Map.entry("TargetState.openedAt", "When the breaker opened, while it is open or half_open; absent when closed"),
            Map.entry("TargetState.openUntil", "Until when the open breaker makes no delivery; absent unless open"),
            Map.entry("TargetState.lastError", "The failure that opened the breaker (HTTP 503, timeout, ...), while it is open or half_open; absent when closed"),
            Map.entry("TargetState.pausedUntil", "Until when no delivery goes to the target (a Retry-After or a 429)"),
            Map.entry("TargetState.allowedConcurrency", "Deliveries allowed at once after a 429/503; absent when not limited"),
            Map.entry("TargetState.from", "instance {id} when another instance's answer from the target opened the breaker or set the pause shown; absent when this instance's own"),
            Map.entry("QueueView.type", "quorum or classic; null when the management API does not answer"),
            Map.entry("QueueView.note", "What is unknown when the management API does not answer; absent otherwise"),
            Map.entry("QueueView.workers", "The queue's worker group, or null"),
            Map.entry("QueueView.limits", "Its limits (one queue's view only); absent when it has none or the management API does not answer"),
            Map.entry("WorkerGroupView.error", "Why the group cannot run as configured, when it cannot"),
            Map.entry("WorkerGroupView.processed", "Tasks settled on this instance since warren started: succeeded or failed (dead-lettered), once each however many attempts"),
            Map.entry("WorkerGroupView.retried", "Failed attempts retried on this instance since warren started"),
            Map.entry("JobView.error", "Why the last attempt failed"),
            Map.entry("JobView.attemptCount", "How many attempts the job has had; lists carry it, while attempts is null there"),
            Map.entry("JobView.attempts", "Every attempt, oldest first; null in lists (GET /api/jobs, dead letters)"),
            Map.entry("Attempt.retryAfterMs", "The wait the target asked for with Retry-After, in ms; null when it sent none"),
            Map.entry("ReplayRequest.limit", "Dead letters to move back at most (all when absent)"),
            Map.entry("KafkaMessageRequest.payload", "The message's value: any JSON value"),
            Map.entry("KafkaMessageRequest.id", "1-200 characters of A-Z a-z 0-9 . _ : -, not only dots; sent as header x-warren-id (generated, a UUIDv7, when absent)"),
            Map.entry("KafkaMessageRequest.key", "The record key (1-1024 bytes): messages of one key go to one partition, in order"),
            Map.entry("KafkaMessageRequest.headers", "Record headers; names starting x-warren- are reserved"),
            Map.entry("KafkaTopicSettings.partitions", "Partitions, 1-1000 (default: the cluster's num.partitions)"),
            Map.entry("KafkaTopicSettings.replicationFactor", "Replicas of each partition (default: the cluster's default.replication.factor)"),
            Map.entry("KafkaTopicSettings.retentionMs", "retention.ms: how long messages are kept; -1 forever (default: the cluster's)"),
            Map.entry("KafkaWorkerGroupView.note", "Set when count is over the topic's partitions: the extra consumers stay idle"),
            Map.entry("KafkaWorkerGroupView.processed", "Messages settled on this instance since warren started: succeeded or failed"),
            Map.entry("KafkaWorkerGroupView.retried", "Failed attempts retried on this instance since warren started"),
            Map.entry("KafkaWorkerGroupView.targetState", "With a circuit breaker or a slow-down: how they stand on this instance (a record waits in place while they hold it)"),
            Map.entry("KafkaWorkerGroupView.rateLimitState", "With a rate limit: this instance's part of it and the waits for permits (sentBack: a record asked again after a second because no permit was due within 5 s)"));

    private OpenApiCorrections() {
    }

    /** The role each operation needs, as the access gate decides it (the path's parameters do not change it). */
    private static final dev.warren.auth.AccessPolicy POLICY = new dev.warren.auth.AccessPolicy(false);

    /** Declares the key schemes (Bearer, or Basic with the key as the password) and each operation's role. */
    static void secure(ObjectNode root) {
        ObjectNode components = root.has("components") ? (ObjectNode) root.get("components") : root.putObject("components");
        ObjectNode schemes = components.putObject("securitySchemes");
        schemes.putObject("bearerKey").put("type", "http").put("scheme", "bearer")
                .put("description", "An API key: Authorization: Bearer <key>");
        schemes.putObject("basicKey").put("type", "http").put("scheme", "basic")
                .put("description", "HTTP Basic with the API key as the password (any user name), for Hawtio and Prometheus");
        ArrayNode security = root.putArray("security");
        security.addObject().putArray("bearerKey");
        security.addObject().putArray("basicKey");
        root.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation -> {
            if (!(operation.getValue() instanceof ObjectNode op)) {
                return;
            }
            String concrete = path.getKey().replaceAll("\\{[^}]+}", "x");
            dev.warren.auth.AccessPolicy.Requirement requirement = POLICY.require(operation.getKey(), concrete);
            String role = requirement.open() ? "none" : requirement.role().json();
            op.put("x-warren-role", role);
            String description = op.path("description").asText("");
            String sentence = requirement.open() ? "Needs no key." : "Needs the role " + role
                    + (requirement.queue() != null ? " and a key allowed on the queue." : ".");
            op.put("description", description.isEmpty() ? sentence : description + ". " + sentence);
        }));
    }

    /**
     * Applies every correction to the document in place and returns it; nullable names, by schema, the fields warren
     * may send as null ({@link NullableFields}): each is marked nullable unless REQUIRED promises a value.
     */
    static JsonNode apply(JsonNode document, Map<String, Set<String>> nullable) {
        ObjectNode root = (ObjectNode) document;
        root.putArray("servers").addObject().put("url", "/")
                .put("description", "The warren that serves this document");
        ObjectNode schemas = (ObjectNode) root.path("components").path("schemas");
        schemas.set(ANY_JSON, Json.MAPPER.createObjectNode());
        secure(root);
        DESCRIPTIONS.forEach((name, description) -> {
            if (schemas.get(name) instanceof ObjectNode schema) {
                schema.put("description", description);
            }
        });
        REQUIRED.forEach((name, fields) -> {
            if (schemas.get(name) instanceof ObjectNode schema) {
                ArrayNode required = schema.putArray("required");
                fields.forEach(required::add);
            }
        });
        PROPERTY_DESCRIPTIONS.forEach((field, description) -> {
            String[] at = field.split("\\.");
            if (schemas.path(at[0]).path("properties").get(at[1]) instanceof ObjectNode property) {
                property.put("description", description);
            }
        });
        // the reader describes a map of any values as one of objects named by a Java class, and Object as an object
        schemas.forEach(schema -> schema.path("properties").forEach(property -> {
            if (property.path("additionalProperties").has("x-className")) {
                ((ObjectNode) property).putObject("additionalProperties");
            }
            ((ObjectNode) property).remove("x-className");
        }));
        ENUMS.forEach((field, values) -> {
            String[] at = field.split("\\.");
            if (schemas.path(at[0]).path("properties").get(at[1]) instanceof ObjectNode property) {
                ArrayNode allowed = property.putArray("enum");
                values.forEach(allowed::add);
            }
        });
        // QueueView.workers is an Object in Java (no broker-to-workers import), a WorkerGroupView when set
        if (schemas.path("QueueView").path("properties").get("workers") instanceof ObjectNode workers) {
            workers.remove("type");
            workers.put("$ref", "#/components/schemas/WorkerGroupView");
        }
        markNullable(schemas, nullable);
        if (root.path("paths").path("/queue/publish/{queue}").path("post").path("requestBody") instanceof ObjectNode body) {
            body.put("description", "The task's payload: any JSON value");
        }
        return root;
    }

    /**
     * OpenAPI 3.0 ignores the siblings of a $ref, so a nullable reference becomes allOf of it; a nullable enum lists
     * null among its values, as validators ask.
     */
    private static void markNullable(ObjectNode schemas, Map<String, Set<String>> nullable) {
        nullable.forEach((name, fields) -> fields.forEach(field -> {
            if (REQUIRED.getOrDefault(name, List.of()).contains(field)
                    || !(schemas.path(name).path("properties").get(field) instanceof ObjectNode property)) {
                return;
            }
            if (property.has("$ref")) {
                property.remove("type");
                property.putArray("allOf").addObject().put("$ref", property.remove("$ref").asText());
            }
            property.put("nullable", true);
            if (property.get("enum") instanceof ArrayNode values) {
                values.addNull();
            }
        }));
    }

    /** The server for a document served behind a proxy that strips this prefix; "/" without one. */
    static String serverUrl(String forwardedPrefix) {
        return forwardedPrefix != null && forwardedPrefix.matches("(/[A-Za-z0-9._~-]+)+/?")
                ? forwardedPrefix.replaceAll("/$", "") : "/";
    }
}
