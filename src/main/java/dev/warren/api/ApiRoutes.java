package dev.warren.api;

import dev.warren.api.ApiSchemas.BindingPage;
import dev.warren.api.ApiSchemas.Cleared;
import dev.warren.api.ApiSchemas.CompatScaleRequest;
import dev.warren.api.ApiSchemas.ConnectionPage;
import dev.warren.api.ApiSchemas.ConsumerPage;
import dev.warren.api.ApiSchemas.ExchangePage;
import dev.warren.api.ApiSchemas.JobPage;
import dev.warren.api.ApiSchemas.KafkaPulledMessages;
import dev.warren.api.ApiSchemas.KafkaTopicPage;
import dev.warren.api.ApiSchemas.PublishedBatch;
import dev.warren.api.ApiSchemas.PublishedTask;
import dev.warren.api.ApiSchemas.PublishedToKafka;
import dev.warren.api.ApiSchemas.PublishedToExchange;
import dev.warren.api.ApiSchemas.PublishedToTopic;
import dev.warren.api.ApiSchemas.PulledMessages;
import dev.warren.api.ApiSchemas.Purged;
import dev.warren.api.ApiSchemas.QueuePage;
import dev.warren.api.ApiSchemas.Replayed;
import dev.warren.api.ApiSchemas.SubscriberPage;
import dev.warren.api.ApiSchemas.Subscribed;
import dev.warren.api.ApiSchemas.Topic;
import dev.warren.api.ApiSchemas.TopicPage;
import dev.warren.api.ApiSchemas.WorkerGroupPage;
import dev.warren.broker.BindingView;
import dev.warren.broker.ExchangeSettings;
import dev.warren.broker.ExchangeView;
import dev.warren.broker.QueueSettings;
import dev.warren.broker.QueueView;
import dev.warren.dashboard.Overview;
import dev.warren.jobs.JobView;
import dev.warren.ops.ShutdownGate;
import dev.warren.schedules.ScheduleRequest;
import dev.warren.schedules.ScheduleView;
import dev.warren.tasks.BatchRequest;
import dev.warren.tasks.TaskRequest;
import dev.warren.workers.WorkerGroupSpec;
import dev.warren.workers.WorkerGroupView;
import dev.warren.workers.WorkerTypes;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;

import java.util.Map;
import java.util.Set;

import static dev.warren.api.ApiDocs.answer;
import static dev.warren.api.ApiDocs.cursor;
import static dev.warren.api.ApiDocs.limit;
import static dev.warren.api.ApiDocs.problem;
import static dev.warren.api.ApiDocs.query;

/**
 * The REST API: each verb hands over to a direct: route that calls one method of an *Api bean, a plain Java call
 * (no bean introspection or method expressions to parse at start-up). The verbs name
 * their bodies, answers and query parameters for the OpenAPI document at /api/openapi.json.
 */
public class ApiRoutes extends RouteBuilder {

    private final ApiBean<ShutdownGate> gate = new ApiBean<>(ShutdownGate.BEAN, ShutdownGate.class);
    private final ApiBean<QueueApi> queues = new ApiBean<>(ApiBeans.QUEUE_API, QueueApi.class);
    private final ApiBean<TaskApi> tasks = new ApiBean<>(ApiBeans.TASK_API, TaskApi.class);
    private final ApiBean<ScheduleApi> schedules = new ApiBean<>(ApiBeans.SCHEDULE_API, ScheduleApi.class);
    private final ApiBean<JobApi> jobs = new ApiBean<>(ApiBeans.JOB_API, JobApi.class);
    private final ApiBean<WorkerApi> workers = new ApiBean<>(ApiBeans.WORKER_API, WorkerApi.class);
    private final ApiBean<CompatApi> compat = new ApiBean<>(ApiBeans.COMPAT_API, CompatApi.class);
    private final ApiBean<TopicApi> topics = new ApiBean<>(ApiBeans.TOPIC_API, TopicApi.class);
    private final ApiBean<ExchangeApi> exchanges = new ApiBean<>(ApiBeans.EXCHANGE_API, ExchangeApi.class);
    private final ApiBean<KafkaApi> kafka = new ApiBean<>(ApiBeans.KAFKA_API, KafkaApi.class);
    private final ApiBean<BrokerApi> broker = new ApiBean<>(ApiBeans.BROKER_API, BrokerApi.class);
    private final ApiBean<DashboardApi> dashboard = new ApiBean<>(ApiBeans.DASHBOARD_API, DashboardApi.class);
    private final ApiBean<KeyApi> keys = new ApiBean<>(ApiBeans.KEY_API, KeyApi.class);
    private final ApiBean<AuditApi> audit = new ApiBean<>(ApiBeans.AUDIT_API, AuditApi.class);
    /** Each operation's query parameters, as its REST verb declares them (by route id). */
    private Map<String, Set<String>> queryParameters = Map.of();

