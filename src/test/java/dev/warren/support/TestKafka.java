package dev.warren.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real Kafka broker (KRaft, broker and controller in one, the kafka_2.13 artifact of the version camel-kafka's
 * kafka-clients has) in a JVM of its own: started once per test JVM on free ports with its data in a temporary
 * directory, and stopped when the test JVM exits (also when it dies: the broker exits once its stdin closes).
 * {@link #get()} takes PLAINTEXT only; {@link #secured()} is a second one with SASL and TLS listeners.
 */
public final class TestKafka {

    private static TestKafka instance;
    private static TestKafka securedInstance;

    /** A PLAINTEXT listener (on a secured broker: for the test's own checks). */
    public final String bootstrapServers;
    private final Process process;
    private final Path directory;
    private final Secured secured;

    private TestKafka(String bootstrapServers, Process process, Path directory, Secured secured) {
        this.bootstrapServers = bootstrapServers;
        this.process = process;
        this.directory = directory;
        this.secured = secured;
    }

    /** The broker, started on first use. */
    public static synchronized TestKafka get() {
        if (instance == null) {
            instance = started(() -> start(null));
        }
        return instance;
    }

    /**
     * A second broker, started on first use, that asks its clients to sign in: SASL_PLAINTEXT and SASL_SSL listeners,
     * each taking PLAIN and SCRAM-SHA-512 for the user {@link Secured#USER}, and an SSL listener that wants a client
     * certificate; its {@link #bootstrapServers} is a PLAINTEXT listener for the test's own checks.
     */
    public static synchronized TestKafka secured() {
        if (securedInstance == null) {
            securedInstance = started(() -> {
                Path directory = Files.createTempDirectory("warren-kafka-secured");
                return start(new Secured(directory, TestPki.create("kafka-ca")));
            });
        }
        return securedInstance;
    }

    /** The secured listeners of {@link #secured()}, and what a client needs for their TLS. */
    public Secured security() {
        if (secured == null) {
            throw new IllegalStateException("this broker takes PLAINTEXT only: use TestKafka.secured()");
        }
        return secured;
    }

    private interface Start {
        TestKafka start() throws IOException, InterruptedException;
    }

    private static TestKafka started(Start start) {
        try {
            return start.start();
        } catch (IOException e) {
            throw new IllegalStateException("The test Kafka broker could not be started: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting the test Kafka broker", e);
        }
    }

    /**
     * What a secured broker adds: its SASL listeners' ports, the user and password both mechanisms accept, the broker's
     * certificate (signed by a test CA) and a PKCS12 trust store with that CA for clients.
     */
    public static final class Secured {

        public static final String USER = "warren-test";
        public static final String PASSWORD = "kafka-secret-" + UUID.randomUUID();
        public static final String TRUSTSTORE_PASSWORD = "truststore-secret-" + UUID.randomUUID();

        public final int saslPlaintextPort = RunningWarren.freePort();
        public final int saslSslPort = RunningWarren.freePort();
        public final int mutualTlsPort = RunningWarren.freePort();
        public final Path truststore;
        /** warren's key store (PKCS12, password {@link TestPki#KEYSTORE_PASSWORD}) for the mutual TLS listener. */
        public final Path clientKeystore;
        private final Path brokerKeystore;
        private final Path otherNameKeystore;

        private Secured(Path directory, TestPki pki) throws IOException {
            this.brokerKeystore = pki.issue("kafka-broker").keystore();
            this.otherNameKeystore = pki.issue("kafka-elsewhere", "DNS:kafka.elsewhere.invalid").keystore();
            this.clientKeystore = pki.issue("warren-client").keystore();
            this.truststore = directory.resolve("kafka-truststore.p12");
            try (var in = Files.newInputStream(pki.caCertificate); var out = Files.newOutputStream(truststore)) {
                java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                trust.setCertificateEntry("kafka-ca", java.security.cert.CertificateFactory.getInstance("X.509")
                        .generateCertificate(in));
                trust.store(out, TRUSTSTORE_PASSWORD.toCharArray());
            } catch (java.security.GeneralSecurityException e) {
                throw new IOException("the trust store could not be made: " + e.getMessage(), e);
            }
        }

        public String saslPlaintextServers() {
            return "127.0.0.1:" + saslPlaintextPort;
        }

        public String saslSslServers() {
            return "127.0.0.1:" + saslSslPort;
        }

        /** An SSL listener that wants a client certificate, its own naming another host (kafka.elsewhere.invalid). */
        public String mutualTlsServers() {
            return "127.0.0.1:" + mutualTlsPort;
        }

        /** A client's JAAS line for this mechanism (PLAIN or SCRAM-SHA-512) with this password. */
        public static String jaas(String mechanism, String password) {
            String module = mechanism.equals("PLAIN") ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                    : "org.apache.kafka.common.security.scram.ScramLoginModule";
            return module + " required username=\"" + USER + "\" password=\"" + password + "\";";
        }

        /** The broker's listener settings beside its PLAINTEXT listener (for the test's checks and between brokers). */
        private List<String> listeners(int plainPort, int controllerPort) {
            List<String> lines = new ArrayList<>(List.of(
                    "listeners=PLAINTEXT://127.0.0.1:" + plainPort + ",SASL_PLAINTEXT://127.0.0.1:" + saslPlaintextPort
                            + ",SASL_SSL://127.0.0.1:" + saslSslPort + ",SSL://127.0.0.1:" + mutualTlsPort
                            + ",CONTROLLER://127.0.0.1:" + controllerPort,
                    "advertised.listeners=PLAINTEXT://127.0.0.1:" + plainPort + ",SASL_PLAINTEXT://127.0.0.1:"
                            + saslPlaintextPort + ",SASL_SSL://127.0.0.1:" + saslSslPort + ",SSL://127.0.0.1:" + mutualTlsPort,
                    "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL,"
                            + "SSL:SSL,CONTROLLER:PLAINTEXT",
                    "listener.name.ssl.ssl.keystore.location=" + otherNameKeystore,
                    "listener.name.ssl.ssl.keystore.type=PKCS12",
                    "listener.name.ssl.ssl.keystore.password=" + TestPki.KEYSTORE_PASSWORD,
                    "listener.name.ssl.ssl.truststore.location=" + truststore,
                    "listener.name.ssl.ssl.truststore.type=PKCS12",
                    "listener.name.ssl.ssl.truststore.password=" + TRUSTSTORE_PASSWORD,
                    "listener.name.ssl.ssl.client.auth=required",
                    "sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-512",
                    "listener.name.sasl_ssl.ssl.keystore.location=" + brokerKeystore,
                    "listener.name.sasl_ssl.ssl.keystore.type=PKCS12",
                    "listener.name.sasl_ssl.ssl.keystore.password=" + TestPki.KEYSTORE_PASSWORD));
            for (String listener : List.of("sasl_plaintext", "sasl_ssl")) {
                lines.add("listener.name." + listener + ".sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-512");
                lines.add("listener.name." + listener + ".plain.sasl.jaas.config="
                        + "org.apache.kafka.common.security.plain.PlainLoginModule required user_" + USER + "=\""
                        + PASSWORD + "\";");
                lines.add("listener.name." + listener + ".scram-sha-512.sasl.jaas.config="
                        + "org.apache.kafka.common.security.scram.ScramLoginModule required;");
            }
            return lines;
        }
    }

    private static TestKafka start(Secured secured) throws IOException, InterruptedException {
        Path directory = Files.createTempDirectory("warren-kafka");
        int port = RunningWarren.freePort();
        int controllerPort = RunningWarren.freePort();
        Path config = directory.resolve("server.properties");
        List<String> listeners = secured == null ? List.of(
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT")
                : secured.listeners(port, controllerPort);
        List<String> lines = new ArrayList<>(List.of(
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + directory.resolve("data"),
                "num.partitions=1",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=4",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=false",
                "num.network.threads=2",
                "num.io.threads=2",
                "log.segment.bytes=16777216"));
        lines.addAll(listeners);
        Files.writeString(config, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        Path log = Path.of("target", secured == null ? "kafka-broker.log" : "kafka-broker-secured.log").toAbsolutePath();
        Files.createDirectories(log.getParent());
        List<String> format = new ArrayList<>(List.of("format", "-t", UUID.randomUUID().toString()
                .replace("-", "").substring(0, 22), "-c", config.toString()));
        if (secured != null) {
            // KRaft keeps SCRAM credentials in its metadata: the storage is formatted with the user's
            format.addAll(List.of("--add-scram", "SCRAM-SHA-512=[name=" + Secured.USER + ",password=" + Secured.PASSWORD + "]"));
        }
        int formatted = java("kafka.tools.StorageTool", log, format.toArray(String[]::new)).waitFor();
        if (formatted != 0) {
            throw new IOException("formatting the broker's storage failed (exit " + formatted + "); see " + log);
        }
        Process broker = java(KafkaBrokerMain.class.getName(), log, config.toString());
        TestKafka kafka = new TestKafka("127.0.0.1:" + port, broker, directory, secured);
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::stop, "test-kafka-stop"));
        kafka.awaitListening(port, log);
        if (secured != null) {
            kafka.awaitListening(secured.saslPlaintextPort, log);
            kafka.awaitListening(secured.saslSslPort, log);
            kafka.awaitListening(secured.mutualTlsPort, log);
        }
        return kafka;
    }

    private static Process java(String mainClass, Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dlogback.configurationFile=logback-kafka-broker.xml",
                "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    private void awaitListening(int port, Path log) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException("the broker exited with " + process.exitValue() + "; see " + log);
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        stop();
        throw new IOException("the broker did not listen on " + port + " within 60 s; see " + log);
    }

    private void stop() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (var files = Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: the system cleans it up in the end
        }
    }

    /** The broker's JVM: Kafka's own main, ended when the test JVM that started it goes away (its stdin closes). */
    public static final class KafkaBrokerMain {

        public static void main(String[] args) throws Exception {
            Thread watch = new Thread(() -> {
                try {
                    while (System.in.read() >= 0) {
                        // nothing is sent: the loop ends when the parent's end of the pipe closes
                    }
                } catch (IOException e) {
                    // the pipe broke: the parent is gone
                }
                Runtime.getRuntime().halt(0);
            }, "parent-watch");
            watch.setDaemon(true);
            watch.start();
            kafka.Kafka.main(args);
        }
    }
}
