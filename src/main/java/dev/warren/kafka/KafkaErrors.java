package dev.warren.kafka;

import dev.warren.common.ProblemException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Kafka's failures as problems: 404, 409 and 400 for what the caller can change, 503 when the cluster cannot take it. */
final class KafkaErrors {

    private KafkaErrors() {
    }

    /** The future's value within the timeout, or the problem its failure stands for. */
    static <T> T await(Future<T> future, long timeoutMs, String what) {
        try {
            return future.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProblemException.unavailable(what + ": interrupted while waiting for Kafka");
        } catch (java.util.concurrent.TimeoutException e) {
            throw ProblemException.unavailable(what + ": Kafka did not answer within " + timeoutMs + " ms");
        } catch (ExecutionException | CompletionException e) {
            throw toProblem(e.getCause() == null ? e : e.getCause(), what);
        }
    }

    static ProblemException toProblem(Throwable e, String what) {
        if (e instanceof ProblemException problem) {
            return problem;
        }
        if (e instanceof UnknownTopicOrPartitionException) {
            return ProblemException.notFound(what + ": the topic does not exist; create it first");
        }
        if (e instanceof TopicExistsException) {
            return ProblemException.conflict(what + ": the topic exists");
        }
        if (e instanceof InvalidReplicationFactorException || e instanceof InvalidPartitionsException
                || e instanceof InvalidConfigurationException || e instanceof PolicyViolationException
                || e instanceof InvalidTopicException || e instanceof InvalidRequestException) {
            return ProblemException.badRequest(what + ": Kafka refused it: " + e.getMessage());
        }
        if (e instanceof GroupNotEmptyException || e instanceof UnknownMemberIdException
                || e instanceof org.apache.kafka.clients.consumer.CommitFailedException) {
            return ProblemException.conflict(what + ": the consumer group has running members; pull with another group");
        }
        if (e instanceof AuthenticationException || e instanceof AuthorizationException) {
            return ProblemException.unavailable(what + ": Kafka refused warren's credentials or permissions ("
                    + e.getClass().getSimpleName() + ")");
        }
        return ProblemException.unavailable(what + ": Kafka cannot take it now (" + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
    }
}
