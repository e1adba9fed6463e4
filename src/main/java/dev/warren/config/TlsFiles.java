package dev.warren.config;

import io.vertx.core.Vertx;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.PfxOptions;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Optional;

/**
 * Certificates and keys named in properties (PEM files, or a PKCS12 keystore), made into what Vert.x's server and the
 * JDK's clients take. A file that is missing or unreadable fails start-up naming its property, never a password.
 */
final class TlsFiles {

    /** The properties of one side's certificate: {@code <prefix>.certificate}, {@code .key}, {@code .keystore}, ... */
    record Identity(String prefix, Optional<String> certificate, Optional<String> key, Optional<String> keystore,
                    Optional<String> keystorePassword) {

        /** Read through CredentialFiles like any other property: the keystore password may come from a file too. */
        static Identity of(org.apache.camel.CamelContext context, String prefix) {
            return new Identity(prefix, WarrenConfiguration.optional(context, prefix + ".certificate"),
                    WarrenConfiguration.optional(context, prefix + ".key"),
                    WarrenConfiguration.optional(context, prefix + ".keystore"),
                    WarrenConfiguration.optional(context, prefix + ".keystore-password"));
        }

        /** What Vert.x takes for this certificate and key; empty when none is configured. */
        Optional<KeyCertOptions> options() {
            if (keystore.isPresent()) {
                if (certificate.isPresent() || key.isPresent()) {
                    throw new IllegalStateException(prefix + ".keystore and " + prefix + ".certificate/.key are "
                            + "alternatives: set one of them");
                }
                readable(prefix + ".keystore", keystore.get());
                return Optional.of(new PfxOptions().setPath(keystore.get()).setPassword(keystorePassword.orElse(null)));
            }
            if (certificate.isPresent() != key.isPresent()) {
                throw new IllegalStateException(prefix + ".certificate and " + prefix + ".key go together: set both");
            }
            if (certificate.isEmpty()) {
                return Optional.empty();
            }
            readable(prefix + ".certificate", certificate.get());
            readable(prefix + ".key", key.get());
            return Optional.of(new PemKeyCertOptions().setCertPath(certificate.get()).setKeyPath(key.get()));
        }

        /** Where the certificate comes from, for the start-up log (paths only). */
        String describe() {
            return keystore.map(path -> "keystore " + path).orElseGet(() -> "certificate " + certificate.orElse("none"));
        }
    }

    private TlsFiles() {
    }

    /**
     * A client's TLS context: it trusts the CAs of the PEM file (else the JVM's default CAs) and presents the
     * certificate, when there is one.
     */
    static SSLContext clientContext(Vertx vertx, String caProperty, Optional<String> caFile, Identity identity) {
        try {
            TrustManager[] trust;
            if (caFile.isPresent()) {
                readable(caProperty, caFile.get());
                trust = new PemTrustOptions().addCertPath(caFile.get()).getTrustManagerFactory(vertx).getTrustManagers();
            } else {
                TrustManagerFactory defaults = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                defaults.init((KeyStore) null);
                trust = defaults.getTrustManagers();
            }
            Optional<KeyCertOptions> keyCert = identity.options();
            KeyManager[] keys = keyCert.isPresent() ? keyCert.get().getKeyManagerFactory(vertx).getKeyManagers() : null;
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust, null);
            return context;
        } catch (IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("TLS files of " + caProperty + " / " + identity.prefix()
                    + ".* cannot be used: " + e, null);
        }
    }

    /** Fails naming the identity's properties when its key cannot be read (wrong password, not a key, wrong format). */
    static void check(Vertx vertx, Identity identity, KeyCertOptions options) {
        try {
            options.getKeyManagerFactory(vertx);
        } catch (Exception e) {
            throw new IllegalStateException("TLS files of " + identity.prefix() + ".* cannot be used: " + e, null);
        }
    }

    static void readable(String property, String path) {
        if (!Files.isReadable(Path.of(path))) {
            throw new IllegalStateException(property + " names " + path + ", which is not a readable file");
        }
    }
}
