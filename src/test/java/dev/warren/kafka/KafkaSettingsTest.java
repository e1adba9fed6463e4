package dev.warren.kafka;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KafkaSettingsTest {

    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required "
            + "username=\"warren\" password=\"s3cret-value\";";

    private static Optional<KafkaSettings> from(Map<String, String> values) {
        return KafkaSettings.from(key -> Optional.ofNullable(values.get(key)).filter(v -> !v.isBlank()));
    }

    @Test
    void withoutBootstrapServersKafkaIsOff() {
        assertTrue(from(Map.of("warren.kafka.security-protocol", "SASL_SSL")).isEmpty());
    }

    @Test
    void securitySettingsBecomeKafkasClientPropertiesOfEveryClient() {
        KafkaSettings settings = from(Map.of("warren.kafka.bootstrap-servers", "k1:9093,k2:9093",
                "warren.kafka.security-protocol", "SASL_SSL", "warren.kafka.sasl-mechanism", "SCRAM-SHA-512",
                "warren.kafka.sasl-jaas-config", JAAS, "warren.kafka.ssl-truststore-location", "/etc/kafka/ca.p12",
                "warren.kafka.ssl-truststore-type", "PKCS12")).orElseThrow();
        for (Properties client : new Properties[] {settings.producer(), settings.admin(), settings.puller("g")}) {
            assertEquals("k1:9093,k2:9093", client.get("bootstrap.servers"));
            assertEquals("SASL_SSL", client.get("security.protocol"));
            assertEquals("SCRAM-SHA-512", client.get("sasl.mechanism"));
            assertEquals(JAAS, client.get("sasl.jaas.config"));
            assertEquals("/etc/kafka/ca.p12", client.get("ssl.truststore.location"));
            assertEquals("PKCS12", client.get("ssl.truststore.type"));
        }
    }

    @Test
    void noneTurnsHostNameVerificationOffAsKafkasEmptyValueAndAnotherAlgorithmIsPassedOn() {
        for (Properties client : clients(from(Map.of("warren.kafka.bootstrap-servers", "k:9093",
                "warren.kafka.security-protocol", "SSL", "warren.kafka.ssl-endpoint-identification-algorithm", "none")))) {
            assertEquals("", client.get("ssl.endpoint.identification.algorithm"));
        }
        assertEquals(Map.of("security.protocol", "SSL", "ssl.endpoint.identification.algorithm", ""),
                from(Map.of("warren.kafka.bootstrap-servers", "k:9093", "warren.kafka.security-protocol", "SSL",
                        "warren.kafka.ssl-endpoint-identification-algorithm", "NONE")).orElseThrow().clientSettings());
        for (Properties client : clients(from(Map.of("warren.kafka.bootstrap-servers", "k:9093",
                "warren.kafka.ssl-endpoint-identification-algorithm", "https")))) {
            assertEquals("https", client.get("ssl.endpoint.identification.algorithm"));
        }
        for (Properties client : clients(from(Map.of("warren.kafka.bootstrap-servers", "k:9093")))) {
            assertFalse(client.containsKey("ssl.endpoint.identification.algorithm"), "Kafka's default (https) stays");
        }
    }

    private static Properties[] clients(Optional<KafkaSettings> settings) {
        return new Properties[] {settings.orElseThrow().producer(), settings.orElseThrow().admin(),
                settings.orElseThrow().puller("g")};
    }

    @Test
    void theProducerWaitsForAllReplicasIdempotentlyWithinTheDeliveryTimeout() {
        Properties producer = from(Map.of("warren.kafka.bootstrap-servers", "k:9092",
                "warren.kafka.delivery-timeout-ms", "3000")).orElseThrow().producer();
        assertEquals("all", producer.get("acks"));
        assertEquals("true", producer.get("enable.idempotence"));
        assertEquals("3000", producer.get("delivery.timeout.ms"));
        assertEquals("3000", producer.get("max.block.ms"));
    }

    @Test
    void aPullCommitsItselfAndStartsANewGroupAtTheBeginning() {
        Properties puller = from(Map.of("warren.kafka.bootstrap-servers", "k:9092")).orElseThrow().puller("billing");
        assertEquals("billing", puller.get("group.id"));
        assertEquals("false", puller.get("enable.auto.commit"));
        assertEquals("earliest", puller.get("auto.offset.reset"));
    }

    @Test
    void theTextOfTheSettingsNeverShowsASecret() {
        KafkaSettings settings = from(Map.of("warren.kafka.bootstrap-servers", "k:9092",
                "warren.kafka.security-protocol", "SASL_PLAINTEXT", "warren.kafka.sasl-jaas-config", JAAS,
                "warren.kafka.ssl-truststore-password", "store-pass")).orElseThrow();
        assertFalse(settings.toString().contains("s3cret-value"), settings.toString());
        assertFalse(settings.toString().contains("store-pass"), settings.toString());
    }

    @Test
    void settingsWarrenCannotUseStopStartUpNamingTheKeyNotTheValue() {
        IllegalArgumentException protocol = assertThrows(IllegalArgumentException.class, () -> from(Map.of(
                "warren.kafka.bootstrap-servers", "k:9092", "warren.kafka.security-protocol", "SASL_NOPE")));
        assertTrue(protocol.getMessage().contains("warren.kafka.security-protocol"), protocol.getMessage());
        assertFalse(protocol.getMessage().contains("SASL_NOPE"));
        IllegalArgumentException jaas = assertThrows(IllegalArgumentException.class, () -> from(Map.of(
                "warren.kafka.bootstrap-servers", "k:9092", "warren.kafka.security-protocol", "SASL_SSL")));
        assertTrue(jaas.getMessage().contains("sasl-jaas-config"), jaas.getMessage());
        assertThrows(IllegalArgumentException.class, () -> from(Map.of("warren.kafka.bootstrap-servers", "k:9092",
                "warren.kafka.delivery-timeout-ms", "soon")));
    }
}
