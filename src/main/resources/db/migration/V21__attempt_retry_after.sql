-- The Retry-After a target answered with an attempt (in ms, null when it sent none), shown on the job's timeline:
-- on job_attempts for the attempts before the latest, on the job's row for the latest.
ALTER TABLE job_attempts ADD COLUMN retry_after_ms BIGINT;
ALTER TABLE jobs ADD COLUMN attempt_retry_after_ms BIGINT;
