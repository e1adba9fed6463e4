package dev.warren.security;

import dev.warren.support.RunningWarren;
import dev.warren.support.TargetServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;

import static dev.warren.security.SecurityFixtures.group;
import static dev.warren.support.Queues.deleteQueue;
import static dev.warren.support.WarrenCalls.declaredQueue;
import static dev.warren.support.WarrenCalls.publish;
import static dev.warren.support.WarrenCalls.putGroup;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An https target still works now that the target's URL goes as the request URL: the connection is TLS because
 * the URL says https, and the query goes as it is. (The test's own certificate is made trusted for this class.)
 */
class HttpsTargetIT {

    private static final String PASSWORD = "changeit";
    static Path keyStore;
    static String previousTrustStore;
    static RunningWarren warren;
    static SSLContext tls;

    @BeforeAll
    static void start() throws Exception {
        keyStore = Files.createTempDirectory("warren-tls").resolve("target.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "target", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
        assertEquals(0, keytool.waitFor(), new String(keytool.getInputStream().readAllBytes()));
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, PASSWORD.toCharArray());
        tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        // warren's HTTP client trusts what the JVM's default trust store holds, read when warren starts
        previousTrustStore = System.getProperty("javax.net.ssl.trustStore");
        System.setProperty("javax.net.ssl.trustStore", keyStore.toString());
        System.setProperty("javax.net.ssl.trustStorePassword", PASSWORD);
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
        warren = RunningWarren.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (warren != null) {
            warren.close();
        }
        if (previousTrustStore == null) {
            System.clearProperty("javax.net.ssl.trustStore");
        } else {
            System.setProperty("javax.net.ssl.trustStore", previousTrustStore);
        }
        System.clearProperty("javax.net.ssl.trustStorePassword");
        System.clearProperty("javax.net.ssl.trustStoreType");
    }

    @Test
    void anHttpsTargetReceivesItsTasksOverTlsWithItsQuery() {
        String queue = declaredQueue(warren, "https-target");
        try (TargetServer target = TargetServer.startHttps(tls)) {
            putGroup(warren, queue, group("http", 1, target.url("/hook") + "?customHostHeader=x"));
            String id = publish(warren, queue, Map.of("n", 1));

            await("the task at the https target").atMost(Duration.ofSeconds(15)).until(() -> !target.attemptsOf(id).isEmpty());
            TargetServer.Request request = target.attemptsOf(id).get(0);
            assertEquals("/hook", request.path());
            assertEquals("customHostHeader=x", request.query());
        } finally {
            deleteQueue(warren, queue);
        }
    }
}
