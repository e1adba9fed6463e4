package dev.warren.support;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A test certificate authority made with the openssl CLI in a temporary directory: its CA certificate, and
 * certificates it signs for localhost/127.0.0.1 (server and client use), as PEM files and as a PKCS12 keystore.
 */
public final class TestPki {

    public static final String KEYSTORE_PASSWORD = "changeit-test";

    public final Path directory;
    public final Path caCertificate;
    private final Path caKey;

    private TestPki(Path directory) {
        this.directory = directory;
        this.caCertificate = directory.resolve("ca.pem");
        this.caKey = directory.resolve("ca.key");
    }

    /** A certificate and its key, as PEM files and as one PKCS12 keystore (password {@link #KEYSTORE_PASSWORD}). */
    public record Issued(Path certificate, Path key, Path keystore) {
    }

    /** A new CA with this common name. */
    public static TestPki create(String name) throws IOException {
        TestPki pki = new TestPki(Files.createTempDirectory("warren-pki-" + name));
        pki.openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=" + name,
                "-keyout", pki.caKey.toString(), "-out", pki.caCertificate.toString());
        return pki;
    }

    /** A certificate for localhost and 127.0.0.1, for servers and clients, signed by this CA. */
    public Issued issue(String name) throws IOException {
        return issue(name, "DNS:localhost,IP:127.0.0.1");
    }

    /** A certificate for these subject alternative names (openssl's form: DNS:a,IP:b), signed by this CA. */
    public Issued issue(String name, String subjectAltName) throws IOException {
        Path key = directory.resolve(name + ".key");
        Path request = directory.resolve(name + ".csr");
        Path certificate = directory.resolve(name + ".pem");
        Path extensions = Files.writeString(directory.resolve(name + ".ext"),
                "subjectAltName=" + subjectAltName + "\nextendedKeyUsage=serverAuth,clientAuth\n");
        Path keystore = directory.resolve(name + ".p12");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=" + name, "-keyout", key.toString(),
                "-out", request.toString());
        openssl("x509", "-req", "-in", request.toString(), "-CA", caCertificate.toString(), "-CAkey", caKey.toString(),
                "-CAcreateserial", "-days", "2", "-extfile", extensions.toString(), "-out", certificate.toString());
        openssl("pkcs12", "-export", "-in", certificate.toString(), "-inkey", key.toString(), "-name", name,
                "-passout", "pass:" + KEYSTORE_PASSWORD, "-out", keystore.toString());
        // RabbitMQ runs as this user too, but make sure it can read the key whatever the umask
        key.toFile().setReadable(true, false);
        return new Issued(certificate, key, keystore);
    }

    /** A TLS context of a client that trusts only this CA (and presents no certificate). */
    public SSLContext clientTrustingOnlyThisCa() {
        try (InputStream in = Files.newInputStream(caCertificate)) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            List<Certificate> certificates = new ArrayList<>(CertificateFactory.getInstance("X.509").generateCertificates(in));
            for (int i = 0; i < certificates.size(); i++) {
                trust.setCertificateEntry("ca" + i, certificates.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void openssl(String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(arguments));
        Path log = directory.resolve("openssl.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("openssl " + String.join(" ", arguments) + " failed: " + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
