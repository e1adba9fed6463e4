package dev.warren.api;

import dev.warren.ops.ShutdownGate;
import org.apache.camel.builder.RouteBuilder;

/** The REST API: each verb hands over to a direct: route that calls one operation of an *Api bean. */
public class ApiRoutes extends RouteBuilder {

    @Override
    public void configure() {
        rest("/api/queues").description("Queues")
                .get().description("List queues").to("direct:api-list-queues")
                .get("/{queue}").description("View a queue").to("direct:api-get-queue")
                .put("/{queue}").description("Declare a queue and its dead-letter queue").to("direct:api-declare-queue")
                .delete("/{queue}").description("Delete a queue and its companions").to("direct:api-delete-queue")
                .post("/{queue}/purge").description("Remove every ready message").to("direct:api-purge-queue")
                .post("/{queue}/tasks").description("Publish a task").to("direct:api-publish-task")
                .post("/{queue}/tasks/batch").description("Publish tasks, all or none").to("direct:api-publish-batch");

        rest("/api").description("Worker groups")
                .get("/workers").description("List worker groups").to("direct:api-list-workers")
                .get("/worker-types").description("List the worker types of routes/").to("direct:api-list-worker-types")
                .get("/queues/{queue}/workers").description("View a queue's worker group and its consumers").to("direct:api-get-workers")
                .put("/queues/{queue}/workers").description("Create or replace a queue's worker group").to("direct:api-put-workers")
                .delete("/queues/{queue}/workers").description("Stop and remove a worker group").to("direct:api-delete-workers")
                .post("/queues/{queue}/workers/scale").description("Change the number of consumers live").to("direct:api-scale-workers")
                .post("/queues/{queue}/workers/pause").description("Stop consuming, keep the group").to("direct:api-pause-workers")
                .post("/queues/{queue}/workers/resume").description("Consume again").to("direct:api-resume-workers");

        rest("/api/topics").description("Topics (publish/subscribe)")
                .get().description("List topics and their numbers of subscribers").to("direct:api-list-topics")
                .put("/{topic}").description("Declare a topic (a durable fanout exchange)").to("direct:api-declare-topic")
                .delete("/{topic}").description("Delete a topic and its subscribers' queues").to("direct:api-delete-topic")
                .post("/{topic}/subscribers").description("Add a subscriber: a queue {topic}.{id} bound to the topic").to("direct:api-subscribe")
                .get("/{topic}/subscribers").description("List a topic's subscribers and their backlogs").to("direct:api-list-subscribers")
                .delete("/{topic}/subscribers/{id}").description("Remove a subscriber and its queue").to("direct:api-unsubscribe")
                .post("/{topic}/messages").description("Publish a message to every subscriber").to("direct:api-publish-to-topic")
                .get("/{topic}/subscribers/{id}/messages").description("Take up to max of a subscriber's messages").to("direct:api-pull-messages");

        rest("/api/exchanges").description("Exchanges and bindings")
                .get().description("List exchanges").to("direct:api-list-exchanges")
                .put("/{exchange}").description("Declare a durable exchange of a type").to("direct:api-declare-exchange")
                .delete("/{exchange}").description("Delete an exchange").to("direct:api-delete-exchange")
                .post("/{exchange}/bindings").description("Bind a queue with a routing key (and header arguments)").to("direct:api-bind-queue")
                .delete("/{exchange}/bindings").description("Unbind a queue: query parameters queue and routingKey").to("direct:api-unbind-queue")
                .post("/{exchange}/publish").description("Publish with a routing key; answers whether it was routed").to("direct:api-publish-to-exchange");

        rest("/api").description("The broker's connections and consumers")
                .get("/connections").description("List the broker's client connections").to("direct:api-list-connections")
                .get("/consumers").description("List the broker's consumers").to("direct:api-list-consumers");

        rest("/api").description("Jobs")
                .get("/jobs").description("List jobs, newest first").to("direct:api-list-jobs")
                .get("/jobs/{id}").description("View a job with its attempts").to("direct:api-get-job")
                .post("/jobs/{id}/cancel").description("Cancel a queued or retrying job").to("direct:api-cancel-job")
                .post("/jobs/{id}/retry").description("Queue a failed or cancelled job again").to("direct:api-retry-job")
                .get("/queues/{queue}/dead-letters").description("List the failed jobs of a queue").to("direct:api-list-dead-letters")
                .post("/queues/{queue}/dead-letters/replay").description("Move dead letters back to the queue").to("direct:api-replay-dead-letters");

        rest("/queue").description("Compatibility with the Flask queue-management API")
                .post("/scale/{queue}").to("direct:compat-scale")
                .post("/publish/{queue}").to("direct:compat-publish")
                .post("/clear/{queue}").to("direct:compat-clear")
                .get("/workers").to("direct:compat-workers")
                .get("/workers/{queue}").to("direct:compat-queue-workers");

        operation("api-list-queues", "queueApi", "list(${header.limit}, ${header.cursor})");
        operation("api-get-queue", "queueApi", "get(${header.queue})");
        operation("api-declare-queue", "queueApi", "declare(${header.queue}, ${body})");
        operation("api-delete-queue", "queueApi", "delete(${header.queue})");
        operation("api-purge-queue", "queueApi", "purge(${header.queue})");
        publishing("api-publish-task", "taskApi", "publish(${header.queue}, ${body})");
        publishing("api-publish-batch", "taskApi", "publishBatch(${header.queue}, ${body})");
        operation("api-list-jobs", "jobApi", "list(${header.queue}, ${header.status}, ${header.limit}, ${header.cursor})");
        operation("api-get-job", "jobApi", "get(${header.id})");
        operation("api-cancel-job", "jobApi", "cancel(${header.id})");
        operation("api-retry-job", "jobApi", "retry(${header.id})");
        operation("api-list-dead-letters", "jobApi", "deadLetters(${header.queue}, ${header.limit}, ${header.cursor})");
        operation("api-replay-dead-letters", "jobApi", "replay(${header.queue}, ${body})");
        operation("api-list-workers", "workerApi", "list(${header.limit}, ${header.cursor})");
        operation("api-list-worker-types", "workerApi", "types()");
        operation("api-get-workers", "workerApi", "get(${header.queue})");
        operation("api-put-workers", "workerApi", "put(${header.queue}, ${body})");
        operation("api-delete-workers", "workerApi", "delete(${header.queue})");
        operation("api-scale-workers", "workerApi", "scale(${header.queue}, ${body})");
        operation("api-pause-workers", "workerApi", "pause(${header.queue})");
        operation("api-resume-workers", "workerApi", "resume(${header.queue})");
        operation("api-list-topics", "topicApi", "list(${header.limit}, ${header.cursor})");
        operation("api-declare-topic", "topicApi", "declare(${header.topic})");
        operation("api-delete-topic", "topicApi", "delete(${header.topic})");
        operation("api-subscribe", "topicApi", "subscribe(${header.topic}, ${body})");
        operation("api-list-subscribers", "topicApi", "subscribers(${header.topic}, ${header.limit}, ${header.cursor})");
        operation("api-unsubscribe", "topicApi", "unsubscribe(${header.topic}, ${header.id})");
        publishing("api-publish-to-topic", "topicApi", "publish(${header.topic}, ${body})");
        operation("api-pull-messages", "topicApi", "pull(${header.topic}, ${header.id}, ${header.max})");
        operation("api-list-exchanges", "exchangeApi", "list(${header.limit}, ${header.cursor})");
        operation("api-declare-exchange", "exchangeApi", "declare(${header.exchange}, ${body})");
        operation("api-delete-exchange", "exchangeApi", "delete(${header.exchange})");
        operation("api-bind-queue", "exchangeApi", "bind(${header.exchange}, ${body})");
        operation("api-unbind-queue", "exchangeApi", "unbind(${header.exchange}, ${header.queue}, ${header.routingKey})");
        publishing("api-publish-to-exchange", "exchangeApi", "publish(${header.exchange}, ${body})");
        operation("api-list-connections", "brokerApi", "connections(${header.limit}, ${header.cursor})");
        operation("api-list-consumers", "brokerApi", "consumers(${header.limit}, ${header.cursor})");
        operation("compat-scale", "compatApi", "scale(${header.queue}, ${body})");
        publishing("compat-publish", "compatApi", "publish(${header.queue}, ${body})");
        operation("compat-clear", "compatApi", "clear(${header.queue})");
        operation("compat-workers", "compatApi", "workers()");
        operation("compat-queue-workers", "compatApi", "workers(${header.queue})");
    }

    private void operation(String routeId, String bean, String method) {
        from("direct:" + routeId).routeId(routeId).routeConfigurationId(ApiErrorHandling.ID)
                .process(HttpBoundary::prepareRequest)
                .bean(bean, method)
                .process(HttpBoundary::writeResponse);
    }

    /** An operation that publishes: refused with 503 once warren is shutting down. */
    private void publishing(String routeId, String bean, String method) {
        from("direct:" + routeId).routeId(routeId).routeConfigurationId(ApiErrorHandling.ID)
                .bean(ShutdownGate.BEAN, "checkOpen")
                .process(HttpBoundary::prepareRequest)
                .bean(bean, method)
                .process(HttpBoundary::writeResponse);
    }
}
