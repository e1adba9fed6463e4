-- Worker groups on Kafka topics, restored at start-up. spec: the JSON of the group as put (WorkerGroupSpec); paused:
-- whether its consumers are stopped by a pause. Their offsets are kept by Kafka, not here.
CREATE TABLE kafka_worker_groups (
    topic      VARCHAR(249) PRIMARY KEY,
    spec       TEXT         NOT NULL,
    paused     BOOLEAN      NOT NULL,
    updated_at TIMESTAMP    NOT NULL
);
