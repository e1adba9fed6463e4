package dev.warren.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;

import java.time.Duration;
import java.util.Optional;

/**
 * warren's clients of a Kafka cluster, made only when warren.kafka.bootstrap-servers is set: the topics (Admin), the
 * publisher (one idempotent producer) and the puller; closed with Camel.
 */
public final class Kafka implements AutoCloseable {

    private final KafkaSettings settings;
    private final Admin admin;
    private final Producer<byte[], byte[]> producer;
    private final KafkaTopics topics;
    private final KafkaPublisher publisher;
    private final KafkaPuller puller;

    public Kafka(KafkaSettings settings, long pullWaitMs) {
        this.settings = settings;
        this.admin = Admin.create(settings.admin());
        this.producer = new KafkaProducer<>(settings.producer());
        this.topics = new KafkaTopics(admin, settings.requestTimeoutMs());
        this.publisher = new KafkaPublisher(producer, settings.deliveryTimeoutMs());
        this.puller = new KafkaPuller(group -> new KafkaConsumer<>(settings.puller(group)), pullWaitMs);
    }

    public KafkaSettings settings() {
        return settings;
    }

    public KafkaTopics topics() {
        return topics;
    }

    public KafkaPublisher publisher() {
        return publisher;
    }

    public KafkaPuller puller() {
        return puller;
    }

    /** Why Kafka is not usable now (for readiness), or empty when a broker of the cluster answers. */
    public Optional<String> problem() {
        try {
            admin.describeCluster().nodes().get(settings.requestTimeoutMs(), java.util.concurrent.TimeUnit.MILLISECONDS);
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("Kafka: interrupted");
        } catch (Exception e) {
            return Optional.of("Kafka at " + settings.bootstrapServers() + " does not answer ("
                    + (e.getCause() != null ? e.getCause() : e).getClass().getSimpleName() + ")");
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(5));
    }
}
