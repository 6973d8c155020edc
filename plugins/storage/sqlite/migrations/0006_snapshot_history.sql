-- Snapshot history (ABI 1.3, snapshot_activate_keeping): a connection keeps its last N
-- snapshots in state 'previous', objects and all, and a comparison can pin one against pruning.
--
-- 1. The snapshots table gains the state 'previous'. SQLite cannot alter a CHECK, so the table
--    is rebuilt as its documentation describes (create, copy, drop, rename; ids kept). The
--    plugin runs migrations with foreign keys off and checks them before committing
--    (Migrations::apply), since dropping a parent table with foreign keys on would delete or
--    refuse its children. The search index's content view, which names snapshots, is created
--    after the rename.
-- 2. The search index keeps indexing only what search reads: the objects of current (and
--    building) snapshots, not the kept ones, so search stays as fast with 10 kept snapshots as
--    with none. Its external content becomes a view of exactly those objects, so FTS5's
--    'rebuild' and 'integrity-check' (which compare the index with its content) stay exact;
--    the triggers remove a snapshot's rows from the index when it becomes 'previous' and never
--    hand FTS5 a 'delete' for a row it does not hold (that corrupts external-content indexes).

DROP TRIGGER metadata_search_insert;
DROP TRIGGER metadata_search_delete;
DROP TRIGGER metadata_search_update;
DROP TABLE metadata_search;

CREATE TABLE snapshots_rebuilt (
  id INTEGER PRIMARY KEY,
  connection_id INTEGER NOT NULL REFERENCES connections(id),
  state TEXT NOT NULL CHECK (state IN ('building', 'current', 'previous')),
  object_count INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL DEFAULT (CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)),
  completed_at INTEGER
);
INSERT INTO snapshots_rebuilt (id, connection_id, state, object_count, created_at, completed_at)
  SELECT id, connection_id, state, object_count, created_at, completed_at FROM snapshots;
DROP TABLE snapshots;
ALTER TABLE snapshots_rebuilt RENAME TO snapshots;
CREATE INDEX snapshots_connection_state ON snapshots(connection_id, state);

-- A reader's claim on a snapshot (a comparison reading it): never pruned while until_ms is
-- ahead of the clock; a crashed reader's pin simply expires.
CREATE TABLE snapshot_pins (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id),
  holder TEXT NOT NULL,
  until_ms INTEGER NOT NULL,
  PRIMARY KEY (snapshot_id, holder)
);

CREATE VIEW metadata_search_content AS
  SELECT o.id, o.name, o.external_id FROM metadata_objects o
  WHERE NOT EXISTS (SELECT 1 FROM snapshots s WHERE s.id = o.snapshot_id AND s.state = 'previous');

CREATE VIRTUAL TABLE metadata_search USING fts5(
  name, external_id,
  content = 'metadata_search_content', content_rowid = 'id',
  tokenize = 'trigram', columnsize = 0
);

-- Objects are only added to building snapshots; the condition keeps the index equal to its
-- view whatever the caller does.
CREATE TRIGGER metadata_search_insert AFTER INSERT ON metadata_objects
WHEN NOT EXISTS (SELECT 1 FROM snapshots s WHERE s.id = new.snapshot_id AND s.state = 'previous')
BEGIN
  INSERT INTO metadata_search (rowid, name, external_id) VALUES (new.id, new.name, new.external_id);
END;

-- Objects are deleted before their snapshot (foreign keys), so a pruned 'previous' snapshot's
-- objects, which the index no longer holds, are recognised here and left alone.
CREATE TRIGGER metadata_search_delete AFTER DELETE ON metadata_objects
WHEN NOT EXISTS (SELECT 1 FROM snapshots s WHERE s.id = old.snapshot_id AND s.state = 'previous')
BEGIN
  INSERT INTO metadata_search (metadata_search, rowid, name, external_id)
    VALUES ('delete', old.id, old.name, old.external_id);
END;

CREATE TRIGGER metadata_search_update AFTER UPDATE OF id, name, external_id ON metadata_objects
WHEN (old.id IS NOT new.id OR old.name IS NOT new.name OR old.external_id IS NOT new.external_id)
 AND NOT EXISTS (SELECT 1 FROM snapshots s WHERE s.id = new.snapshot_id AND s.state = 'previous')
BEGIN
  INSERT INTO metadata_search (metadata_search, rowid, name, external_id)
    VALUES ('delete', old.id, old.name, old.external_id);
  INSERT INTO metadata_search (rowid, name, external_id) VALUES (new.id, new.name, new.external_id);
END;

-- A snapshot kept as 'previous' leaves the index; one made current again returns to it.
CREATE TRIGGER metadata_search_demote AFTER UPDATE OF state ON snapshots
WHEN new.state = 'previous' AND old.state IS NOT 'previous'
BEGIN
  INSERT INTO metadata_search (metadata_search, rowid, name, external_id)
    SELECT 'delete', o.id, o.name, o.external_id FROM metadata_objects o WHERE o.snapshot_id = new.id;
END;

CREATE TRIGGER metadata_search_promote AFTER UPDATE OF state ON snapshots
WHEN old.state = 'previous' AND new.state IS NOT 'previous'
BEGIN
  INSERT INTO metadata_search (rowid, name, external_id)
    SELECT o.id, o.name, o.external_id FROM metadata_objects o WHERE o.snapshot_id = new.id;
END;

INSERT INTO metadata_search (metadata_search) VALUES ('rebuild');
