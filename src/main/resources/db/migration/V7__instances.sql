-- The live warren instances sharing this store: each writes its row every warren.instances.heartbeat-ms (with the
-- database's clock) and deletes it when it stops. running: JSON {queue: consumers running here}; type_hashes: JSON
-- {worker type: hash of its definition in this instance's routes/}.
CREATE TABLE warren_instances (
    id           VARCHAR(80)  PRIMARY KEY,
    host         VARCHAR(255) NOT NULL,
    started_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    heartbeat_at TIMESTAMP WITH TIME ZONE NOT NULL,
    running      TEXT         NOT NULL,
    type_hashes  TEXT         NOT NULL
);
