package dev.warren.workers;

/** Turns a group's target into the camel-http endpoint URI its route calls. */
public final class TargetEndpoints {

    /** Pooled connections per target: a cap, not an allocation, so that no group's concurrency is throttled by it. */
    static final int MAX_CONNECTIONS = WorkerGroupSpec.MAX_COUNT;

    private TargetEndpoints() {
    }

    public static String uri(Target target) {
        String separator = target.url().contains("?") ? "&" : "?";
        return target.url() + separator + "httpMethod=" + target.method()
                + "&throwExceptionOnFailure=false"
                + "&connectTimeout=" + target.timeoutMs()
                + "&responseTimeout=" + target.timeoutMs()
                + "&connectionRequestTimeout=" + target.timeoutMs()
                + "&maxTotalConnections=" + MAX_CONNECTIONS
                + "&connectionsPerRoute=" + MAX_CONNECTIONS;
    }
}
