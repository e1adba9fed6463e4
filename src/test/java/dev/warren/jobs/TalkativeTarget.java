package dev.warren.jobs;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import dev.warren.support.DaemonThreads;

/**
 * An HTTP target in the test process that answers 200 with a body of the test's choosing after a delay; the shared
 * TargetServer always answers a short body, and a job's result must show how a long one is cut to 4 KiB.
 */
final class TalkativeTarget implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = DaemonThreads.pool("talkative-target");
    private final List<String> webhookIds = new CopyOnWriteArrayList<>();
    private final byte[] answer;
    private final long delayMs;

    private TalkativeTarget(String answer, long delayMs) {
        this.answer = answer.getBytes(StandardCharsets.UTF_8);
        this.delayMs = delayMs;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** A target answering every request with 200 and this body, after delayMs. */
    static TalkativeTarget answering(String body, long delayMs) {
        return new TalkativeTarget(body, delayMs);
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** How many requests carried this webhook-id. */
    long requestsFor(String webhookId) {
        return webhookIds.stream().filter(webhookId::equals).count();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            webhookIds.add(String.valueOf(exchange.getRequestHeaders().getFirst("webhook-id")));
            Thread.sleep(delayMs);
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
