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
 */
public final class TestKafka {

    private static TestKafka instance;

    public final String bootstrapServers;
    private final Process process;
    private final Path directory;

    private TestKafka(String bootstrapServers, Process process, Path directory) {
        this.bootstrapServers = bootstrapServers;
        this.process = process;
        this.directory = directory;
    }

    /** The broker, started on first use. */
    public static synchronized TestKafka get() {
        if (instance == null) {
            try {
                instance = start();
            } catch (IOException e) {
                throw new IllegalStateException("The test Kafka broker could not be started: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while starting the test Kafka broker", e);
            }
        }
        return instance;
    }

    private static TestKafka start() throws IOException, InterruptedException {
        Path directory = Files.createTempDirectory("warren-kafka");
        int port = RunningWarren.freePort();
        int controllerPort = RunningWarren.freePort();
        Path config = directory.resolve("server.properties");
        Files.writeString(config, String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
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
                "log.segment.bytes=16777216",
                ""), StandardCharsets.UTF_8);
        Path log = Path.of("target", "kafka-broker.log").toAbsolutePath();
        Files.createDirectories(log.getParent());
        int formatted = java("kafka.tools.StorageTool", log, "format", "-t", UUID.randomUUID().toString()
                .replace("-", "").substring(0, 22), "-c", config.toString()).waitFor();
        if (formatted != 0) {
            throw new IOException("formatting the broker's storage failed (exit " + formatted + "); see " + log);
        }
        Process broker = java(KafkaBrokerMain.class.getName(), log, config.toString());
        TestKafka kafka = new TestKafka("127.0.0.1:" + port, broker, directory);
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::stop, "test-kafka-stop"));
        kafka.awaitListening(port, log);
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
