package dev.warren.kafka;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/**
 * How warren reaches Kafka: the bootstrap servers, the client security settings (SASL, TLS) passed to every client as
 * Kafka's own properties, and the time bounds of a publish and of an admin call. Its text never shows a secret.
 */
public final class KafkaSettings {

    public static final String PREFIX = "warren.kafka.";
    /** The security settings warren passes on: warren.kafka.a-b-c is Kafka's a.b.c. */
    static final List<String> CLIENT_SETTINGS = List.of("security-protocol", "sasl-mechanism", "sasl-jaas-config",
            "ssl-truststore-location", "ssl-truststore-password", "ssl-truststore-type", "ssl-keystore-location",
            "ssl-keystore-password", "ssl-keystore-type", "ssl-key-password", "ssl-endpoint-identification-algorithm");
    static final String HOST_VERIFICATION = "ssl.endpoint.identification.algorithm";
    /** warren.kafka.ssl-endpoint-identification-algorithm=none: the cluster's certificates are not checked against its host names. */
    static final String NO_HOST_VERIFICATION = "none";
    static final List<String> PROTOCOLS = List.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");

    private final String bootstrapServers;
    private final Map<String, String> client;
    private final int deliveryTimeoutMs;
    private final int requestTimeoutMs;

    private KafkaSettings(String bootstrapServers, Map<String, String> client, int deliveryTimeoutMs, int requestTimeoutMs) {
        this.bootstrapServers = bootstrapServers;
        this.client = client;
        this.deliveryTimeoutMs = deliveryTimeoutMs;
        this.requestTimeoutMs = requestTimeoutMs;
    }

    /**
     * The settings from warren's properties, or empty when warren.kafka.bootstrap-servers is empty (Kafka is off).
     *
     * @param property a warren property's value, empty when unset or blank
     * @throws IllegalArgumentException a setting warren cannot use, naming the key (never a value)
     */
    public static Optional<KafkaSettings> from(Function<String, Optional<String>> property) {
        Optional<String> servers = property.apply(PREFIX + "bootstrap-servers");
        if (servers.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> client = new LinkedHashMap<>();
        for (String setting : CLIENT_SETTINGS) {
            property.apply(PREFIX + setting).ifPresent(value -> client.put(setting.replace('-', '.'), value.trim()));
        }
        // Kafka turns host name verification off with an empty value, which a warren property cannot carry (blank is unset)
        client.computeIfPresent(HOST_VERIFICATION, (name, value) -> value.equalsIgnoreCase(NO_HOST_VERIFICATION) ? "" : value);
        String protocol = client.getOrDefault("security.protocol", "PLAINTEXT");
        if (!PROTOCOLS.contains(protocol)) {
            throw new IllegalArgumentException(PREFIX + "security-protocol must be one of " + PROTOCOLS);
        }
        if (protocol.startsWith("SASL_") && !client.containsKey("sasl.jaas.config")) {
            throw new IllegalArgumentException(PREFIX + "security-protocol " + protocol + " needs " + PREFIX
                    + "sasl-jaas-config (or " + PREFIX + "sasl-jaas-config-file)");
        }
        return Optional.of(new KafkaSettings(servers.get().trim(), client,
                number(property, "delivery-timeout-ms", 5000), number(property, "request-timeout-ms", 5000)));
    }

    private static int number(Function<String, Optional<String>> property, String key, int defaultValue) {
        String value = property.apply(PREFIX + key).orElse(String.valueOf(defaultValue)).trim();
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= 100) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException(PREFIX + key + " must be a whole number of milliseconds, at least 100");
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** How long a publish waits for the cluster's acknowledgement of every message before it fails. */
    public int deliveryTimeoutMs() {
        return deliveryTimeoutMs;
    }

    /** How long an admin call (topics, offsets, groups) waits before it fails. */
    public int requestTimeoutMs() {
        return requestTimeoutMs;
    }

    /** The security settings as Kafka's client properties (for camel-kafka's component too). */
    public Map<String, String> clientSettings() {
        return Map.copyOf(client);
    }

    /** What every client of warren's takes: the servers, security, a client id. */
    Properties common(String clientId) {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", bootstrapServers);
        properties.put("client.id", clientId);
        properties.putAll(client);
        return properties;
    }

    /** The producer: every message acknowledged by all in-sync replicas, idempotent, bounded in time. */
    Properties producer() {
        Properties properties = common("warren-producer");
        properties.put("acks", "all");
        properties.put("enable.idempotence", "true");
        properties.put("max.in.flight.requests.per.connection", "5");
        properties.put("linger.ms", "0");
        // Kafka refuses a delivery timeout below linger.ms + request.timeout.ms
        properties.put("request.timeout.ms", String.valueOf(deliveryTimeoutMs));
        properties.put("delivery.timeout.ms", String.valueOf(deliveryTimeoutMs));
        // waiting for metadata (an unreachable cluster) counts against the same bound
        properties.put("max.block.ms", String.valueOf(deliveryTimeoutMs));
        properties.put("key.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        properties.put("value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        return properties;
    }

    Properties admin() {
        Properties properties = common("warren-admin");
        properties.put("request.timeout.ms", String.valueOf(requestTimeoutMs));
        properties.put("default.api.timeout.ms", String.valueOf(requestTimeoutMs));
        return properties;
    }

    /** A consumer of a pull: the caller's group, reading from the group's committed offsets and committing itself. */
    Properties puller(String group) {
        Properties properties = common("warren-pull");
        properties.put("group.id", group);
        properties.put("enable.auto.commit", "false");
        properties.put("auto.offset.reset", "earliest");
        properties.put("allow.auto.create.topics", "false");
        properties.put("request.timeout.ms", String.valueOf(requestTimeoutMs));
        properties.put("default.api.timeout.ms", String.valueOf(requestTimeoutMs));
        properties.put("key.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
        properties.put("value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
        return properties;
    }

    @Override
    public String toString() {
        // the settings' names only: a JAAS configuration or a store password is never shown
        return "KafkaSettings[" + bootstrapServers + ", " + client.keySet() + "]";
    }
}
