import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The chaos run's load and target (bench/cluster-chaos.sh): an HTTP target on TARGET_PORT that answers 200 and
 * counts each webhook-id, and PUBLISHERS threads publishing tasks with ids of their own to the warren instances in
 * turn for SECONDS, or until the file named by -DstopFile exists. Then it waits (up to DRAIN_SECONDS) until every task answered 202 reached the target and prints
 * accepted / refused / delivered / duplicated / lost.
 * Run with {@code java ChaosLoad.java TARGET_PORT SECONDS DRAIN_SECONDS PUBLISHERS QUEUE KEY URL...} (JDK 17+).
 */
public class ChaosLoad {

    public static void main(String[] args) throws Exception {
        int targetPort = Integer.parseInt(args[0]);
        long seconds = Long.parseLong(args[1]);
        long drainSeconds = Long.parseLong(args[2]);
        int publishers = Integer.parseInt(args[3]);
        String queue = args[4];
        String key = args[5];
        List<String> warrens = List.of(args).subList(6, args.length);

        Map<String, AtomicLong> deliveries = new ConcurrentHashMap<>();
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer target = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 1024);
        target.setExecutor(Executors.newFixedThreadPool(64));
        target.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            if (id != null) {
                deliveries.computeIfAbsent(id, i -> new AtomicLong()).incrementAndGet();
            }
            byte[] ok = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, ok.length);
            exchange.getResponseBody().write(ok);
            exchange.close();
        });
        target.start();
        log("target on http://127.0.0.1:" + targetPort + "/, publishing to " + warrens + " for " + seconds + " s");

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        AtomicLong refused = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        AtomicBoolean publishing = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < publishers; p++) {
            int publisher = p;
            Thread thread = new Thread(() -> {
                for (long n = 0; publishing.get(); n++) {
                    String id = queue + "-" + publisher + "-" + n;
                    String warren = warrens.get((int) ((n + publisher) % warrens.size()));
                    HttpRequest request = HttpRequest.newBuilder(URI.create(warren + "/api/queues/" + queue + "/tasks"))
                            .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + key)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"" + id + "\",\"payload\":{\"n\":" + n + "}}"))
                            .build();
                    try {
                        int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                        statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
                        if (status == 202) {
                            accepted.add(id);
                        } else {
                            refused.incrementAndGet();
                        }
                    } catch (IOException e) {
                        // the instance is down: a client would retry elsewhere
                        failed.incrementAndGet();
                        sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "publisher-" + p);
            thread.start();
            threads.add(thread);
        }
        Path stop = Path.of(System.getProperty("stopFile", "/nonexistent"));
        long end = System.currentTimeMillis() + seconds * 1000;
        while (System.currentTimeMillis() < end && !Files.exists(stop)) {
            sleep(5000);
            log("accepted " + accepted.size() + ", answers " + statuses + ", connection failures " + failed.get()
                    + ", delivered " + deliveries.size());
        }
        publishing.set(false);
        for (Thread thread : threads) {
            thread.join();
        }
        log("publishing stopped; waiting up to " + drainSeconds + " s for every accepted task");
        long drainEnd = System.currentTimeMillis() + drainSeconds * 1000;
        while (System.currentTimeMillis() < drainEnd && !deliveries.keySet().containsAll(accepted)) {
            sleep(1000);
        }
        sleep(3000); // late redeliveries still count as duplicates
        long lost = accepted.stream().filter(id -> !deliveries.containsKey(id)).count();
        long duplicated = deliveries.values().stream().filter(count -> count.get() > 1).count();
        long deliveredRefused = deliveries.keySet().stream().filter(id -> !accepted.contains(id)).count();
        long deliveredAccepted = accepted.size() - lost;
        System.out.printf("accepted=%d refused=%d connection_failures=%d delivered=%d duplicated=%d lost=%d "
                        + "delivered_without_202=%d statuses=%s%n", accepted.size(), refused.get(), failed.get(),
                deliveredAccepted, duplicated, lost, deliveredRefused, statuses);
        target.stop(0);
        System.exit(lost == 0 ? 0 : 1);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void log(String line) {
        System.err.printf("[%tT] %s%n", System.currentTimeMillis(), line);
    }
}
