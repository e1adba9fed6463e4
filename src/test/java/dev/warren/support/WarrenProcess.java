package dev.warren.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * warren started as `java` starts it, in a JVM of its own: with system properties (-D) and environment variables of
 * the test's choosing, on the test broker and a store of its own. Its output goes to a file.
 */
public final class WarrenProcess implements AutoCloseable {

    public final Process process;
    public final Path log;

    private WarrenProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts warren with these -D properties and environment variables on top of the test broker's and a new store's
     * (a property mapped to null is left out, e.g. the admin key, to give it another way);
     * no CAMEL_* or WARREN_* variable of the test's own environment reaches it.
     */
    public static WarrenProcess start(Map<String, String> systemProperties, Map<String, String> environment)
            throws IOException {
        TestBroker broker = TestBroker.get();
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("warren.rabbitmq.uri", broker.amqpUri);
        properties.put("warren.rabbitmq.management-uri", broker.managementUri);
        properties.put("warren.auth.admin-key", RunningWarren.ADMIN_KEY);
        properties.put("warren.store.url", "jdbc:h2:file:" + Files.createTempDirectory("warren-store")
                + "/warren;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE");
        properties.putAll(systemProperties);
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path")));
        properties.forEach((key, value) -> {
            if (value != null) {
                command.add("-D" + key + "=" + value);
            }
        });
        command.add("dev.warren.Warren");
        Path log = Files.createTempFile("warren-process", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(new File(System.getProperty("user.dir")))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("CAMEL_") || name.startsWith("WARREN_"));
        builder.environment().putAll(environment);
        return new WarrenProcess(builder.start(), log);
    }

    /** What it has written so far. */
    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /**
     * The TCP ports this process listens on (Linux: its socket descriptors matched against /proc/net/tcp and tcp6), so
     * that a test sees warren's own ports whatever else listens on the machine.
     */
    public Set<Integer> listeningPorts() throws IOException {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(Path.of("/proc", String.valueOf(process.pid()), "fd"))) {
            for (Path descriptor : descriptors) {
                try {
                    String target = Files.readSymbolicLink(descriptor).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // a descriptor closed while listed is no listening socket
                }
            }
        }
        Set<Integer> ports = new TreeSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : Files.readAllLines(Path.of(table)).stream().skip(1).toList()) {
                String[] fields = line.trim().split("\\s+");
                // local address (hex ip:port), state 0A = LISTEN, inode
                if (fields[3].equals("0A") && inodes.contains(fields[9])) {
                    ports.add(Integer.parseInt(fields[1].substring(fields[1].indexOf(':') + 1), 16));
                }
            }
        }
        return ports;
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
