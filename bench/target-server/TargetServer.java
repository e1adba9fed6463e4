import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The delivery benchmark's target: a fast local HTTP API that answers every POST/PUT with 200 at once and
 * counts what it received. Run with {@code java TargetServer.java PORT [THREADS [WARMUP]]} (JDK 17+).
 *
 * <ul>
 *   <li>any path, any method but GET: a task; answered {@code 200 {"ok":true}}</li>
 *   <li>{@code GET /stats}: {@code {"count", "distinct", "firstAt", "lastAt"}}: requests, distinct
 *       {@code webhook-id}s, epoch ms of the first request and of the last answer</li>
 *   <li>{@code POST /reset}: zeroes the counters</li>
 * </ul>
 * With WARMUP (0) above zero it first answers that many tasks of its own on a loopback port of its own, so that its
 * JIT-compiled code is ready before PORT answers: a benchmark's cold start then measures the consumer's, not the
 * target's (a real target is a long-running service).
 */
public class TargetServer {

    private static final byte[] OK = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);

    private static final AtomicLong count = new AtomicLong();
    private static final AtomicLong firstAt = new AtomicLong();
    private static final AtomicLong lastAt = new AtomicLong();
    private static volatile Set<String> ids = ConcurrentHashMap.newKeySet();

    public static void main(String[] args) throws IOException {
        // without TCP_NODELAY the JDK server's separate header and body writes can wait on delayed ACKs (40 ms)
        System.setProperty("sun.net.httpserver.nodelay", "true");
        int port = Integer.parseInt(args[0]);
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int warmUp = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        if (warmUp > 0) {
            warmUp(threads, warmUp);
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
        server.setExecutor(Executors.newFixedThreadPool(threads));
        server.createContext("/", TargetServer::handle);
        server.start();
        System.out.println("target listening on http://127.0.0.1:" + port + "/ with " + threads + " threads");
    }

    /** Answers {@code requests} tasks sent by 16 keep-alive clients to a server of its own, then zeroes the counters. */
    private static void warmUp(int threads, int requests) throws IOException {
        long started = System.nanoTime();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        ExecutorService serverThreads = Executors.newFixedThreadPool(threads);
        server.setExecutor(serverThreads);
        server.createContext("/", TargetServer::handle);
        server.start();
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String body = "{\"orderId\":\"ord-000123456\",\"customer\":{\"id\":\"cus-98765\",\"email\":\"someone@example.com\"},"
                + "\"items\":[{\"sku\":\"SKU-1001\",\"qty\":2,\"price\":19.99}],\"note\":\"leave at the front door\"}";
        int clients = 16;
        ExecutorService senders = Executors.newFixedThreadPool(clients);
        for (int c = 0; c < clients; c++) {
            int share = requests / clients + (c < requests % clients ? 1 : 0);
            senders.execute(() -> {
                for (int i = 0; i < share; i++) {
                    HttpRequest request = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                            .header("webhook-id", UUID.randomUUID().toString())
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                    try {
                        client.send(request, HttpResponse.BodyHandlers.discarding());
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            });
        }
        senders.shutdown();
        try {
            senders.awaitTermination(10, java.util.concurrent.TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.stop(0);
        serverThreads.shutdown();
        System.out.println("warmed up with " + count.get() + " of " + requests + " tasks in "
                + (System.nanoTime() - started) / 1_000_000 + " ms");
        count.set(0);
        firstAt.set(0);
        lastAt.set(0);
        ids = ConcurrentHashMap.newKeySet();
    }

    private static void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        try (InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
        }
        if (method.equals("GET") && path.equals("/stats")) {
            String json = "{\"count\":" + count.get() + ",\"distinct\":" + ids.size() + ",\"firstAt\":" + firstAt.get()
                    + ",\"lastAt\":" + lastAt.get() + "}";
            respond(exchange, json.getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (method.equals("POST") && path.equals("/reset")) {
            count.set(0);
            firstAt.set(0);
            lastAt.set(0);
            ids = ConcurrentHashMap.newKeySet();
            respond(exchange, OK);
            return;
        }
        firstAt.compareAndSet(0, System.currentTimeMillis());
        String id = exchange.getRequestHeaders().getFirst("webhook-id");
        if (id != null) {
            ids.add(id);
        }
        respond(exchange, OK);
        count.incrementAndGet();
        lastAt.accumulateAndGet(System.currentTimeMillis(), Math::max);
    }

    private static void respond(HttpExchange exchange, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
