package dev.warren.broker;

import java.util.Optional;
import java.util.regex.Pattern;

/** The rule for names of queues, topics, exchanges and subscribers, and the names warren derives from a queue's. */
public final class Names {

    public static final String RULE = "1-200 characters of A-Z a-z 0-9 . _ -, not only dots, not starting with 'amq.'";
    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._-]{1,200}");
    public static final String DEAD_LETTER_SUFFIX = ".dlq";
    public static final String WAIT_INFIX = ".wait.";

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
        return name.endsWith(DEAD_LETTER_SUFFIX) || name.contains(WAIT_INFIX);
    }
}
