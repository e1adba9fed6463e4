-- A job whose publish the broker has not confirmed yet has a row here, deleted once it is confirmed. Marking the
-- job's own row instead rewrote every index of jobs (H2 rewrites them all on any update) for every published task.
-- No foreign key, which would look the job up for every row: the retention cleanup deletes rows left behind.
CREATE TABLE unconfirmed_jobs (
    id VARCHAR(200) PRIMARY KEY
);
INSERT INTO unconfirmed_jobs (id) SELECT id FROM jobs WHERE confirmed = FALSE;
ALTER TABLE jobs DROP COLUMN confirmed;
