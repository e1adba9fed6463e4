-- A job whose publish the broker has not confirmed yet has a row here, deleted once it is confirmed. Marking the
-- job's own row instead rewrote every index of jobs (H2 rewrites them all on any update) for every published task.
CREATE TABLE unconfirmed_jobs (
    id VARCHAR(200) PRIMARY KEY REFERENCES jobs (id) ON DELETE CASCADE
);
INSERT INTO unconfirmed_jobs (id) SELECT id FROM jobs WHERE confirmed = FALSE;
ALTER TABLE jobs DROP COLUMN confirmed;
