package dev.warren.ops;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** A readiness (not liveness) check of warren: DOWN while its probe names a problem, with the problem as message. */
public final class ReadinessCheck extends AbstractHealthCheck {

    /** The detail under which a check about some queues lists them (a {@code List<String>}). */
    public static final String QUEUES = "warren.queues";
    /** The detail under which a check about some queues says what is wrong with them, without their names. */
    public static final String SUMMARY = "warren.summary";

    private final Supplier<Optional<String>> problem;
    private final String summary;
    private final Supplier<List<String>> queues;

    public ReadinessCheck(String id, Supplier<Optional<String>> problem) {
        this(id, problem, null, List::of);
    }

    private ReadinessCheck(String id, Supplier<Optional<String>> problem, String summary, Supplier<List<String>> queues) {
        super("warren", id);
        this.problem = problem;
        this.summary = summary;
        this.queues = queues;
    }

    /**
     * A check DOWN while some queues have a problem; its message is the summary followed by their names, which it also
     * keeps as details, so that a view limited to some queues can name only those.
     */
    public static ReadinessCheck aboutQueues(String id, String summary, Supplier<List<String>> queues) {
        return new ReadinessCheck(id, null, summary, queues);
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        if (problem == null) {
            List<String> found = List.copyOf(queues.get());
            if (found.isEmpty()) {
                builder.up();
            } else {
                builder.message((summary + ": " + String.join(", ", found)).replace('"', '\''))
                        .detail(SUMMARY, summary).detail(QUEUES, found).down();
            }
            return;
        }
        Optional<String> found = problem.get();
        if (found.isPresent()) {
            // Camel writes the message into its JSON answer as is
            builder.message(found.get().replace('"', '\'')).down();
        } else {
            builder.up();
        }
    }
}
