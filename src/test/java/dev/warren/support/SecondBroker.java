package dev.warren.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A RabbitMQ node of the test's own (a real rabbitmq-server process on free ports, its data in a temporary
 * directory, its own Erlang cookie), so that a test can stop and start the broker without touching the machine's.
 */
public final class SecondBroker implements AutoCloseable {

    private static final Path SERVER = Path.of("/usr/lib/rabbitmq/bin/rabbitmq-server");
    private static final Path CTL = Path.of("/usr/lib/rabbitmq/bin/rabbitmqctl");
    static final int START_ATTEMPTS = 3;

    public final String node;
    public final int amqpPort;
    public final int managementPort;
    /** The AMQP-over-TLS port (amqps://); 0 unless started with {@link #startWithTls}. */
    public final int amqpsPort;
    /** The management API's HTTPS port; 0 unless started with {@link #startWithTls}. */
    public final int managementTlsPort;
    private final Path directory;
    private final Process process;

    private SecondBroker(String node, int amqpPort, int managementPort, int amqpsPort, int managementTlsPort,
                         Path directory, Process process) {
        this.node = node;
        this.amqpPort = amqpPort;
        this.managementPort = managementPort;
        this.amqpsPort = amqpsPort;
        this.managementTlsPort = managementTlsPort;
        this.directory = directory;
        this.process = process;
    }

    /** True when rabbitmq-server is installed where Debian puts it. */
    public static boolean installed() {
        return Files.isExecutable(SERVER) && Files.isExecutable(CTL);
    }

    /** Starts a node and waits until it takes AMQP connections (guest/guest from localhost). */
    public static SecondBroker start() throws IOException {
        return start(null, null, false, newCookie());
    }

    /** Starts a node with this Erlang cookie, so that nodes started with the same one can form a cluster. */
    static SecondBroker startWithCookie(String cookie) throws IOException {
        return start(null, null, false, cookie);
    }

    static String newCookie() {
        return "WARRENIT" + UUID.randomUUID().toString().replace("-", "").toUpperCase();
    }

    /**
     * Starts a node that also has an AMQP TLS listener and an HTTPS management listener presenting this certificate
     * (signed by the CA file); with requireClientCertificate, a TLS client must present one signed by that CA.
     */
    public static SecondBroker startWithTls(Path caFile, TestPki.Issued server, boolean requireClientCertificate)
            throws IOException {
        return start(caFile, server, requireClientCertificate, newCookie());
    }

    private static SecondBroker start(Path caFile, TestPki.Issued server, boolean requireClientCertificate,
                                      String erlangCookie) throws IOException {
        return untilOneStarts(() -> startOnce(caFile, server, requireClientCertificate, erlangCookie));
    }

    /**
     * Runs attempt until a node starts, at most START_ATTEMPTS times while nodes exit during start (a port picked as
     * free can be taken before the node binds it); a timeout or any other failure ends it at once.
     */
    static <T> T untilOneStarts(Attempt<T> attempt) throws IOException {
        StringBuilder exits = new StringBuilder();
        for (int i = 1; i <= START_ATTEMPTS; i++) {
            try {
                return attempt.start();
            } catch (NodeExited e) {
                exits.append("\n--- attempt ").append(i).append(": ").append(e.getMessage());
            }
        }
        throw new IllegalStateException("rabbitmq-server exited while starting, " + START_ATTEMPTS
                + " times on new ports:" + exits);
    }

    /** One start of a node, on new free ports in a new directory. */
    interface Attempt<T> {
        T start() throws IOException;
    }

    /** The node's process ended while it was awaited to run; the message holds the end of its output. */
    static final class NodeExited extends IllegalStateException {
        NodeExited(String node, String outputTail) {
            super("rabbitmq-server " + node + " exited; the end of its output:\n" + outputTail);
        }
    }

