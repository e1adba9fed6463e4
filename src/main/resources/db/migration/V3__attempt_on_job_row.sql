-- A job's latest attempt (running, or its last when the job ended) is kept on the job's row; job_attempts holds
-- the attempts before it. A task delivered on its first attempt then writes no attempt row at all.
ALTER TABLE jobs ADD COLUMN attempt_started_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE jobs ADD COLUMN attempt_worker VARCHAR(200);
ALTER TABLE jobs ADD COLUMN attempt_duration_ms BIGINT;

-- Retention cleanup finds old jobs by their creation time, which never changes (and a job is never updated
-- before it was created): an index on (status, updated_at) was rewritten on every status change.
DROP INDEX jobs_status_updated;
CREATE INDEX jobs_created ON jobs (created_at);

-- Every index on status is rewritten at each status change (twice per delivery). A list by queue and status
-- uses the status index and filters on the queue instead.
DROP INDEX jobs_queue_status_seq;
