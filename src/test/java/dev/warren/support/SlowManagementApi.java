package dev.warren.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP proxy in the test process in front of the test broker's management API: it forwards every GET as it
 * is, except that after {@link #hold()} it keeps each request waiting (answering nothing) until {@link #release()}.
 */
public final class SlowManagementApi implements AutoCloseable {

    private final URI target;
    private final HttpServer server;
    private final ExecutorService threads = DaemonThreads.pool("slow-management-api");
    // HTTP/1.1: the broker's server drops a request that offers an upgrade to HTTP/2
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger forwarding = new AtomicInteger();
    private volatile CountDownLatch gate = new CountDownLatch(0);

    public SlowManagementApi() throws IOException {
        this.target = URI.create(TestBroker.get().managementUri);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/", this::forward);
        server.start();
    }

    /** The management URI to give warren: this proxy, with the test broker's credentials. */
    public String uri() {
        String userInfo = target.getUserInfo() == null ? "" : target.getUserInfo() + "@";
        return "http://" + userInfo + "localhost:" + server.getAddress().getPort();
    }

    /** From now on every request waits until {@link #release()}. */
    public void hold() {
        gate = new CountDownLatch(1);
    }

    /** Lets every waiting request through, and every later one at once. */
    public void release() {
        gate.countDown();
    }

    /** How many requests wait now. */
    public int waiting() {
        return waiting.get();
    }

    /** How many requests are being forwarded now (let through, not yet answered). */
    public int forwarding() {
        return forwarding.get();
    }

    private void forward(HttpExchange exchange) {
        try {
            waiting.incrementAndGet();
            try {
                gate.await();
            } finally {
                waiting.decrementAndGet();
            }
            forwarding.incrementAndGet();
            try {
                pass(exchange);
            } finally {
                forwarding.decrementAndGet();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // warren gave up on this request before it was let through
        } finally {
            exchange.close();
        }
    }

    private void pass(HttpExchange exchange) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.getScheme() + "://" + target.getHost()
                + ":" + target.getPort() + exchange.getRequestURI())).GET();
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (name.equalsIgnoreCase("Authorization") || name.equalsIgnoreCase("Accept")) {
                values.forEach(value -> request.header(name, value));
            }
        });
        HttpResponse<byte[]> answer = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        answer.headers().firstValue("Content-Type").ifPresent(type -> exchange.getResponseHeaders().add("Content-Type", type));
        exchange.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
        try (OutputStream body = exchange.getResponseBody()) {
            body.write(answer.body());
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        threads.shutdownNow();
    }
}
