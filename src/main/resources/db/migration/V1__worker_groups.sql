-- Worker groups, restored at start-up. The configuration is the JSON of WorkerGroupConfig.
CREATE TABLE worker_groups (
    queue      VARCHAR(200) PRIMARY KEY,
    config     TEXT         NOT NULL,
    updated_at TIMESTAMP    NOT NULL
);
