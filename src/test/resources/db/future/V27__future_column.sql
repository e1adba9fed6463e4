-- A migration after the baseline, as the next one will be: BaselineSchemaIT checks it runs on new and old stores alike.
ALTER TABLE schedules ADD COLUMN future_note VARCHAR(20);
