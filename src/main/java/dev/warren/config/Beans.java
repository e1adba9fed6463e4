package dev.warren.config;

/** The registry names of warren's infrastructure beans, each defined once (the API's are in api.ApiBeans). */
public final class Beans {

    /** The Vert.x instance of the HTTP server (closed by Camel when it stops). */
    public static final String VERTX = "vertx";
    /** The one RabbitMQ connection factory; spring-rabbitmq endpoints use it as the only one of its type. */
    public static final String CONNECTION_FACTORY = "connectionFactory";
    /** The database (closed by STORE_SHUTDOWN, after the job store). */
    public static final String STORE = "store";
    public static final String JOB_STORE = "jobStore";
    /** Closes the job store, then the database. */
    public static final String STORE_SHUTDOWN = "storeShutdown";
    public static final String JOB_CLEANUP = "jobCleanup";
    public static final String JOB_RECONCILER = "jobReconciler";
    /**
     * The delivery steps every worker route calls by this name: the worker type files under routes/ write
     * {@code bean: {ref: worker, method: begin}} (and prepareHttpCall, callFailed, complete...). Renaming it breaks
     * every worker type, the shipped ones and the users' own.
     */
    public static final String WORKER = "worker";
    public static final String ROUTE_FILES = "routeFiles";
    public static final String BROKER_SAMPLER = "brokerSampler";

    private Beans() {
    }
}
