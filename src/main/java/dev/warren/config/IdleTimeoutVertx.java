package dev.warren.config;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.impl.VertxInternal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.TimeUnit;

/**
 * The Vert.x instance warren's HTTP server runs on, giving that server an idle timeout: a connection that sends or
 * receives nothing for that long (a request stalled half-way, a client that never reads) is closed. Camel makes the
 * server from options it does not let one extend, so the one call that makes it is intercepted here.
 */
final class IdleTimeoutVertx {

    private IdleTimeoutVertx() {
    }

    /** This Vert.x, except that every HTTP server it makes closes connections idle for this many seconds (0: never). */
    static Vertx wrap(Vertx vertx, int idleTimeoutSeconds) {
        if (idleTimeoutSeconds <= 0) {
            return vertx;
        }
        return (Vertx) Proxy.newProxyInstance(IdleTimeoutVertx.class.getClassLoader(), new Class<?>[] {VertxInternal.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("createHttpServer") && args != null && args.length == 1
                            && args[0] instanceof HttpServerOptions options && options.getIdleTimeout() == 0) {
                        options.setIdleTimeoutUnit(TimeUnit.SECONDS).setIdleTimeout(idleTimeoutSeconds);
                    }
                    try {
                        return method.invoke(vertx, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
