package dev.warren.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.RabbitMQContainer;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The real RabbitMQ the tests run against: WARREN_TEST_RABBITMQ_URI / WARREN_TEST_RABBITMQ_MANAGEMENT_URI when set,
 * else a Testcontainers broker where Docker runs, else the local broker on 5672/15672 (whose management plugin is
 * enabled when it is off: see {@link ManagementApiPreparation}).
 */
public final class TestBroker {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static TestBroker instance;
    private static IllegalStateException unusable;

    public final String amqpUri;
    public final String managementUri;
    private final CachingConnectionFactory factory;
    private final RabbitAdmin admin;
    private final RabbitTemplate template;

    private TestBroker(String amqpUri, String managementUri) {
        this.amqpUri = amqpUri;
        this.managementUri = managementUri;
        this.factory = new CachingConnectionFactory(URI.create(amqpUri));
        this.factory.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.SIMPLE);
        this.admin = new RabbitAdmin(factory);
        this.template = new RabbitTemplate(factory);
    }

    public static synchronized TestBroker get() {
        if (unusable != null) {
            throw unusable;
        }
        if (instance == null) {
            try {
                instance = locate();
            } catch (IllegalStateException e) {
                // said once, quickly, to every later test instead of preparing again
                unusable = e;
                throw e;
            }
        }
        return instance;
    }

    private static TestBroker find() {
        String uri = System.getenv("WARREN_TEST_RABBITMQ_URI");
        if (uri != null) {
            return new TestBroker(uri, System.getenv().getOrDefault("WARREN_TEST_RABBITMQ_MANAGEMENT_URI",
                    "http://guest:guest@localhost:15672"));
        }
        if (dockerAvailable()) {
            RabbitMQContainer container = new RabbitMQContainer("rabbitmq:3.13-management");
            container.start();
            return new TestBroker(container.getAmqpUrl().replace("amqp://", "amqp://guest:guest@"),
                    container.getHttpUrl().replace("http://", "http://guest:guest@"));
        }
        return new TestBroker("amqp://guest:guest@localhost:5672", "http://guest:guest@localhost:15672");
    }

    private static TestBroker locate() {
        TestBroker broker = find();
        ManagementApiPreparation.prepare(URI.create(broker.managementUri), ManagementApiPreparation.findCommand());
        return broker;
    }

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** A fresh queue name, so that tests never see each other's messages. */
    public static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public RabbitAdmin admin() {
        return admin;
    }

    /** Takes (and acknowledges) every message ready in the queue right now. */
    public List<Message> drain(String queue) {
        List<Message> messages = new ArrayList<>();
        for (Message m = template.receive(queue); m != null; m = template.receive(queue)) {
            messages.add(m);
        }
        return messages;
    }

    public long ready(String queue) {
        var info = admin.getQueueInfo(queue);
        return info == null ? -1 : info.getMessageCount();
    }

    public int consumers(String queue) {
        var info = admin.getQueueInfo(queue);
        return info == null ? -1 : info.getConsumerCount();
    }

    public void deleteQueues(String... queues) {
        for (String queue : queues) {
            admin.deleteQueue(queue);
            admin.deleteQueue(queue + ".dlq");
        }
    }

    /** True when the broker has a queue of this name (a passive declare). */
    public boolean exists(String queue) {
        return admin.getQueueInfo(queue) != null;
    }

    /** Publishes a JSON message to the queue through the default exchange, as any other client would. */
    public void publish(String queue, String json) {
        publish(queue, json, null);
    }

    /** Publishes a JSON message with this message id (none when null). */
    public void publish(String queue, String json, String messageId) {
        publish(queue, json, messageId, Map.of());
    }

    /** Publishes a JSON message with this message id (none when null) and these headers. */
    public void publish(String queue, String json, String messageId, Map<String, Object> headers) {
        MessageProperties properties = new MessageProperties();
        properties.setMessageId(messageId);
        headers.forEach(properties::setHeader);
        properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        Message message = new Message(json.getBytes(StandardCharsets.UTF_8), properties);
        // confirmed, so that a basic.get on another connection right after surely sees the message
        template.invoke(operations -> {
            operations.send("", queue, message);
            operations.waitForConfirmsOrDie(5_000);
            return null;
        });
    }

    /** Adds a broker user with this password, allowed everything on the default virtual host and the management API. */
    public void addUser(String user, String password) {
        management("PUT", "/api/users/" + user, "{\"password\":\"" + password + "\",\"tags\":\"management\"}");
        management("PUT", "/api/permissions/%2F/" + user, "{\"configure\":\".*\",\"write\":\".*\",\"read\":\".*\"}");
    }

    public void deleteUser(String user) {
        management("DELETE", "/api/users/" + user, null);
    }

    private void management(String method, String path, String json) {
        URI uri = URI.create(managementUri);
        String userInfo = uri.getUserInfo() != null ? uri.getUserInfo() : "guest:guest";
        HttpRequest request = HttpRequest.newBuilder(URI.create(uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort() + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)).build();
        // HTTP/1.1: the broker's server drops a request that offers an upgrade to HTTP/2 with a body
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The queue as the management API shows it (type, arguments, sampled counts), or null when there is none. */
    public JsonNode managementQueue(String queue) {
        return managementGet("/api/queues/%2F/" + URLEncoder.encode(queue, StandardCharsets.UTF_8).replace("+", "%20"));
    }

    /** Names of the queues of the default virtual host that start with this prefix, sorted. */
    public List<String> queuesStartingWith(String prefix) {
        List<String> names = new ArrayList<>();
        managementGet("/api/queues/%2F?columns=name").forEach(queue -> names.add(queue.path("name").asText()));
        return names.stream().filter(name -> name.startsWith(prefix)).sorted().toList();
    }

    private JsonNode managementGet(String path) {
        URI uri = URI.create(managementUri);
        String userInfo = uri.getUserInfo() != null ? uri.getUserInfo() : "guest:guest";
        URI target = URI.create(uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort() + path);
        HttpRequest request = HttpRequest.newBuilder(target).header("Authorization",
                "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8))).GET().build();
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 404) {
                return null;
            }
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + target + " answered " + response.statusCode() + ": " + response.body());
            }
            return MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + target + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
