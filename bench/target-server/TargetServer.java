import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The delivery benchmark's target: a fast local HTTP API that answers every POST/PUT with 200 at once and
 * counts what it received. Run with {@code java TargetServer.java PORT [THREADS]} (JDK 17+).
 *
 * <ul>
 *   <li>any path, any method but GET: a task; answered {@code 200 {"ok":true}}</li>
 *   <li>{@code GET /stats}: {@code {"count", "distinct", "firstAt", "lastAt"}}: requests, distinct
 *       {@code webhook-id}s, epoch ms of the first request and of the last answer</li>
 *   <li>{@code POST /reset}: zeroes the counters</li>
 * </ul>
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
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
        server.setExecutor(Executors.newFixedThreadPool(threads));
        server.createContext("/", TargetServer::handle);
        server.start();
        System.out.println("target listening on http://127.0.0.1:" + port + "/ with " + threads + " threads");
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
