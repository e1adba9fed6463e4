package dev.warren.support;

import dev.warren.Warren;
import org.apache.camel.main.Main;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** warren started in-process by Camel Main, as `java -jar` starts it, on a free port and the test broker. */
public final class RunningWarren implements AutoCloseable {

    /** The admin key every test instance is given (warren.auth.admin-key); Http sends it unless told otherwise. */
    public static final String ADMIN_KEY = "wrn_test-admin-key-0123456789abcdefghijklmnopqrstuv";

    private final Main main;
    private final Map<String, String> properties;
    public final int port;
    public final Http http;

    private RunningWarren(Map<String, String> properties) throws Exception {
        this.properties = properties;
        this.port = Integer.parseInt(properties.get("camel.server.port"));
        this.main = Warren.camelMain();
        Properties overrides = new Properties();
        overrides.putAll(properties);
        main.setOverrideProperties(overrides);
        main.start();
        this.http = new Http("http://localhost:" + port);
    }

    /** Starts warren on the test broker with these properties on top of ./application.properties. */
    public static RunningWarren start(Map<String, String> extra) throws Exception {
        TestBroker broker = TestBroker.get();
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("camel.server.port", String.valueOf(freePort()));
        properties.put("warren.rabbitmq.uri", broker.amqpUri);
        properties.put("warren.auth.admin-key", ADMIN_KEY);
        properties.put("warren.rabbitmq.management-uri", broker.managementUri);
        // each instance gets its own embedded store, so that no test restores another's worker groups
        properties.put("warren.store.url", "jdbc:h2:file:" + java.nio.file.Files.createTempDirectory("warren-store")
                + "/warren;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE");
        properties.putAll(extra);
        return new RunningWarren(properties);
    }

    public static RunningWarren start() throws Exception {
        return start(Map.of());
    }

    /** Stops this instance and starts a new one with the same properties and port, as a restart would. */
    public RunningWarren restart() throws Exception {
        return restart(() -> { });
    }

    /** As {@link #restart()}, doing this while no instance runs (e.g. publishing what it must find when it is back). */
    public RunningWarren restart(Runnable whileDown) throws Exception {
        close();
        whileDown.run();
        return new RunningWarren(properties);
    }

    public org.apache.camel.CamelContext camel() {
        return main.getCamelContext();
    }

    @Override
    public void close() throws Exception {
        main.stop();
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
