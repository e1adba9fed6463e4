package dev.warren.security;

import dev.warren.support.Http;
import dev.warren.support.LogCapture;
import dev.warren.support.RunningWarren;
import dev.warren.support.SecondBroker;
import dev.warren.support.TargetServer;
import dev.warren.support.TestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static dev.warren.support.WarrenCalls.declaredQueue;
import static dev.warren.support.WarrenCalls.publish;
import static dev.warren.support.WarrenCalls.putGroup;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * warren talks to a RabbitMQ node over TLS only (amqps:// and the management API over https), trusting the test CA
 * and presenting a client certificate, which the node requires; with another CA it does not connect.
 */
class AmqpsIT {

    private static final Duration DELIVERY = Duration.ofSeconds(30);
    private static TestPki pki;
    private static TestPki.Issued client;
    private static SecondBroker broker;

    @BeforeAll
    static void tlsBroker() throws Exception {
        assumeTrue(SecondBroker.installed(), "rabbitmq-server is not installed here");
        pki = TestPki.create("warren-amqps-ca");
        TestPki.Issued server = pki.issue("rabbit");
        client = pki.issue("warren-client");
        broker = SecondBroker.startWithTls(pki.caCertificate, server, true);
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    /** warren on the TLS listeners only: amqps:// by host name and the management API over https. */
    private static Map<String, String> overTls(Map<String, String> extra) {
        Map<String, String> properties = new HashMap<>();
        properties.put("warren.rabbitmq.uri", broker.amqpsUri());
        properties.put("warren.rabbitmq.management-uri", broker.managementTlsUri());
        properties.put("warren.rabbitmq.tls.ca-file", pki.caCertificate.toString());
        properties.putAll(extra);
        return properties;
    }

    @Test
    void deliversATaskPublishedThroughTheApiOverAmqpsWithAPemClientCertificate() throws Exception {
        try (RunningWarren warren = RunningWarren.start(overTls(Map.of(
                "warren.rabbitmq.tls.certificate", client.certificate().toString(),
                "warren.rabbitmq.tls.key", client.key().toString())));
             TargetServer target = TargetServer.start()) {
            assertDeliversThroughTheBroker(warren, target);
        }
    }

    @Test
    void aPkcs12ClientKeystoreAndAPasswordFromAFileWorkToo() throws Exception {
        Path password = Files.writeString(pki.directory.resolve("client-password"), TestPki.KEYSTORE_PASSWORD + "\n");
        try (RunningWarren warren = RunningWarren.start(overTls(Map.of(
                "warren.rabbitmq.tls.keystore", client.keystore().toString(),
                "warren.rabbitmq.tls.keystore-password-file", password.toString())));
             TargetServer target = TargetServer.start()) {
            assertDeliversThroughTheBroker(warren, target);
        }
    }

    @Test
    void withAnotherCaWarrenDoesNotConnectAndSaysWhy() throws Exception {
        TestPki other = TestPki.create("not-the-broker-ca");
        try (LogCapture log = LogCapture.open();
             RunningWarren warren = RunningWarren.start(overTls(Map.of(
                     "warren.rabbitmq.tls.ca-file", other.caCertificate.toString(),
                     "warren.rabbitmq.tls.certificate", client.certificate().toString(),
                     "warren.rabbitmq.tls.key", client.key().toString())))) {
            await("readiness DOWN for the broker").atMost(DELIVERY).pollInterval(Duration.ofMillis(500))
                    .until(() -> warren.http.get("/observe/health/ready").status() == 503);
            await("a log line naming the certificate problem").atMost(DELIVERY)
                    .until(() -> log.lines().stream().anyMatch(line -> line.contains("PKIX path building failed")
                            || line.contains("unable to find valid certification path")));
            assertFalse(log.lines().stream().anyMatch(line -> line.contains("guest:guest")), "no password in the log");
        }
    }

    private static void assertDeliversThroughTheBroker(RunningWarren warren, TargetServer target) {
        await("readiness over amqps").atMost(DELIVERY).pollInterval(Duration.ofMillis(200))
                .until(() -> warren.http.get("/observe/health/ready").status() == 200);
        String queue = declaredQueue(warren, "amqps");
        // the queue's type is read from the management API, over https
        Http.Response view = warren.http.get("/api/queues/" + queue);
        assertEquals(200, view.status(), view.body());
        assertEquals("quorum", view.json().path("type").asText(), view.body());
        putGroup(warren, queue, Map.of("count", 1, "type", "http", "target", Map.of("url", target.url())));
        publish(warren, queue, Map.of("over", "tls"));
        await("the task delivered to the target").atMost(DELIVERY)
                .until(() -> target.requests().stream().anyMatch(request -> request.body().contains("\"tls\"")));
    }
}
