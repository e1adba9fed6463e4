-- When warren last emptied each queue through its API: emptied_by 'purge' (its ready messages removed) or 'delete' (the
-- queue and its companions deleted); emptied_at, the time taken just before the broker was asked. The reconciliation
-- marks a job still open and unchanged since then cancelled (its message was removed) rather than failed.
CREATE TABLE emptied_queues (
    queue      VARCHAR(200) PRIMARY KEY,
    emptied_at TIMESTAMP WITH TIME ZONE NOT NULL,
    emptied_by VARCHAR(16)  NOT NULL
);
