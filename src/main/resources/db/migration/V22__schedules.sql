-- Recurring schedules. definition: the schedule as put (JSON: cron, timeZone, queue, payload or tasks, missedRuns).
-- Times are epoch milliseconds. next_run_at is the next due run, NULL while paused or when the cron never fires again;
-- an instance owns a run by moving next_run_at on from the value it read (a conditional update).
CREATE TABLE schedules (
    name         VARCHAR(200)  PRIMARY KEY,
    queue        VARCHAR(200)  NOT NULL,
    definition   TEXT          NOT NULL,
    paused       BOOLEAN       NOT NULL,
    next_run_at  BIGINT,
    last_run_at  BIGINT,
    last_job_ids TEXT,
    last_error   VARCHAR(1000),
    runs         BIGINT        NOT NULL,
    created_at   BIGINT        NOT NULL,
    updated_at   BIGINT        NOT NULL
);
CREATE INDEX schedules_next_run ON schedules (next_run_at);