    @Override
    public void configure() {
        restConfiguration().apiProperty("api.title", "warren")
                .apiProperty("api.version", ApiDocs.version())
                .apiProperty("api.description", "Task dispatcher and worker control plane for RabbitMQ. Errors are "
                        + "RFC 9457 application/problem+json. Operations: /observe/health, /observe/metrics, /observe/jolokia.")
                // built once, not per request: OpenApiDocument sets a relative server (honouring X-Forwarded-Prefix)
                .useXForwardHeaders(false);

        rest("/api/queues").tag("Queues").description("Queues")
                .get().description("List queues").outType(QueuePage.class).param(limit()).param(cursor())
                    .to("direct:api-list-queues")
                .get("/{queue}").description("View a queue").outType(QueueView.class).to("direct:api-get-queue")
                .put("/{queue}").description("Declare a queue and its dead-letter queue").type(QueueSettings.class)
                    .responseMessage(answer(201, "Declared", QueueView.class))
                    .responseMessage(answer(200, "It exists with the same settings", QueueView.class))
                    .responseMessage(problem(409, "It exists with other settings" + OR_COMPANION))
                    .to("direct:api-declare-queue")
                .delete("/{queue}")
                    .description("Delete a queue and its companions; stops its workers, its open jobs end cancelled (purged)")
                    .responseMessage(answer(204, "Deleted", null)).responseMessage(problem(409, COMPANION))
                    .to("direct:api-delete-queue")
                .post("/{queue}/purge")
                    .description("Remove every ready message; their jobs end cancelled (purged) once the queue is empty")
                    .outType(Purged.class).responseMessage(problem(409, COMPANION))
                    .to("direct:api-purge-queue")
                .post("/{queue}/tasks").description("Publish a task").type(TaskRequest.class)
                    .responseMessage(answer(202, "The broker confirmed it", PublishedTask.class))
                    .responseMessage(answer(200, "A task of this id was published before: nothing was enqueued", PublishedTask.class))
                    .responseMessage(problem(409, "The id belongs to another task" + OR_COMPANION))
                    .to("direct:api-publish-task")
                .post("/{queue}/tasks/batch").description("Publish 1-1000 tasks, all or none").type(BatchRequest.class)
                    .responseMessage(answer(202, "The broker confirmed them", PublishedBatch.class))
                    .responseMessage(answer(200, "Every task was published before", PublishedBatch.class))
                    .responseMessage(problem(409, "An id belongs to another task" + OR_COMPANION))
                    .to("direct:api-publish-batch");

        rest("/api").tag("Workers").description("Worker groups")
                .get("/workers").description("List worker groups").outType(WorkerGroupPage.class).param(limit()).param(cursor())
                    .to("direct:api-list-workers")
                .get("/worker-types").description("List the worker types of routes/").outType(WorkerTypes.WorkerType[].class)
                    .to("direct:api-list-worker-types")
                .get("/queues/{queue}/workers").description("View a queue's worker group and its consumers")
                    .outType(WorkerGroupView.class).to("direct:api-get-workers")
                .put("/queues/{queue}/workers").description("Create or replace a queue's worker group")
                    .type(WorkerGroupSpec.class).outType(WorkerGroupView.class).responseMessage(problem(409, COMPANION))
                    .to("direct:api-put-workers")
                .delete("/queues/{queue}/workers").description("Stop and remove a worker group; in-flight tasks finish")
                    .responseMessage(answer(204, "Removed", null)).to("direct:api-delete-workers")
                .post("/queues/{queue}/workers/scale").description("Change the number of consumers live")
                    .type(WorkerApi.ScaleRequest.class).outType(WorkerGroupView.class)
                    .responseMessage(problem(409, "The group is autoscaled" + OR_COMPANION))
                    .to("direct:api-scale-workers")
                .post("/queues/{queue}/workers/pause").description("Stop consuming, keep the group")
                    .outType(WorkerGroupView.class).responseMessage(problem(409, COMPANION)).to("direct:api-pause-workers")
                .post("/queues/{queue}/workers/resume").description("Consume again")
                    .outType(WorkerGroupView.class).responseMessage(problem(409, COMPANION)).to("direct:api-resume-workers");

        rest("/api/topics").tag("Topics").description("Topics (publish/subscribe)")
                .get().description("List topics and their numbers of subscribers").outType(TopicPage.class)
                    .param(limit()).param(cursor()).to("direct:api-list-topics")
                .put("/{topic}").description("Declare a topic (a durable fanout exchange)")
                    .responseMessage(answer(201, "Declared", Topic.class))
                    .responseMessage(answer(200, "It exists", Topic.class))
                    .responseMessage(problem(409, "An exchange of that name exists that is not a topic (of another type, or"
                            + " not declared as a topic); nothing changed"))
                    .to("direct:api-declare-topic")
                .delete("/{topic}").description("Delete a topic and its subscribers' queues")
                    .responseMessage(answer(204, "Deleted", null))
                    .responseMessage(problem(409, "The exchange of that name is not a topic")).to("direct:api-delete-topic")
                .post("/{topic}/subscribers").description("Add a subscriber: a queue {topic}.{id} bound to the topic")
                    .type(TopicApi.SubscriberRequest.class)
                    .responseMessage(answer(201, "Subscribed", Subscribed.class))
                    .responseMessage(answer(200, "It was subscribed", Subscribed.class))
                    .responseMessage(problem(409, "The exchange is not a topic, or the queue {topic}.{id} exists with other"
                            + " settings or is not a subscriber of the topic (not bound to it); nothing changed"))
                    .to("direct:api-subscribe")
                .get("/{topic}/subscribers").description("List a topic's subscribers and their backlogs")
                    .outType(SubscriberPage.class).param(limit()).param(cursor())
                    .responseMessage(problem(409, "The exchange of that name is not a topic")).to("direct:api-list-subscribers")
                .delete("/{topic}/subscribers/{id}").description("Remove a subscriber and its queue")
                    .responseMessage(answer(204, "Removed", null)).to("direct:api-unsubscribe")
                .post("/{topic}/messages").description("Publish a message to every subscriber")
                    .type(TopicApi.MessageRequest.class)
                    .responseMessage(answer(202, "The broker confirmed it", PublishedToTopic.class))
                    .to("direct:api-publish-to-topic")
                .get("/{topic}/subscribers/{id}/messages").description("Take (and acknowledge) up to max of a subscriber's messages")
                    .outType(PulledMessages.class).param(query("max", "integer", "How many messages to take (default 10)"))
                    .to("direct:api-pull-messages");

        rest("/api/exchanges").tag("Exchanges").description("Exchanges and bindings")
                .get().description("List exchanges").outType(ExchangePage.class).param(limit()).param(cursor())
                    .to("direct:api-list-exchanges")
                .put("/{exchange}").description("Declare a durable exchange of a type").type(ExchangeSettings.class)
                    .responseMessage(answer(201, "Declared", ExchangeView.class))
                    .responseMessage(answer(200, "It exists with the same type", ExchangeView.class))
                    .responseMessage(problem(409, "It exists with another type")).to("direct:api-declare-exchange")
                .delete("/{exchange}").description("Delete an exchange")
                    .responseMessage(answer(204, "Deleted", null)).to("direct:api-delete-exchange")
                .get("/{exchange}/bindings").description("List the queues bound to an exchange")
                    .outType(BindingPage.class).param(limit()).param(cursor()).to("direct:api-list-bindings")
                .post("/{exchange}/bindings").description("Bind a queue with a routing key (and header arguments)")
                    .type(ExchangeApi.BindingRequest.class)
                    .responseMessage(answer(201, "Bound", BindingView.class)).responseMessage(problem(409, COMPANION))
                    .to("direct:api-bind-queue")
                .delete("/{exchange}/bindings").description("Unbind a queue")
                    .param(query("queue", "string", "The bound queue").required(true))
                    .param(query("routingKey", "string", "The binding's routing key (default empty)"))
                    .param(query("arguments", "string", "Only the binding with exactly these arguments, a JSON object as "
                            + "listed (default: whatever its arguments)"))
                    .responseMessage(answer(204, "Unbound", null)).to("direct:api-unbind-queue")
                .post("/{exchange}/publish").description("Publish with a routing key; answers whether it was routed")
                    .type(ExchangeApi.PublishRequest.class)
                    .responseMessage(answer(202, "The broker confirmed it", PublishedToExchange.class))
                    .to("direct:api-publish-to-exchange");

        rest("/api/kafka/topics").tag("Kafka").description("Kafka topics, publishing and pulls (when Kafka is configured)")
                .get().description("List Kafka topics").outType(KafkaTopicPage.class).param(limit()).param(cursor())
                    .to("direct:api-list-kafka-topics")
                .put("/{topic}").description("Create a Kafka topic (partitions, replication factor, retention)")
                    .type(dev.warren.kafka.KafkaTopicSettings.class)
                    .responseMessage(answer(201, "Created", dev.warren.kafka.KafkaTopicView.class))
                    .responseMessage(answer(200, "It exists (its settings unchanged)", dev.warren.kafka.KafkaTopicView.class))
                    .to("direct:api-create-kafka-topic")
                .get("/{topic}").description("Describe a Kafka topic: partitions, offsets, consumer-group lag")
                    .outType(dev.warren.kafka.KafkaTopicView.class).to("direct:api-get-kafka-topic")
                .delete("/{topic}").description("Delete a Kafka topic")
                    .responseMessage(answer(204, "Deleted", null)).to("direct:api-delete-kafka-topic")
                .post("/{topic}/messages").description("Publish a message, answered once the cluster acknowledged it")
                    .type(dev.warren.kafka.KafkaMessages.KafkaMessageRequest.class)
                    .responseMessage(answer(202, "The cluster acknowledged it (acks=all)", PublishedToKafka.class))
                    .to("direct:api-publish-to-kafka")
                .post("/{topic}/messages/batch").description("Publish 1-1000 messages, answered once the cluster acknowledged each")
                    .type(dev.warren.kafka.KafkaMessages.KafkaBatchRequest.class)
                    .responseMessage(answer(202, "The cluster acknowledged every one (acks=all)", PublishedToKafka.class))
                    .to("direct:api-publish-batch-to-kafka")
                .get("/{topic}/messages").description("Take up to max messages for a consumer group and commit past them")
                    .outType(KafkaPulledMessages.class)
                    .param(query("group", "string", "The consumer group whose committed offsets are read and moved").required(true))
                    .param(query("max", "integer", "How many messages to take (default 10)"))
                    .to("direct:api-pull-from-kafka")
                .get("/{topic}/workers").description("View a Kafka topic's worker group")
                    .outType(dev.warren.kafka.KafkaWorkerGroupView.class).to("direct:api-get-kafka-workers")
                .put("/{topic}/workers").description("Create or replace a Kafka topic's worker group (type http)")
                    .type(WorkerGroupSpec.class).outType(dev.warren.kafka.KafkaWorkerGroupView.class)
                    .to("direct:api-put-kafka-workers")
                .post("/{topic}/workers/scale").description("Change the number of consumers of a Kafka worker group")
                    .type(WorkerApi.ScaleRequest.class).outType(dev.warren.kafka.KafkaWorkerGroupView.class)
                    .to("direct:api-scale-kafka-workers")
                .post("/{topic}/workers/pause").description("Stop a Kafka worker group's consumers, keep the group")
                    .outType(dev.warren.kafka.KafkaWorkerGroupView.class).to("direct:api-pause-kafka-workers")
                .post("/{topic}/workers/resume").description("Start a paused Kafka worker group's consumers again")
                    .outType(dev.warren.kafka.KafkaWorkerGroupView.class).to("direct:api-resume-kafka-workers")
                .delete("/{topic}/workers").description("Stop and remove a Kafka topic's worker group")
                    .responseMessage(answer(204, "Removed", null)).to("direct:api-delete-kafka-workers");

        rest("/api").tag("Broker").description("The broker's connections and consumers")
                .get("/connections").description("List the broker's client connections").outType(ConnectionPage.class)
                    .param(limit()).param(cursor()).to("direct:api-list-connections")
                .get("/consumers").description("List the broker's consumers of the queues the key may use").outType(ConsumerPage.class)
                    .param(limit()).param(cursor()).to("direct:api-list-consumers");

        rest("/api/schedules").tag("Schedules").description("Recurring schedules that publish tasks on a cron")
                .get().description("List schedules").outType(ApiSchemas.SchedulePage.class).param(limit()).param(cursor())
                    .to("direct:api-list-schedules")
                .get("/{name}").description("View a schedule: its next run, last run, last job ids and last error")
                    .outType(ScheduleView.class).to("direct:api-get-schedule")
                .put("/{name}").description("Define a schedule: a Quartz cron in a time zone, a queue, and a payload or a batch of tasks")
                    .type(ScheduleRequest.class)
                    .responseMessage(answer(201, "Defined", ScheduleView.class))
                    .responseMessage(answer(200, "Redefined", ScheduleView.class))
                    .responseMessage(problem(404, "The queue does not exist")).responseMessage(problem(409, COMPANION))
                    .to("direct:api-put-schedule")
                .delete("/{name}").description("Delete a schedule")
                    .responseMessage(answer(204, "Deleted", null)).to("direct:api-delete-schedule")
                .post("/{name}/pause").description("Pause a schedule: no runs until resumed").outType(ScheduleView.class)
                    .to("direct:api-pause-schedule")
                .post("/{name}/resume").description("Resume a schedule from the cron's next time").outType(ScheduleView.class)
                    .to("direct:api-resume-schedule")
                .post("/{name}/run").description("Publish one run now, apart from the cron")
                    .responseMessage(answer(202, "The broker confirmed it", ScheduleView.class))
                    .to("direct:api-run-schedule");

        rest("/api").tag("Jobs").description("Jobs")
                .get("/jobs").description("List jobs, newest first").outType(JobPage.class)
                    .param(query("queue", "string", "Only the jobs of this queue"))
                    .param(query("status", "string", "Only jobs in this status")
                            .allowableValues("queued", "started", "retrying", "finished", "failed", "cancelled"))
                    .param(query("q", "string", "Only jobs whose text or JSON payload contains this, ignoring case (3 to 200 characters)"))
                    .param(query("since", "string", "Only jobs created at or after this ISO-8601 time (2026-11-26T04:00:00Z)"))
                    .param(query("until", "string", "Only jobs created before this ISO-8601 time"))
                    .param(limit()).param(cursor()).to("direct:api-list-jobs")
                .post("/jobs/retry").description("Queue failed or cancelled jobs again, up to 500 ids; answers each one's outcome")
                    .type(JobApi.RetryRequest.class).outType(ApiSchemas.RetriedJobs.class).to("direct:api-retry-jobs")
                .get("/jobs/{id}").description("View a job with its attempts").outType(JobView.class).to("direct:api-get-job")
                .post("/jobs/{id}/cancel").description("Cancel a queued or retrying job").outType(JobView.class)
                    .responseMessage(problem(409, "The job has started or ended")).to("direct:api-cancel-job")
                .post("/jobs/{id}/retry").description("Queue a failed or cancelled job again")
                    .responseMessage(answer(202, "Queued again", JobView.class))
                    .responseMessage(problem(409, "The job is neither failed nor cancelled")).to("direct:api-retry-job")
                .get("/queues/{queue}/dead-letters").description("List the failed jobs of a queue").outType(JobPage.class)
                    .param(limit()).param(cursor()).responseMessage(problem(409, COMPANION))
                    .to("direct:api-list-dead-letters")
                .post("/queues/{queue}/dead-letters/replay").description("Move dead letters back to the queue")
                    .type(JobApi.ReplayRequest.class).outType(Replayed.class).responseMessage(problem(409, COMPANION))
                    .to("direct:api-replay-dead-letters");

        rest("/api").tag("Dashboard").description("What the web dashboard at /ui polls")
                .get("/overview").description("Readiness problems and the counts, consumers and recent rates of each queue the key may use")
                    .outType(Overview.class).to("direct:api-overview");

        rest("/queue").tag("Compatibility").description("Compatibility with the Flask queue-management API")
                .post("/scale/{queue}").description("Scale a queue's workers (declares the queue if missing)")
                    .type(CompatScaleRequest.class).outType(WorkerGroupView.class)
                    .responseMessage(problem(409, "The group is autoscaled" + OR_COMPANION))
                    .to("direct:compat-scale")
                .post("/publish/{queue}").description("Publish the request body as a task's payload (declares the queue if missing)")
                    .type(com.fasterxml.jackson.databind.JsonNode.class)
                    .responseMessage(answer(202, "The broker confirmed it", PublishedTask.class))
                    .responseMessage(problem(409, COMPANION)).to("direct:compat-publish")
                .post("/clear/{queue}").description("Stop a queue's workers and purge it; the purged jobs end cancelled")
                    .outType(Cleared.class).responseMessage(problem(409, COMPANION))
                    .to("direct:compat-clear")
                .get("/workers").description("List worker groups").outType(WorkerGroupView[].class).to("direct:compat-workers")
                .get("/workers/{queue}").description("View a queue's worker group").outType(WorkerGroupView.class)
                    .to("direct:compat-queue-workers");

        rest("/api").tag("Access").description("API keys, who am I, and the audit log")
                .get("/whoami").description("The calling key: id, name, role, queue patterns; and whether keys are checked")
                    .outType(KeyApi.WhoAmI.class).to("direct:api-whoami")
                .post("/keys").description("Make an API key; the answer shows the key, once").type(dev.warren.auth.ApiKeys.KeyRequest.class)
                    .responseMessage(answer(201, "Made; the key is in the answer and never shown again", KeyApi.CreatedKey.class))
                    .to("direct:api-create-key")
                .get("/keys").description("List API keys (never the keys themselves)").outType(ApiSchemas.KeyPage.class)
                    .param(limit()).param(cursor()).to("direct:api-list-keys")
                .get("/keys/{id}").description("View an API key (never the key itself)").outType(dev.warren.auth.ApiKey.class)
                    .to("direct:api-get-key")
                .delete("/keys/{id}").description("Revoke an API key: refused from now on")
                    .responseMessage(answer(204, "Revoked", null))
                    .responseMessage(problem(409, "The key is the configured admin key: change warren.auth.admin-key instead"))
                    .to("direct:api-revoke-key")
                .get("/audit").description("State-changing requests, newest first").outType(ApiSchemas.AuditPage.class)
                    .param(limit()).param(query("before", "string", "The next of the previous page, to read older entries"))
                    .to("direct:api-list-audit");

        ApiDocs.complete(getRestCollection().getRests());
        queryParameters = ApiDocs.queryParameters(getRestCollection().getRests());

        operation("api-list-queues", queues, NO_BODY,
                (api, in) -> api.list(in.caller(), in.param("limit"), in.param("cursor")));
        operation("api-get-queue", queues, NO_BODY, (api, in) -> api.get(in.param("queue")));
        operation("api-declare-queue", queues, JSON_BODY, (api, in) -> api.declare(in.param("queue"), in.body()));
        operation("api-delete-queue", queues, NO_BODY, (api, in) -> api.delete(in.param("queue")));
        operation("api-purge-queue", queues, NO_BODY, (api, in) -> api.purge(in.param("queue")));
        publishing("api-publish-task", tasks, JSON_BODY, (api, in) -> api.publish(in.param("queue"), in.body()));
        publishing("api-publish-batch", tasks, JSON_BODY, (api, in) -> api.publishBatch(in.param("queue"), in.body()));
        operation("api-list-schedules", schedules, NO_BODY,
                (api, in) -> api.list(in.caller(), in.param("limit"), in.param("cursor")));
        operation("api-get-schedule", schedules, NO_BODY, (api, in) -> api.get(in.param("name"), in.caller()));
        operation("api-put-schedule", schedules, JSON_BODY,
                (api, in) -> api.put(in.param("name"), in.body(), in.caller()));
        operation("api-delete-schedule", schedules, NO_BODY, (api, in) -> api.delete(in.param("name"), in.caller()));
        operation("api-pause-schedule", schedules, NO_BODY, (api, in) -> api.pause(in.param("name"), in.caller()));
        operation("api-resume-schedule", schedules, NO_BODY, (api, in) -> api.resume(in.param("name"), in.caller()));
        publishing("api-run-schedule", schedules, NO_BODY, (api, in) -> api.run(in.param("name"), in.caller()));
        operation("api-list-jobs", jobs, NO_BODY,
                (api, in) -> api.list(in.caller(), in.param("queue"), in.param("status"), in.param("limit"),
                        in.param("cursor"), in.param("q"), in.param("since"), in.param("until")));
        operation("api-retry-jobs", jobs, JSON_BODY, (api, in) -> api.retryAll(in.body(), in.caller()));
        operation("api-get-job", jobs, NO_BODY, (api, in) -> api.get(in.param("id"), in.caller()));
        operation("api-cancel-job", jobs, NO_BODY, (api, in) -> api.cancel(in.param("id"), in.caller()));
        operation("api-retry-job", jobs, NO_BODY, (api, in) -> api.retry(in.param("id"), in.caller()));
        operation("api-list-dead-letters", jobs, NO_BODY,
                (api, in) -> api.deadLetters(in.param("queue"), in.param("limit"), in.param("cursor")));
        operation("api-replay-dead-letters", jobs, JSON_BODY, (api, in) -> api.replay(in.param("queue"), in.body()));
        operation("api-list-workers", workers, NO_BODY,
                (api, in) -> api.list(in.caller(), in.param("limit"), in.param("cursor")));
        operation("api-list-worker-types", workers, NO_BODY, (api, in) -> api.types());
        operation("api-get-workers", workers, NO_BODY, (api, in) -> api.get(in.param("queue")));
        operation("api-put-workers", workers, JSON_BODY, (api, in) -> api.put(in.param("queue"), in.body()));
        operation("api-delete-workers", workers, NO_BODY, (api, in) -> api.delete(in.param("queue")));
        operation("api-scale-workers", workers, JSON_BODY, (api, in) -> api.scale(in.param("queue"), in.body()));
        operation("api-pause-workers", workers, NO_BODY, (api, in) -> api.pause(in.param("queue")));
        operation("api-resume-workers", workers, NO_BODY, (api, in) -> api.resume(in.param("queue")));
        operation("api-list-topics", topics, NO_BODY,
                (api, in) -> api.list(in.caller(), in.param("limit"), in.param("cursor")));
        operation("api-declare-topic", topics, NO_BODY, (api, in) -> api.declare(in.param("topic")));
        operation("api-delete-topic", topics, NO_BODY, (api, in) -> api.delete(in.param("topic")));
        operation("api-subscribe", topics, JSON_BODY, (api, in) -> api.subscribe(in.param("topic"), in.body()));
        operation("api-list-subscribers", topics, NO_BODY,
                (api, in) -> api.subscribers(in.caller(), in.param("topic"), in.param("limit"), in.param("cursor")));
        operation("api-unsubscribe", topics, NO_BODY, (api, in) -> api.unsubscribe(in.param("topic"), in.param("id")));
        publishing("api-publish-to-topic", topics, JSON_BODY, (api, in) -> api.publish(in.param("topic"), in.body()));
        operation("api-pull-messages", topics, NO_BODY,
                (api, in) -> api.pull(in.param("topic"), in.param("id"), in.param("max")));
        operation("api-list-kafka-topics", kafka, NO_BODY,
                (api, in) -> api.list(in.param("limit"), in.param("cursor")));
        operation("api-create-kafka-topic", kafka, JSON_BODY, (api, in) -> api.create(in.param("topic"), in.body()));
        operation("api-get-kafka-topic", kafka, NO_BODY, (api, in) -> api.get(in.param("topic")));
        operation("api-delete-kafka-topic", kafka, NO_BODY, (api, in) -> api.delete(in.param("topic")));
        publishing("api-publish-to-kafka", kafka, JSON_BODY, (api, in) -> api.publish(in.param("topic"), in.body()));
        publishing("api-publish-batch-to-kafka", kafka, JSON_BODY,
                (api, in) -> api.publishBatch(in.param("topic"), in.body()));
        operation("api-pull-from-kafka", kafka, NO_BODY,
                (api, in) -> api.pull(in.param("topic"), in.param("group"), in.param("max")));
        operation("api-get-kafka-workers", kafka, NO_BODY, (api, in) -> api.getWorkers(in.param("topic")));
        operation("api-put-kafka-workers", kafka, JSON_BODY, (api, in) -> api.putWorkers(in.param("topic"), in.body()));
        operation("api-scale-kafka-workers", kafka, JSON_BODY,
                (api, in) -> api.scaleWorkers(in.param("topic"), in.body()));
        operation("api-pause-kafka-workers", kafka, NO_BODY, (api, in) -> api.pauseWorkers(in.param("topic")));
        operation("api-resume-kafka-workers", kafka, NO_BODY, (api, in) -> api.resumeWorkers(in.param("topic")));
        operation("api-delete-kafka-workers", kafka, NO_BODY, (api, in) -> api.deleteWorkers(in.param("topic")));
        operation("api-list-exchanges", exchanges, NO_BODY,
                (api, in) -> api.list(in.param("limit"), in.param("cursor")));
        operation("api-declare-exchange", exchanges, JSON_BODY,
                (api, in) -> api.declare(in.param("exchange"), in.body()));
        operation("api-delete-exchange", exchanges, NO_BODY, (api, in) -> api.delete(in.param("exchange")));
        operation("api-list-bindings", exchanges, NO_BODY,
                (api, in) -> api.bindings(in.caller(), in.param("exchange"), in.param("limit"), in.param("cursor")));
        operation("api-bind-queue", exchanges, JSON_BODY, (api, in) -> api.bind(in.param("exchange"), in.body()));
        operation("api-unbind-queue", exchanges, NO_BODY,
                (api, in) -> api.unbind(in.param("exchange"), in.param("queue"), in.param("routingKey"),
                        in.param("arguments")));
        publishing("api-publish-to-exchange", exchanges, JSON_BODY,
                (api, in) -> api.publish(in.param("exchange"), in.body()));
        operation("api-list-connections", broker, NO_BODY,
                (api, in) -> api.connections(in.param("limit"), in.param("cursor")));
        operation("api-list-consumers", broker, NO_BODY,
                (api, in) -> api.consumers(in.caller(), in.param("limit"), in.param("cursor")));
        operation("api-overview", dashboard, NO_BODY, (api, in) -> api.overview(in.caller()));
        operation("compat-scale", compat, JSON_BODY, (api, in) -> api.scale(in.param("queue"), in.body()));
        publishing("compat-publish", compat, JSON_BODY, (api, in) -> api.publish(in.param("queue"), in.body()));
        operation("compat-clear", compat, NO_BODY, (api, in) -> api.clear(in.param("queue")));
        operation("compat-workers", compat, NO_BODY, (api, in) -> api.allWorkers(in.caller()));
        operation("compat-queue-workers", compat, NO_BODY, (api, in) -> api.workers(in.param("queue")));
        operation("api-whoami", keys, NO_BODY, (api, in) -> api.whoami(in.caller()));
        operation("api-create-key", keys, JSON_BODY, (api, in) -> api.create(in.body()));
        operation("api-list-keys", keys, NO_BODY, (api, in) -> api.list(in.param("limit"), in.param("cursor")));
        operation("api-get-key", keys, NO_BODY, (api, in) -> api.get(in.param("id")));
        operation("api-revoke-key", keys, NO_BODY, (api, in) -> api.revoke(in.param("id")));
        operation("api-list-audit", audit, NO_BODY, (api, in) -> api.list(in.param("limit"), in.param("before")));
    }

