package dev.warren.kafka;

import dev.warren.common.ProblemException;
import dev.warren.jobs.JobStore;
import dev.warren.jobs.Jobs;
import dev.warren.tasks.TaskHeaders;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Retries a job of a Kafka worker group ("kafka:{topic}"): its record is published to the topic again, with the value,
 * key and headers the group first took, its id and its new generation, and acknowledged by the cluster (acks=all), so
 * that the topic's group delivers it as the job's next generation.
 */
public final class KafkaJobRedelivery implements Jobs.Redelivery {

    private final KafkaTopics topics;
    private final KafkaPublisher publisher;
    private final KafkaWorkerGroups groups;

    public KafkaJobRedelivery(KafkaTopics topics, KafkaPublisher publisher, KafkaWorkerGroups groups) {
        this.topics = topics;
        this.publisher = publisher;
        this.groups = groups;
    }

    @Override
    public boolean handles(String queue) {
        return queue.startsWith(KafkaNames.QUEUE_PREFIX) && KafkaNames.topicViolation(topic(queue)).isEmpty();
    }

    /** 404 when the topic is gone, 409 when no worker group of it would deliver the record. */
    @Override
    public void check(String queue) {
        String topic = topic(queue);
        topics.require(topic);
        if (!groups.has(topic)) {
            throw ProblemException.conflict("Kafka topic " + topic + " has no worker group: nothing would deliver the job"
                    + " again; put one first");
        }
    }

    @Override
    public void publish(JobStore.Republish job) {
        Map<String, String> headers = new LinkedHashMap<>();
        Jobs.readHeaders(job.headers()).forEach((name, value) -> headers.put(name, String.valueOf(value)));
        String key = headers.remove(KafkaMessages.KEY);
        headers.put(KafkaMessages.ID, job.id());
        headers.put(TaskHeaders.GENERATION, String.valueOf(job.generation()));
        publisher.publish(topic(job.queue()), List.of(new KafkaPublisher.Outgoing(job.id(), key, job.payload(), headers)));
    }

    private static String topic(String queue) {
        return queue.substring(KafkaNames.QUEUE_PREFIX.length());
    }
}
