import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The hand-written consumer warren's delivery is compared with: the minimum a developer would write with the
 * RabbitMQ Java client and java.net.http. One connection, one channel per consumer with basic.qos(prefetch),
 * each delivery POSTed to the target with the headers warren sends (Content-Type, webhook-id,
 * webhook-timestamp, X-Warren-Queue, X-Warren-Attempt), acked after a 2xx, nacked with requeue otherwise.
 * No retries with backoff, no dead letters, no bookkeeping: that is the point of the comparison.
 *
 * <p>Run: {@code java -cp amqp-client.jar:slf4j-api.jar Baseline.java --uri amqp://guest:guest@127.0.0.1:5672
 * --queue Q --consumers 16 --prefetch 1 --target http://127.0.0.1:PORT/ --expect 20000 [--timeout-s 600]}.
 * It consumes until it acked {@code --expect} tasks and prints one line:
 * {@code baseline start=<epoch ms> end=<epoch ms> acked=<n> failed=<n>}; start is taken just before it
 * connects, end when the last ack was sent.
 */
public class Baseline {

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        String uri = options.getOrDefault("uri", "amqp://guest:guest@127.0.0.1:5672");
        String queue = required(options, "queue");
        int consumers = Integer.parseInt(options.getOrDefault("consumers", "16"));
        int prefetch = Integer.parseInt(options.getOrDefault("prefetch", "1"));
        URI target = URI.create(required(options, "target"));
        long expect = Long.parseLong(required(options, "expect"));
        long timeoutSeconds = Long.parseLong(options.getOrDefault("timeout-s", "600"));

        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        AtomicLong acked = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong end = new AtomicLong();
        CountDownLatch done = new CountDownLatch(1);

        long start = System.currentTimeMillis();
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(uri);
        // the client runs the callbacks of one channel one after the other: one thread per consumer
        ExecutorService dispatch = Executors.newFixedThreadPool(consumers);
        Connection connection = factory.newConnection(dispatch, "warren-bench-baseline");
        List<Channel> channels = new ArrayList<>();
        for (int i = 0; i < consumers; i++) {
            Channel channel = connection.createChannel();
            channel.basicQos(prefetch);
            channels.add(channel);
            channel.basicConsume(queue, false, "baseline-" + (i + 1), new DefaultConsumer(channel) {
                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
                        throws IOException {
                    boolean ok;
                    try {
                        HttpRequest request = HttpRequest.newBuilder(target)
                                .timeout(Duration.ofSeconds(10))
                                .header("Content-Type", "application/json")
                                .header("webhook-id", properties.getMessageId() != null ? properties.getMessageId() : "none")
                                .header("webhook-timestamp", String.valueOf(Instant.now().getEpochSecond()))
                                .header("X-Warren-Queue", queue)
                                .header("X-Warren-Attempt", "1")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                .build();
                        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        ok = response.statusCode() / 100 == 2;
                    } catch (IOException e) {
                        ok = false;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        ok = false;
                    }
                    if (ok) {
                        getChannel().basicAck(envelope.getDeliveryTag(), false);
                        if (acked.incrementAndGet() == expect) {
                            end.set(System.currentTimeMillis());
                            done.countDown();
                        }
                    } else {
                        failed.incrementAndGet();
                        getChannel().basicNack(envelope.getDeliveryTag(), false, true);
                    }
                }
            });
        }
        boolean finished = done.await(timeoutSeconds, TimeUnit.SECONDS);
        System.out.printf("baseline start=%d end=%d acked=%d failed=%d%n", start,
                finished ? end.get() : System.currentTimeMillis(), acked.get(), failed.get());
        for (Channel channel : channels) {
            try {
                channel.close();
            } catch (Exception ignored) {
                // closing anyway
            }
        }
        connection.close(10_000);
        dispatch.shutdownNow();
        System.exit(finished ? 0 : 2);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }
}
