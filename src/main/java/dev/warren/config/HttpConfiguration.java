package dev.warren.config;

import dev.warren.api.HttpErrorPages;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.impl.VertxBuilder;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/** Wires the HTTP server's Vert.x: its worker pool, idle timeout, TLS and the answer to requests it cannot read. */
final class HttpConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(HttpConfiguration.class);
    private static final Duration WORKER_KEEP_ALIVE = Duration.ofSeconds(60);

    private final int httpWorkerThreads;
    private final int httpIdleTimeoutSeconds;

    HttpConfiguration(Settings settings) {
        httpWorkerThreads = settings.integer("warren.http.worker-threads", 1);
        httpIdleTimeoutSeconds = settings.integer("warren.http.idle-timeout-seconds", 0);
    }

    Vertx vertx(CamelContext context) {
        TlsFiles.Identity server = TlsFiles.Identity.of(context, "warren.http.tls");
        var tls = server.options();
        // API requests run on Vert.x worker threads and wait for the broker's confirms: the default 20 would cap them.
        // Vert.x keeps every worker thread it ever made; these end after a minute unused (the builder is Vert.x 4's
        // internal one: its public builder cannot take the pools' factory)
        Vertx plain = new VertxBuilder(new VertxOptions().setWorkerPoolSize(httpWorkerThreads))
                .executorServiceFactory(new ShrinkingPools(WORKER_KEEP_ALIVE)).init().vertx();
        if (tls.isPresent()) {
            // read the key now, so that a wrong password or file fails here naming the properties, not in the server
            try {
                TlsFiles.check(plain, server, tls.get());
            } catch (IllegalStateException e) {
                plain.close();
                throw e;
            }
        }
        if (tls.isPresent()) {
            LOG.info("HTTPS on: the server presents the {}", server.describe());
        } else {
            LOG.info("HTTPS off: plain HTTP (set warren.http.tls.certificate and .key, or .keystore, for HTTPS)");
        }
        Vertx vertx = HttpServerVertx.wrap(plain, httpIdleTimeoutSeconds, HttpErrorPages::answerInvalidRequest, tls);
        context.getRegistry().bind(Beans.VERTX, Vertx.class, vertx, null, "close");
        return vertx;
    }
}
