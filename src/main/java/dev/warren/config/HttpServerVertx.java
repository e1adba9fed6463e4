package dev.warren.config;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.net.KeyCertOptions;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The Vert.x instance warren's HTTP server runs on, which sets up each HTTP server it makes: an idle timeout (a
 * connection that sends or receives nothing for that long, such as a request stalled half-way, is closed), the
 * answer to a request the server cannot even read (a request line or headers too long) and, when given a certificate,
 * TLS. Camel makes the server from options it does not let one extend, so the one call that makes it is intercepted
 * here.
 */
final class HttpServerVertx {

    private HttpServerVertx() {
    }

    /**
     * This Vert.x, except that every HTTP server it makes has this idle timeout (s; 0: none), invalid-request answer
     * and, when a certificate is given, serves HTTPS only.
     */
    static Vertx wrap(Vertx vertx, int idleTimeoutSeconds, Handler<HttpServerRequest> invalidRequests,
                      Optional<KeyCertOptions> tls) {
        return (Vertx) Proxy.newProxyInstance(HttpServerVertx.class.getClassLoader(), new Class<?>[] {VertxInternal.class},
                (proxy, method, args) -> {
                    boolean makesServer = method.getName().equals("createHttpServer");
                    if (makesServer && idleTimeoutSeconds > 0 && args != null && args.length == 1
                            && args[0] instanceof HttpServerOptions options && options.getIdleTimeout() == 0) {
                        options.setIdleTimeoutUnit(TimeUnit.SECONDS).setIdleTimeout(idleTimeoutSeconds);
                    }
                    if (makesServer && tls.isPresent() && args != null && args.length == 1
                            && args[0] instanceof HttpServerOptions options) {
                        options.setSsl(true).setKeyCertOptions(tls.get().copy());
                    }
                    Object result;
                    try {
                        result = method.invoke(vertx, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (makesServer && result instanceof HttpServer server) {
                        server.invalidRequestHandler(invalidRequests);
                    }
                    return result;
                });
    }
}
