package dev.warren.config;

import dev.warren.api.HttpErrorPages;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;

/** Wires the HTTP server's Vert.x: its worker pool, idle timeout and the answer to requests it cannot read. */
final class HttpConfiguration {

    @PropertyInject("warren.http.worker-threads")
    private int httpWorkerThreads;
    @PropertyInject("warren.http.idle-timeout-seconds")
    private int httpIdleTimeoutSeconds;

    Vertx vertx(CamelContext context) {
        // API requests run on Vert.x worker threads and wait for the broker's confirms: the default 20 would cap them
        Vertx vertx = HttpServerVertx.wrap(Vertx.vertx(new VertxOptions().setWorkerPoolSize(httpWorkerThreads)),
                httpIdleTimeoutSeconds, HttpErrorPages::answerInvalidRequest);
        context.getRegistry().bind(Beans.VERTX, Vertx.class, vertx, null, "close");
        return vertx;
    }
}
