package dev.warren.kafka;

import dev.warren.common.Problem.FieldError;
import dev.warren.common.ProblemException;

import java.util.ArrayList;
import java.util.List;

/** How a Kafka topic is created; every field is optional (the cluster's defaults, retention as the cluster keeps it). */
public record KafkaTopicSettings(Integer partitions, Integer replicationFactor, Long retentionMs) {

    public static final int MAX_PARTITIONS = 1000;

    /** These settings, or a 400 naming each value out of range. */
    public KafkaTopicSettings checked() {
        List<FieldError> errors = new ArrayList<>();
        if (partitions != null && (partitions < 1 || partitions > MAX_PARTITIONS)) {
            errors.add(new FieldError("partitions", "must be between 1 and " + MAX_PARTITIONS));
        }
        if (replicationFactor != null && (replicationFactor < 1 || replicationFactor > Short.MAX_VALUE)) {
            errors.add(new FieldError("replicationFactor", "must be at least 1 (and at most the cluster's brokers)"));
        }
        if (retentionMs != null && retentionMs < -1) {
            errors.add(new FieldError("retentionMs", "must be -1 (keep forever) or more"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return this;
    }
}
