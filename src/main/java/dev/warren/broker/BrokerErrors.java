package dev.warren.broker;

import com.rabbitmq.client.ShutdownSignalException;
import dev.warren.common.ProblemException;
import org.springframework.amqp.AmqpConnectException;
import org.springframework.amqp.AmqpException;

import java.util.Optional;

/** Turns what the broker said (a channel closed with a reply code, a refused connection) into the API's problem. */
public final class BrokerErrors {

    private static final int NOT_FOUND = 404;
    private static final int PRECONDITION_FAILED = 406;
    private static final int RESOURCE_LOCKED = 405;

    private BrokerErrors() {
    }

    public static ProblemException toProblem(AmqpException e, String what) {
        Optional<ShutdownSignalException> closed = channelClose(e);
        if (closed.isPresent()) {
            int code = replyCode(closed.get());
            String reason = replyText(closed.get());
            return switch (code) {
                case NOT_FOUND -> ProblemException.notFound(what + " does not exist (" + reason + ")");
                case PRECONDITION_FAILED, RESOURCE_LOCKED ->
                        ProblemException.conflict(what + " exists with other settings (" + reason + ")");
                default -> ProblemException.unavailable("The broker refused the operation on " + what + ": " + reason);
            };
        }
        if (e instanceof AmqpConnectException) {
            return ProblemException.unavailable("The broker is unreachable: " + rootMessage(e));
        }
        return ProblemException.unavailable("The broker failed the operation on " + what + ": " + rootMessage(e));
    }

    /** True when the exception says the broker answered NOT_FOUND, e.g. a passive declare of a missing queue. */
    public static boolean isNotFound(Throwable e) {
        return channelClose(e).map(BrokerErrors::replyCode).orElse(0) == NOT_FOUND;
    }

    private static Optional<ShutdownSignalException> channelClose(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ShutdownSignalException s && !s.isHardError()) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    private static int replyCode(ShutdownSignalException s) {
        return s.getReason() instanceof com.rabbitmq.client.AMQP.Channel.Close close ? close.getReplyCode() : 0;
    }

    private static String replyText(ShutdownSignalException s) {
        return s.getReason() instanceof com.rabbitmq.client.AMQP.Channel.Close close
                ? close.getReplyText() : String.valueOf(s.getMessage());
    }

    /** What the innermost cause says (for a refused connection, the broker's reply: "NOT_ALLOWED - vhost prod not found"). */
    public static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root.getMessage() != null) {
            return root.getMessage();
        }
        return root instanceof java.io.IOException ? "the connection failed or was closed" : "an unexpected error";
    }
}
