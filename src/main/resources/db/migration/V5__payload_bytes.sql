-- Payloads are kept as the bytes published, with the content type and encoding they were published with: kept as
-- text, a payload that was not UTF-8 changed when its job was retried or replayed. Jobs from before keep their text
-- in payload (read as UTF-8, JSON); new ones fill payload_bytes only.
ALTER TABLE jobs ADD COLUMN payload_bytes BYTEA;
ALTER TABLE jobs ADD COLUMN content_type VARCHAR(255);
ALTER TABLE jobs ADD COLUMN content_encoding VARCHAR(255);
ALTER TABLE jobs ALTER COLUMN payload DROP NOT NULL;
