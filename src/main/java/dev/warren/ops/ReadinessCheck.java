package dev.warren.ops;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** A readiness (not liveness) check of warren: DOWN while its probe names a problem, with the problem as message. */
public final class ReadinessCheck extends AbstractHealthCheck {

    private final Supplier<Optional<String>> problem;

    public ReadinessCheck(String id, Supplier<Optional<String>> problem) {
        super("warren", id);
        this.problem = problem;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Optional<String> found = problem.get();
        if (found.isPresent()) {
            // Camel writes the message into its JSON answer as is
            builder.message(found.get().replace('"', '\'')).down();
        } else {
            builder.up();
        }
    }
}