    /** The 409 of an operation that refuses a queue's companions (documented with the operation). */
    private static final String COMPANION = "The queue is another queue's dead-letter or wait queue";
    /** The same 409, beside another one of the operation. */
    private static final String OR_COMPANION = ", or the queue is another queue's dead-letter or wait queue";
    /** Whether an operation takes a JSON body: one that does not still refuses a malformed one (400), then ignores it. */
    private static final boolean JSON_BODY = true;
    private static final boolean NO_BODY = false;

    /** An operation of the API: refused with 503 until warren has restored its worker groups. */
    private <A> void operation(String routeId, ApiBean<A> bean, boolean jsonBody, ApiOperation<A> operation) {
        route(routeId, exchange -> gate.get(exchange.getContext()).checkStarted(), bean, jsonBody, operation);
    }

    /** An operation that publishes: refused with 503 until warren has started, and once it is shutting down. */
    private <A> void publishing(String routeId, ApiBean<A> bean, boolean jsonBody, ApiOperation<A> operation) {
        route(routeId, exchange -> gate.get(exchange.getContext()).checkOpen(), bean, jsonBody, operation);
    }

    /** A plain call of the bean's method (no bean introspection, no expressions): the request's data stays data. */
    private <A> void route(String routeId, Processor check, ApiBean<A> bean, boolean jsonBody, ApiOperation<A> operation) {
        Set<String> declared = queryParameters.getOrDefault(routeId, Set.of());
        QueryParameters parameters = routeId.startsWith("compat-")
                ? QueryParameters.lenient(declared) : QueryParameters.strict(declared);
        from("direct:" + routeId).routeId(routeId).routeConfigurationId(ApiErrorHandling.ID)
                .process(check)
                .process(AccessGate::callerOf)
                .process(jsonBody ? exchange -> HttpBoundary.prepareRequest(exchange, parameters)
                        : exchange -> HttpBoundary.prepareBodilessRequest(exchange, parameters))
                .process(exchange -> exchange.getMessage()
                        .setBody(operation.call(bean.get(exchange.getContext()), new ApiRequest(exchange))))
                .process(HttpBoundary::writeResponse);
    }
}
