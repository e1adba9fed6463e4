package dev.warren.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A real HTTP API in the test process that worker groups deliver to: it records every request (method, path,
 * headers, body, arrival time) and answers as the test's behaviour says, after an optional delay.
 */
public final class TargetServer implements AutoCloseable {

    /** A request as the target received it (query null when none; bytes: the body as sent); header names are case-insensitive. */
    public record Request(String method, String path, String query, Map<String, List<String>> headers, String body,
                          Instant at, long arrivedNanos, byte[] bytes) {

        /** The first value of the header, or null. */
        public String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        /** The body parsed as JSON; a missing node when it is not JSON. */
        public JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException | RuntimeException e) {
                return MAPPER.missingNode();
            }
        }

        public String webhookId() {
            return header("webhook-id");
        }

        /** X-Warren-Attempt as a number; 0 when absent or unreadable. */
        public int attempt() {
            try {
                return Integer.parseInt(header("X-Warren-Attempt"));
            } catch (RuntimeException e) {
                return 0;
            }
        }

        /** Milliseconds from this request's arrival to that one's (negative when that one came first). */
        public long millisUntil(Request later) {
            return (later.arrivedNanos - arrivedNanos) / 1_000_000;
        }
    }

    /**
     * How the target answers one request: status, headers, how long it takes before answering, and its body (a short
     * JSON one when null, else this text as text/plain).
     */
    public record Answer(int status, Map<String, String> headers, long delayMs, String body, long heldMs) {

        public static Answer ok() {
            return status(200);
        }

        public static Answer status(int status) {
            return new Answer(status, Map.of(), 0, null, 0);
        }

        /**
         * 200 at once, then a body of a byte every 10 ms for this long: unlike a delay, the target notices within
         * about 10 ms when its caller goes away (see {@link #endedNanos}).
         */
        public static Answer heldFor(long millis) {
            return new Answer(200, Map.of(), 0, null, millis);
        }

        public Answer withHeader(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Answer(status, more, delayMs, body, heldMs);
        }

        public Answer after(long millis) {
            return new Answer(status, headers, millis, body, heldMs);
        }

        /** The same answer with this text as its body. */
        public Answer withBody(String text) {
            return new Answer(status, headers, delayMs, text, heldMs);
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = DaemonThreads.pool("target-server");
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger maxInFlight = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger aborted = new java.util.concurrent.atomic.AtomicInteger();
    private final Map<Request, Long> ended = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile Function<Request, Answer> behaviour;

    private TargetServer(Function<Request, Answer> behaviour) {
        this(behaviour, null);
    }

    private TargetServer(Function<Request, Answer> behaviour, javax.net.ssl.SSLContext tls) {
        this.behaviour = behaviour;
        try {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
            if (tls == null) {
                this.server = HttpServer.create(address, 200);
            } else {
                com.sun.net.httpserver.HttpsServer https = com.sun.net.httpserver.HttpsServer.create(address, 200);
                https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
                this.server = https;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the target server", e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** A target that answers 200 at once to everything. */
    public static TargetServer start() {
        return start(request -> Answer.ok());
    }

    public static TargetServer start(Function<Request, Answer> behaviour) {
        return new TargetServer(behaviour);
    }

    /** A target that answers 200 to everything over HTTPS, with the key and certificate of this TLS context. */
    public static TargetServer startHttps(javax.net.ssl.SSLContext tls) {
        return new TargetServer(request -> Answer.ok(), tls);
    }

    /** Changes how the target answers from now on. */
    public void behave(Function<Request, Answer> newBehaviour) {
        this.behaviour = newBehaviour;
    }

    /** The URL worker groups should deliver to. */
    public String url() {
        return url("/hook");
    }

    public String url(String path) {
        String scheme = server instanceof com.sun.net.httpserver.HttpsServer ? "https" : "http";
        return scheme + "://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Every request received so far, in arrival order. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The requests carrying this header value, in arrival order. */
    public List<Request> requestsWithHeader(String name, String value) {
        return requests.stream().filter(r -> value.equals(r.header(name))).toList();
    }

    /** The attempts that reached the target for one task, in arrival order. */
    public List<Request> attemptsOf(String webhookId) {
        return requestsWithHeader("webhook-id", webhookId);
    }

    /** How many requests arrived for each webhook-id. */
    public Map<String, Long> countByWebhookId() {
        return requests.stream().filter(r -> r.webhookId() != null)
                .collect(Collectors.groupingBy(Request::webhookId, Collectors.counting()));
    }

    /** Webhook ids that arrived more than once. */
    public Map<String, Long> duplicates() {
        return countByWebhookId().entrySet().stream().filter(e -> e.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** The requests of a window that opens with the first request: how many, and the seconds from the first to the last. */
    public record Window(List<Request> requests, double seconds) {

        /** Requests a second over the window. */
        public double perSecond() {
            return requests.size() / seconds;
        }

        @Override
        public String toString() {
            return requests.size() + " requests in " + seconds + " s = " + perSecond() + "/s";
        }
    }

    /** Whether the requests so far reach at least this long after the first one. */
    public boolean spans(java.time.Duration window) {
        List<Request> all = requests();
        return !all.isEmpty() && all.get(0).millisUntil(all.get(all.size() - 1)) >= window.toMillis();
    }

    /** The requests that arrived within this long of the first one. */
    public Window window(java.time.Duration window) {
        Request first = requests.get(0);
        List<Request> within = requests().stream().filter(r -> first.millisUntil(r) <= window.toMillis()).toList();
        return new Window(within, first.millisUntil(within.get(within.size() - 1)) / 1000.0);
    }

    /** Requests whose caller went away before the answer was written. */
    public int aborted() {
        return aborted.get();
    }

    /** When (System.nanoTime) the target was done with this request: answered, or its caller gone; empty while open. */
    public java.util.OptionalLong endedNanos(Request request) {
        Long nanos = ended.get(request);
        return nanos == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(nanos);
    }

    /** The most requests the target was handling at the same time. */
    public int maxConcurrent() {
        return maxInFlight.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long nanos = System.nanoTime();
        Instant at = Instant.now();
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        Request request = null;
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readAllBytes();
            String body = new String(bytes, StandardCharsets.UTF_8);
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
            request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestURI().getRawQuery(), Collections.unmodifiableMap(headers), body, at, nanos, bytes);
            requests.add(request);
            Answer answer;
            try {
                answer = behaviour.apply(request);
            } catch (RuntimeException e) {
                answer = Answer.status(500);
            }
            if (answer.delayMs() > 0) {
                Thread.sleep(answer.delayMs());
            }
            if (answer.heldMs() > 0) {
                hold(exchange, answer.heldMs());
                return;
            }
            answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            if (answer.status() == 204 || answer.status() == 304) {
                exchange.sendResponseHeaders(answer.status(), -1);
                return;
            }
            byte[] reply = (answer.body() != null ? answer.body() : "{\"ok\":true}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", answer.body() != null ? "text/plain" : "application/json");
            exchange.sendResponseHeaders(answer.status(), reply.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the caller gave up (e.g. its timeout passed, or it died): nothing to answer
            aborted.incrementAndGet();
        } finally {
            if (request != null) {
                ended.put(request, System.nanoTime());
            }
            inFlight.decrementAndGet();
        }
    }

    /** Answers 200 and sends a byte every 10 ms for this long; a write fails soon after the caller closed its connection. */
    private static void hold(HttpExchange exchange, long millis) throws IOException, InterruptedException {
        exchange.getResponseHeaders().add("Content-Type", "text/plain");
        exchange.sendResponseHeaders(200, 0);
        long end = System.nanoTime() + millis * 1_000_000;
        try (OutputStream out = exchange.getResponseBody()) {
            while (System.nanoTime() < end) {
                out.write('.');
                out.flush();
                Thread.sleep(10);
            }
        }
    }

    @Override
    public String toString() {
        List<String> lines = new ArrayList<>();
        requests.forEach(r -> lines.add(r.method() + " " + r.path() + " id=" + r.webhookId() + " attempt=" + r.attempt()));
        return "TargetServer" + lines;
    }
}
