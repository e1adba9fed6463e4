package dev.warren.security;

import dev.warren.support.Http;
import dev.warren.support.RunningWarren;
import dev.warren.support.TestBroker;
import org.springframework.amqp.core.Message;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/** What the attack tests share: group bodies, dead letters, the shipped deny list and a routes/ copy with a test type. */
final class SecurityFixtures {

    /** A worker type for the tests: logs at level {{level}}, then posts {{label}} as the body to its target. */
    static final String LABELLED_TYPE = """
            - routeTemplate:
                id: labelled
                parameters:
                  - name: queue
                  - name: consumers
                    defaultValue: "1"
                  - name: prefetch
                    defaultValue: "1"
                  - name: target
                  - name: label
                    defaultValue: plain
                  - name: level
                    defaultValue: INFO
                from:
                  uri: spring-rabbitmq:default
                  parameters:
                    queues: "{{queue}}"
                    autoDeclare: false
                    messageListenerContainerType: SMLC
                    concurrentConsumers: "{{consumers}}"
                    maxConcurrentConsumers: "{{consumers}}"
                    prefetchCount: "{{prefetch}}"
                    maximumRetryAttempts: 0
                    rejectAndDontRequeue: false
                  steps:
                    - setProperty:
                        name: warrenQueue
                        constant: "{{queue}}"
                    - bean:
                        ref: worker
                        method: begin
                    - to:
                        uri: "log:dev.warren.tests.labelled?level={{level}}"
                    - setBody:
                        constant: "{{label}}"
                    - doTry:
                        steps:
                          - bean:
                              ref: worker
                              method: prepareHttpCall
                          - to:
                              uri: "{{target}}"
                        doCatch:
                          - exception:
                              - java.lang.Exception
                            steps:
                              - bean:
                                  ref: worker
                                  method: callFailed
                    - bean:
                        ref: worker
                        method: complete
            """;

    private SecurityFixtures() {
    }

    static TestBroker broker() {
        return TestBroker.get();
    }

    /** The deny list application.properties ships (with its placeholder for warren's port). */
    static String shippedDeniedTargets() {
        Properties properties = new Properties();
        try (FileInputStream in = new FileInputStream("application.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("warren.delivery.denied-targets");
    }

    /** A temporary copy of the shipped routes/ with the test type "labelled" added. */
    static Path routesWithLabelledType() throws IOException {
        Path copy = Files.createTempDirectory("warren-security-routes");
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                Files.copy(file, copy.resolve(file.getFileName()));
            }
        }
        Files.writeString(copy.resolve("labelled.yaml"), LABELLED_TYPE);
        return copy;
    }

    static RunningWarren warrenOn(Path routes) throws Exception {
        return RunningWarren.start(Map.of("warren.routes.directory", routes.toString()));
    }

    static Map<String, Object> group(String type, int count, String url) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("count", count);
        spec.put("type", type);
        if (url != null) {
            spec.put("target", Map.of("url", url));
        }
        return spec;
    }

    static Map<String, Object> with(Map<String, Object> spec, String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(spec);
        copy.put(key, value);
        return copy;
    }

    static Http.Response put(RunningWarren warren, String queue, Map<String, Object> spec) {
        return warren.http.put("/api/queues/" + queue + "/workers", Http.json(spec));
    }


    /** The first message dead-lettered from the queue (taken off its dead-letter queue), waiting for it. */
    static Message deadLetter(String queue, Duration within) {
        AtomicReference<Message> dead = new AtomicReference<>();
        await("a dead letter in " + queue + ".dlq").atMost(within).pollInterval(Duration.ofMillis(100)).until(() -> {
            List<Message> messages = new ArrayList<>(broker().drain(queue + ".dlq"));
            if (!messages.isEmpty()) {
                dead.set(messages.get(0));
            }
            return dead.get() != null;
        });
        return dead.get();
    }

    static String header(Message message, String name) {
        Object value = message.getMessageProperties().getHeader(name);
        return value == null ? null : value.toString();
    }
}
