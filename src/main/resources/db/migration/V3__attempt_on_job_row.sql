-- The attempt in progress is kept on its job's row, and job_attempts gets each attempt once, when it ends: a
-- delivery then writes two rows instead of three.
ALTER TABLE jobs ADD COLUMN attempt_started_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE jobs ADD COLUMN attempt_worker VARCHAR(200);

-- Retention cleanup finds old jobs by their creation time, which never changes (and a job is never updated
-- before it was created): an index on (status, updated_at) was rewritten on every status change.
DROP INDEX jobs_status_updated;
CREATE INDEX jobs_created ON jobs (created_at);
