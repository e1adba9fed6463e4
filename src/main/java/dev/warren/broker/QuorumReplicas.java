package dev.warren.broker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.common.ProblemException;

import java.util.Optional;
import java.util.OptionalInt;

/** Decides how many nodes hold a new quorum queue (x-quorum-initial-group-size): the configured count, at most the running nodes. */
public final class QuorumReplicas {

    public static final String ARGUMENT = "x-quorum-initial-group-size";

    private final int configured;
    private final ManagementClient management;

    /** @param configured warren.rabbitmq.quorum-replicas; 0 leaves the count to the broker */
    public QuorumReplicas(int configured, ManagementClient management) {
        this.configured = configured;
        this.management = management;
    }

    /**
     * The replica count of a queue about to be created.
     *
     * @return empty when the broker decides (nothing configured, or the cluster's nodes are not known)
     */
    public Optional<Integer> forNewQueue() {
        if (configured <= 0) {
            return Optional.empty();
        }
        OptionalInt running;
        try {
            running = management.runningNodes();
        } catch (ProblemException managementUnreachable) {
            running = OptionalInt.empty();
        }
        return decide(configured, running);
    }

    /**
     * The count an existing queue was declared with, so that declaring it again repeats it (RabbitMQ refuses a
     * declaration whose x-quorum-initial-group-size differs); empty when it has none or the API cannot tell.
     */
    public Optional<Object> ofExisting(String queue) {
        try {
            return management.queue(queue).map(q -> q.path("arguments").get(ARGUMENT))
                    .filter(JsonNode::isIntegralNumber).map(JsonNode::longValue);
        } catch (ProblemException managementUnreachable) {
            return Optional.empty();
        }
    }

    /** min(configured, running nodes); empty when nothing is configured or the running nodes are not known. */
    static Optional<Integer> decide(int configured, OptionalInt runningNodes) {
        if (configured <= 0 || runningNodes.isEmpty() || runningNodes.getAsInt() < 1) {
            return Optional.empty();
        }
        return Optional.of(Math.min(configured, runningNodes.getAsInt()));
    }
}
