package dev.warren.routes;

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
 * A web site in the test process for the scraper type to fetch: every GET answers the same HTML page (UTF-8), and every
 * request is recorded. (TargetServer answers JSON only, so it cannot stand in for a site.)
 */
final class HtmlSite implements AutoCloseable {

    static final String ASCII_PAGE = "<!doctype html><html><head><title>warren test site</title></head>"
            + "<body><h1>Hello from the test site</h1></body></html>";
    /** A page whose size in bytes (UTF-8) is not its length in characters. */
    static final String UNICODE_PAGE = "<!doctype html><html><head><title>warren \u2713</title></head>"
            + "<body><h1>H\u00e9llo \u65e5\u672c</h1></body></html>";
    static final String CONTENT_TYPE = "text/html; charset=utf-8";

    /** A request as the site received it. */
    record Visit(String method, String path) {
    }

    private final HttpServer server;
    private final ExecutorService executor = DaemonThreads.pool("html-site");
    private final List<Visit> visits = new CopyOnWriteArrayList<>();
    private final String page;

    HtmlSite() {
        this(ASCII_PAGE);
    }

    HtmlSite(String page) {
        this.page = page;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the test site", e);
        }
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                visits.add(new Visit(exchange.getRequestMethod(), exchange.getRequestURI().getPath()));
                byte[] body = page.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", CONTENT_TYPE);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.setExecutor(executor);
        server.start();
    }

    /** What a task's domain_name must say to reach this site: host and port. */
    String domain() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** The size of the page in bytes, as sent. */
    int pageBytes() {
        return page.getBytes(StandardCharsets.UTF_8).length;
    }

    List<Visit> visits() {
        return List.copyOf(visits);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