    private static SecondBroker startOnce(Path caFile, TestPki.Issued server, boolean requireClientCertificate,
                                          String erlangCookie) throws IOException {
        Path directory = Files.createTempDirectory("warren-rabbit");
        Path home = Files.createDirectories(directory.resolve("home"));
        Path cookie = home.resolve(".erlang.cookie");
        Files.writeString(cookie, erlangCookie);
        Files.setPosixFilePermissions(cookie, PosixFilePermissions.fromString("r--------"));
        Path plugins = directory.resolve("enabled_plugins");
        Files.writeString(plugins, "[rabbitmq_management].", StandardCharsets.UTF_8);
        int amqp = freePort();
        int dist = freePort();
        int management = freePort();
        int amqps = 0;
        int managementTls = 0;
        if (server != null) {
            amqps = freePort();
            managementTls = freePort();
            Files.writeString(directory.resolve("rabbitmq.conf"), String.join("\n",
                    "listeners.ssl.default = " + amqps,
                    "ssl_options.cacertfile = " + caFile,
                    "ssl_options.certfile = " + server.certificate(),
                    "ssl_options.keyfile = " + server.key(),
                    "ssl_options.verify = verify_peer",
                    "ssl_options.fail_if_no_peer_cert = " + requireClientCertificate,
                    "management.ssl.port = " + managementTls,
                    "management.ssl.cacertfile = " + caFile,
                    "management.ssl.certfile = " + server.certificate(),
                    "management.ssl.keyfile = " + server.key()) + "\n");
        }
        String node = "warren-it-" + amqp + "@localhost";
        ProcessBuilder builder = new ProcessBuilder(SERVER.toString()).directory(directory.toFile())
                .redirectErrorStream(true).redirectOutput(directory.resolve("server.log").toFile());
        Map<String, String> env = builder.environment();
        env.put("HOME", home.toString());
        env.put("RABBITMQ_NODENAME", node);
        env.put("RABBITMQ_NODE_PORT", String.valueOf(amqp));
        env.put("RABBITMQ_DIST_PORT", String.valueOf(dist));
        env.put("RABBITMQ_MNESIA_BASE", directory.resolve("mnesia").toString());
        env.put("RABBITMQ_LOG_BASE", directory.resolve("log").toString());
        env.put("RABBITMQ_ENABLED_PLUGINS_FILE", plugins.toString());
        env.put("RABBITMQ_PLUGINS_EXPAND_DIR", directory.resolve("plugins-expand").toString());
        env.put("RABBITMQ_CONFIG_FILE", directory.resolve("rabbitmq").toString());
        env.put("RABBITMQ_ADVANCED_CONFIG_FILE", directory.resolve("advanced.config").toString());
        env.put("RABBITMQ_PID_FILE", directory.resolve("pid").toString());
        env.put("RABBITMQ_SERVER_START_ARGS", "-rabbitmq_management listener [{port," + management + "}]");
        SecondBroker broker = new SecondBroker(node, amqp, management, amqps, managementTls, directory, builder.start());
        try {
            broker.awaitRunning(Duration.ofSeconds(90));
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    public String amqpUri() {
        return "amqp://guest:guest@127.0.0.1:" + amqpPort;
    }

    public String managementUri() {
        return "http://guest:guest@127.0.0.1:" + managementPort;
    }

    /** The TLS listener, by host name (the certificate names localhost and 127.0.0.1). */
    public String amqpsUri() {
        return "amqps://guest:guest@localhost:" + amqpsPort;
    }

    public String managementTlsUri() {
        return "https://guest:guest@localhost:" + managementTlsPort;
    }

    /** Where the node writes its log files. */
    public Path logDirectory() {
        return directory.resolve("log");
    }

    /** rabbitmqctl stop_app: the broker closes every connection and stops taking new ones (the node stays up). */
    public void stopApp() {
        ctl("stop_app");
    }

    /** rabbitmqctl start_app, waiting until the broker runs again. */
    public void startApp() {
        ctl("start_app");
        awaitRunning(Duration.ofSeconds(60));
    }

    private void awaitRunning(Duration within) {
        await("RabbitMQ node " + node + " running; log in " + directory).atMost(within)
                .pollInterval(Duration.ofMillis(500)).until(() -> {
                    if (!process.isAlive()) {
                        // the directory goes when the node is closed: the reason must travel with the failure
                        throw new NodeExited(node, outputTail());
                    }
                    return ctlQuietly("await_startup") == 0 && ctlQuietly("status") == 0 && managementAnswers();
                });
    }

    private boolean managementAnswers() {
        try {
            return new Http("http://127.0.0.1:" + managementPort).send("GET", "/api/overview", null, null,
                    Map.of("Authorization", "Basic " + java.util.Base64.getEncoder()
                            .encodeToString("guest:guest".getBytes(StandardCharsets.UTF_8)))).status() == 200;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Runs rabbitmqctl on this node, failing when it exits other than 0. */
    void ctl(String... command) {
        int exit = ctlQuietly(command);
        if (exit != 0) {
            throw new IllegalStateException("rabbitmqctl " + String.join(" ", command) + " on " + node + " exited "
                    + exit + "; output in " + directory.resolve("ctl.log"));
        }
    }

    /** This failure as a NodeExited when the node's process has ended (a rabbitmqctl failure then only follows from it). */
    RuntimeException exitedWhile(RuntimeException failure) {
        try {
            return failure instanceof NodeExited || !process.waitFor(2, TimeUnit.SECONDS) ? failure
                    : new NodeExited(node, outputTail());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failure;
        }
    }

    int ctlQuietly(String... command) {
        try {
            List<String> line = new ArrayList<>(List.of(CTL.toString(), "-n", node));
            line.addAll(List.of(command));
            ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("ctl.log").toFile()));
            builder.environment().put("HOME", directory.resolve("home").toString());
            Process ctl = builder.start();
            if (!ctl.waitFor(60, TimeUnit.SECONDS)) {
                ctl.destroyForcibly();
                return -1;
            }
            return ctl.exitValue();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Stops the node (rabbitmqctl stop), or kills its process when that does not work, and deletes its files. */
    @Override
    public void close() {
        if (process.isAlive()) {
            ctlQuietly("stop");
        }
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteFiles();
    }

    private String outputTail() {
        try {
            List<String> lines = Files.readAllLines(directory.resolve("server.log"), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    private void deleteFiles() {
        try (java.util.stream.Stream<Path> files = Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: left for the system to clear
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
