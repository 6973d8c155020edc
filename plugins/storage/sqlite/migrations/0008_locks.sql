-- Several engines on one database (ABI 1.4). locks holds the named locks of lock_acquire: one
-- row per taken key, the holder (a random id per session) and when its lease lapses, so a
-- crashed engine's lock is taken over once expires_at has passed. A released key has no row.
-- jobs_pending_identity serves job_enqueue's look for an identical waiting job: only queued
-- and running jobs are in it, so the look stays small however much history jobs keeps.

CREATE TABLE locks (
  key TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX locks_holder ON locks(holder);

CREATE INDEX jobs_pending_identity ON jobs(connection_id, pipeline)
  WHERE state IN ('queued', 'running');
