package dev.warren.api;

/** The registry names of the API's beans: bound by the wiring, found by name (and type) by ApiRoutes. */
public final class ApiBeans {

    public static final String QUEUE_API = "queueApi";
    public static final String TASK_API = "taskApi";
    public static final String SCHEDULE_API = "scheduleApi";
    public static final String JOB_API = "jobApi";
    public static final String WORKER_API = "workerApi";
    public static final String COMPAT_API = "compatApi";
    public static final String TOPIC_API = "topicApi";
    public static final String EXCHANGE_API = "exchangeApi";
    public static final String KAFKA_API = "kafkaApi";
    public static final String BROKER_API = "brokerApi";
    public static final String DASHBOARD_API = "dashboardApi";
    public static final String KEY_API = "keyApi";
    public static final String AUDIT_API = "auditApi";
    public static final String ACCESS_GATE = "accessGate";
    /** Found by Camel by its type (a RestApiProcessorFactory); the name only keeps it apart in the registry. */
    public static final String OPEN_API_DOCUMENT = "openApiDocument";

    private ApiBeans() {
    }
}
