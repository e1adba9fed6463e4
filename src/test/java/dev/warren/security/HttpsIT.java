package dev.warren.security;

import dev.warren.support.Http;
import dev.warren.support.RunningWarren;
import dev.warren.support.TestPki;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** warren serves HTTPS with a PEM pair or a PKCS12 keystore, to a client that trusts only the test CA. */
class HttpsIT {

    private static TestPki pki;
    private static TestPki.Issued server;

    @BeforeAll
    static void certificates() throws Exception {
        pki = TestPki.create("warren-https-ca");
        server = pki.issue("server");
    }

    @Test
    void servesHttpsWithAPemCertificateAndKey() throws Exception {
        try (RunningWarren warren = RunningWarren.start(Map.of(
                "warren.http.tls.certificate", server.certificate().toString(),
                "warren.http.tls.key", server.key().toString()))) {
            Http https = new Http("https://localhost:" + warren.port, pki.clientTrustingOnlyThisCa());
            assertServesTheApiOverHttps(https);
            assertPlainHttpFails(warren.port);
        }
    }

    @Test
    void servesHttpsWithAPkcs12KeystoreWhosePasswordComesFromAFile() throws Exception {
        Path password = Files.writeString(pki.directory.resolve("keystore-password"), TestPki.KEYSTORE_PASSWORD + "\n");
        try (RunningWarren warren = RunningWarren.start(Map.of(
                "warren.http.tls.keystore", server.keystore().toString(),
                "warren.http.tls.keystore-password-file", password.toString()))) {
            Http https = new Http("https://127.0.0.1:" + warren.port, pki.clientTrustingOnlyThisCa());
            assertServesTheApiOverHttps(https);
            assertPlainHttpFails(warren.port);
        }
    }

    @Test
    void aClientThatDoesNotTrustTheCaIsRefused() throws Exception {
        TestPki other = TestPki.create("other-ca");
        try (RunningWarren warren = RunningWarren.start(Map.of(
                "warren.http.tls.certificate", server.certificate().toString(),
                "warren.http.tls.key", server.key().toString()))) {
            Http stranger = new Http("https://localhost:" + warren.port, other.clientTrustingOnlyThisCa());
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> stranger.get("/observe/health/live"));
            assertTrue(refused.getMessage().contains("SSLHandshakeException"), refused.getMessage());
        }
    }

    @Test
    void aCertificateWithoutItsKeyStopsStartUpNamingTheProperty() {
        Exception failed = assertThrows(Exception.class, () -> RunningWarren.start(Map.of(
                "warren.http.tls.certificate", server.certificate().toString())).close());
        String messages = messages(failed);
        assertTrue(messages.contains("warren.http.tls.certificate and warren.http.tls.key go together"), messages);
    }

    @Test
    void aMissingKeystorePasswordFileStopsStartUpNamingTheKeyNotAValue() {
        Path absent = pki.directory.resolve("no-such-password");
        Exception failed = assertThrows(Exception.class, () -> RunningWarren.start(Map.of(
                "warren.http.tls.keystore", server.keystore().toString(),
                "warren.http.tls.keystore-password-file", absent.toString())).close());
        String messages = messages(failed);
        assertTrue(messages.contains("warren.http.tls.keystore-password-file names " + absent), messages);
        assertFalse(messages.contains(TestPki.KEYSTORE_PASSWORD), messages);
    }

    @Test
    void aWrongKeystorePasswordStopsStartUpNamingThePropertiesNotThePassword() {
        Exception failed = assertThrows(Exception.class, () -> RunningWarren.start(Map.of(
                "warren.http.tls.keystore", server.keystore().toString(),
                "warren.http.tls.keystore-password", "not-the-password")).close());
        String messages = messages(failed);
        assertTrue(messages.contains("TLS files of warren.http.tls.* cannot be used"), messages);
        assertFalse(messages.contains("not-the-password"), messages);
    }

    private static void assertServesTheApiOverHttps(Http https) {
        await("readiness over https").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> https.get("/observe/health/ready").status() == 200);
        Http.Response queues = https.get("/api/queues");
        assertEquals(200, queues.status(), queues.body());
        Http.Response missing = https.get("/api/no-such-thing");
        assertEquals(404, missing.status(), missing.body());
        assertTrue(missing.contentType().startsWith("application/problem+json"), missing.contentType());
        Http.Response jolokia = https.get("/observe/jolokia/version");
        assertEquals(200, jolokia.status(), jolokia.body());
        assertEquals(200, https.get("/observe/metrics").status());
    }

    private static void assertPlainHttpFails(int port) {
        Http plain = new Http("http://localhost:" + port);
        try {
            assertNotEquals(200, plain.get("/observe/health/live").status());
        } catch (IllegalStateException expected) {
            // the server closes a connection that does not start with a TLS handshake
        }
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t).append(" / ");
        }
        return all.toString();
    }
}
