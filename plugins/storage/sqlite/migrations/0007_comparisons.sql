-- Comparisons (issue 13): a comparison's sides, status, progress and result summary; one row
-- per differing object in comparison_changes (paged and filtered by type and kind rather than one
-- JSON blob); drift watches that compare a connection after each retrieval.
--
-- SQLite's ADD COLUMN takes only constant defaults, so the new updated_at defaults to 0 and is
-- set from created_at for existing rows; the plugin stamps it on every insert and update.
-- left/right_repository_id name a backup side's repository, so removing a repository (or the
-- connection owning it) finds its comparisons without parsing the sides' JSON.

ALTER TABLE comparisons ADD COLUMN left_side TEXT NOT NULL DEFAULT '{}';
ALTER TABLE comparisons ADD COLUMN right_side TEXT NOT NULL DEFAULT '{}';
ALTER TABLE comparisons ADD COLUMN types TEXT NOT NULL DEFAULT '[]';
ALTER TABLE comparisons ADD COLUMN status_detail TEXT NOT NULL DEFAULT '';
ALTER TABLE comparisons ADD COLUMN status_code TEXT NOT NULL DEFAULT '';
ALTER TABLE comparisons ADD COLUMN progress_done INTEGER NOT NULL DEFAULT 0;
ALTER TABLE comparisons ADD COLUMN progress_total INTEGER NOT NULL DEFAULT 0;
ALTER TABLE comparisons ADD COLUMN progress_type TEXT NOT NULL DEFAULT '';
ALTER TABLE comparisons ADD COLUMN job_id INTEGER;
ALTER TABLE comparisons ADD COLUMN created_by INTEGER;
ALTER TABLE comparisons ADD COLUMN watch_id INTEGER;
ALTER TABLE comparisons ADD COLUMN left_repository_id INTEGER;
ALTER TABLE comparisons ADD COLUMN right_repository_id INTEGER;
ALTER TABLE comparisons ADD COLUMN differences INTEGER NOT NULL DEFAULT 0;
ALTER TABLE comparisons ADD COLUMN finished_at INTEGER;
ALTER TABLE comparisons ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
UPDATE comparisons SET updated_at = created_at;

CREATE INDEX comparisons_workspace ON comparisons(workspace_id, id);
CREATE INDEX comparisons_left_repository ON comparisons(left_repository_id);
CREATE INDEX comparisons_right_repository ON comparisons(right_repository_id);
CREATE INDEX comparisons_watch ON comparisons(watch_id);

-- kind: added | removed | changed | ambiguous. Documents are normalised compact JSON text, ''
-- for the side that lacks the object (and for ambiguous keys, whose ids are joined by ", ").
CREATE TABLE comparison_changes (
  id INTEGER PRIMARY KEY,
  comparison_id INTEGER NOT NULL REFERENCES comparisons(id),
  type TEXT NOT NULL,
  kind TEXT NOT NULL,
  key TEXT NOT NULL,
  name TEXT NOT NULL DEFAULT '',
  left_id TEXT NOT NULL DEFAULT '',
  right_id TEXT NOT NULL DEFAULT '',
  operations INTEGER NOT NULL DEFAULT 0,
  patch TEXT NOT NULL DEFAULT '[]',
  left_document TEXT NOT NULL DEFAULT '',
  right_document TEXT NOT NULL DEFAULT ''
);
CREATE INDEX comparison_changes_filter ON comparison_changes(comparison_id, type, kind, id);
CREATE INDEX comparison_changes_comparison ON comparison_changes(comparison_id, id);

-- A connection's current snapshot compared after each retrieval against another side (against:
-- a side as the REST API takes it). state: '' (never run), clean, drift or error.
CREATE TABLE drift_watches (
  id INTEGER PRIMARY KEY,
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
  connection_id INTEGER NOT NULL REFERENCES connections(id),
  against TEXT NOT NULL DEFAULT '{}',
  other_connection_id INTEGER REFERENCES connections(id),
  backup_config_id INTEGER REFERENCES backup_configs(id),
  repository_id INTEGER REFERENCES repositories(id),
  types TEXT NOT NULL DEFAULT '[]',
  label TEXT NOT NULL DEFAULT '',
  created_by INTEGER,
  created_at INTEGER NOT NULL DEFAULT (CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)),
  updated_at INTEGER NOT NULL DEFAULT (CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)),
  state TEXT NOT NULL DEFAULT '',
  state_detail TEXT NOT NULL DEFAULT '',
  differences INTEGER NOT NULL DEFAULT 0,
  last_comparison_id INTEGER,
  last_run_at INTEGER
);
CREATE INDEX drift_watches_connection ON drift_watches(connection_id);
CREATE INDEX drift_watches_other_connection ON drift_watches(other_connection_id);
CREATE INDEX drift_watches_repository ON drift_watches(repository_id);
CREATE INDEX drift_watches_backup_config ON drift_watches(backup_config_id);
