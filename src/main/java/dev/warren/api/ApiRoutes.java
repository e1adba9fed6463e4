package dev.warren.api;

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
                .get("/queues/{queue}/workers").description("View a queue's worker group and its consumers").to("direct:api-get-workers")
                .put("/queues/{queue}/workers").description("Create or replace a queue's worker group").to("direct:api-put-workers")
                .delete("/queues/{queue}/workers").description("Stop and remove a worker group").to("direct:api-delete-workers")
                .post("/queues/{queue}/workers/scale").description("Change the number of consumers live").to("direct:api-scale-workers")
                .post("/queues/{queue}/workers/pause").description("Stop consuming, keep the group").to("direct:api-pause-workers")
                .post("/queues/{queue}/workers/resume").description("Consume again").to("direct:api-resume-workers");

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
        operation("api-publish-task", "taskApi", "publish(${header.queue}, ${body})");
        operation("api-publish-batch", "taskApi", "publishBatch(${header.queue}, ${body})");
        operation("api-list-workers", "workerApi", "list(${header.limit}, ${header.cursor})");
        operation("api-get-workers", "workerApi", "get(${header.queue})");
        operation("api-put-workers", "workerApi", "put(${header.queue}, ${body})");
        operation("api-delete-workers", "workerApi", "delete(${header.queue})");
        operation("api-scale-workers", "workerApi", "scale(${header.queue}, ${body})");
        operation("api-pause-workers", "workerApi", "pause(${header.queue})");
        operation("api-resume-workers", "workerApi", "resume(${header.queue})");
        operation("compat-scale", "compatApi", "scale(${header.queue}, ${body})");
        operation("compat-publish", "compatApi", "publish(${header.queue}, ${body})");
        operation("compat-clear", "compatApi", "clear(${header.queue})");
        operation("compat-workers", "compatApi", "workers()");
        operation("compat-queue-workers", "compatApi", "workers(${header.queue})");
    }

    private void operation(String routeId, String bean, String method) {
        from("direct:" + routeId).routeId(routeId).routeConfigurationId(ApiErrorHandling.ID)
                .process(HttpBoundary::checkContentType)
                .bean(bean, method)
                .process(HttpBoundary::writeResponse);
    }
}
