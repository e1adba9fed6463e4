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

        operation("api-list-queues", "queueApi", "list(${header.limit}, ${header.cursor})");
        operation("api-get-queue", "queueApi", "get(${header.queue})");
        operation("api-declare-queue", "queueApi", "declare(${header.queue}, ${body})");
        operation("api-delete-queue", "queueApi", "delete(${header.queue})");
        operation("api-purge-queue", "queueApi", "purge(${header.queue})");
        operation("api-publish-task", "taskApi", "publish(${header.queue}, ${body})");
        operation("api-publish-batch", "taskApi", "publishBatch(${header.queue}, ${body})");
    }

    private void operation(String routeId, String bean, String method) {
        from("direct:" + routeId).routeId(routeId).routeConfigurationId(ApiErrorHandling.ID)
                .process(HttpBoundary::checkContentType)
                .bean(bean, method)
                .process(HttpBoundary::writeResponse);
    }
}
