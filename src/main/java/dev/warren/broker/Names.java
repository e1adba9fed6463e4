package dev.warren.broker;

import java.util.Optional;
import java.util.regex.Pattern;

/** The rule for names of queues, topics, exchanges and subscribers, and the names warren derives from a queue's. */
public final class Names {

    public static final String RULE = "1-200 characters of A-Z a-z 0-9 . _ -, not only dots, not starting with 'amq.'";
    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._-]{1,200}");
    public static final String DEAD_LETTER_SUFFIX = ".dlq";
    public static final String WAIT_INFIX = ".wait.";
    /** The wait queues ({@code Q.wait.gate.{ms}}) of tasks a target gate turned away, apart from retries and delays. */
    public static final String GATE_WAIT_INFIX = WAIT_INFIX + "gate.";
    private static final Pattern WAIT_QUEUE = Pattern.compile("(.+)" + Pattern.quote(WAIT_INFIX) + "(?:gate\\.)?[0-9]+");

    private Names() {
    }

    /** Why the name breaks the rule, or empty when it is valid. */
    public static Optional<String> violation(String name) {
        if (name == null || !ALLOWED.matcher(name).matches()) {
            return Optional.of("must be " + RULE);
        }
        if (name.chars().allMatch(c -> c == '.')) {
            // "." and ".." would be path steps in the management API's URLs
            return Optional.of("must not be only dots");
        }
        if (name.startsWith("amq.")) {
            return Optional.of("must not start with 'amq.' (reserved by RabbitMQ)");
        }
        return Optional.empty();
    }

    public static String deadLetterQueue(String queue) {
        return queue + DEAD_LETTER_SUFFIX;
    }

    /** Queues warren creates for a queue of the user's (dead letters, delays) and lists beside it, not as queues. */
    public static boolean isCompanion(String name) {
        return (name.endsWith(DEAD_LETTER_SUFFIX) && name.length() > DEAD_LETTER_SUFFIX.length())
                || waitQueueOwner(name).isPresent();
    }

    /**
     * The queue Q whose wait queue ({@code Q.wait.{ms}} or {@code Q.wait.gate.{ms}}) this is, or empty:
     * {@code Q.wait.later} is a queue of its own.
     */
    public static Optional<String> waitQueueOwner(String name) {
        var wait = WAIT_QUEUE.matcher(name);
        return wait.matches() ? Optional.of(wait.group(1)) : Optional.empty();
    }

    /**
     * Why a queue of this name cannot be declared, deleted, purged, published to or given workers as a queue of its
     * own: it is the dead-letter queue ({@code Q.dlq}) or a wait queue ({@code Q.wait.{ms}}) of queue Q. Empty for
     * any other name, such as {@code orders-dlq-report} or {@code x.dlqx}, and for one that breaks the naming rule.
     */
    public static Optional<String> companionUse(String name) {
        if (name == null || violation(name).isPresent()) {
            // the naming rule's answer (400) comes first: such a name is no queue at all
            return Optional.empty();
        }
        if (name.endsWith(DEAD_LETTER_SUFFIX) && name.length() > DEAD_LETTER_SUFFIX.length()) {
            String queue = name.substring(0, name.length() - DEAD_LETTER_SUFFIX.length());
            return Optional.of(name + " is the dead-letter queue of queue " + queue + ", which warren manages with it;"
                    + " list and replay its messages with /api/queues/" + queue + "/dead-letters");
        }
        return waitQueueOwner(name).map(queue -> name + " is a wait queue of queue " + queue
                + ", where warren delays its retries; it is declared, fed and expired by warren, not through the API");
    }
}
