-- 0001: every entity of sdk/STORAGE.md (ABI 1.0), plus metadata objects and their blobs.
-- Times are int64 milliseconds since the Unix epoch; json columns hold JSON text.
-- The plugin fills created_at/updated_at itself; the SQL defaults cover rows written by hand.
-- Foreign keys model ownership only (no ON DELETE CASCADE): remove() never cascades, and
-- delete_connection deletes dependants explicitly, in order.

CREATE TABLE workspaces (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL DEFAULT (CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER))
);
CREATE UNIQUE INDEX workspaces_name ON workspaces(name);

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL,
  name TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL DEFAULT (CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER))
);
CREATE UNIQUE INDEX users_email ON users(email);

CREATE TABLE memberships (
  id INTEGER PRIMARY KEY,
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
  user_id INTEGER NOT NULL REFERENCES users(id),
  role TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
  created_at INTEGER NOT NULL DEFAULT (CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER))
);
CREATE UNIQUE INDEX memberships_workspace_user ON memberships(workspace_id, user_id);
CREATE INDEX memberships_user ON memberships(user_id);

CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  name TEXT NOT NULL DEFAULT '',
  token_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL DEFAULT (CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)),
  last_used_at INTEGER,
  revoked_at INTEGER
);
CREATE UNIQUE INDEX api_tokens_token_hash ON api_tokens(token_hash);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

CREATE TABLE connections (
  id INTEGER PRIMARY KEY,
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
  plugin TEXT NOT NULL,
  kind TEXT NOT NULL,
  label TEXT NOT NULL,
  account_id TEXT NOT NULL DEFAULT '',
  account_name TEXT NOT NULL DEFAULT '',
  auth_type TEXT NOT NULL DEFAULT '',
  scopes_requested TEXT NOT NULL DEFAULT '[]',
  scopes_granted TEXT NOT NULL DEFAULT '[]',
  scopes_missing TEXT NOT NULL DEFAULT '[]',
  warnings TEXT NOT NULL DEFAULT '[]',
  token_expires_at INTEGER,
  status TEXT NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'in_progress', 'completed', 'error')),
  status_detail TEXT NOT NULL DEFAULT '',
  progress_done INTEGER NOT NULL DEFAULT 0,
  progress_total INTEGER NOT NULL DEFAULT 0,
  progress_type TEXT NOT NULL DEFAULT '',
  current_snapshot_id INTEGER,
  settings TEXT NOT NULL DEFAULT '{}',
  created_at INTEGER NOT NULL DEFAULT (CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)),
  updated_at INTEGER NOT NULL DEFAULT (CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)),
  retrieved_at INTEGER
);
CREATE UNIQUE INDEX connections_workspace_label ON connections(workspace_id, label);

CREATE TABLE credentials (
  id INTEGER PRIMARY KEY,
  connection_id INTEGER NOT NULL REFERENCES connections(id),
  sealed TEXT NOT NULL,
  updated_at INTEGER NOT NULL DEFAULT (CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER))
);
CREATE UNIQUE INDEX credentials_connection ON credentials(connection_id);

CREATE TABLE oauth_states (
  id INTEGER PRIMARY KEY,
  state_hash TEXT NOT NULL,
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
  user_id INTEGER,
  plugin TEXT NOT NULL,
  data TEXT NOT NULL DEFAULT '{}',
  created_at INTEGER NOT NULL DEFAULT (CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)),
  expires_at INTEGER NOT NULL,
  used_at INTEGER
);
CREATE UNIQUE INDEX oauth_states_state_hash ON oauth_states(state_hash);

CREATE TABLE repositories (
  id INTEGER PRIMARY KEY,
  connection_id INTEGER NOT NULL REFERENCES connections(id),
  external_id TEXT NOT NULL,
  full_name TEXT NOT NULL,
  default_branch TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'connected' CHECK (status IN ('connected', 'error')),
  status_reason TEXT NOT NULL DEFAULT '',
  status_detail TEXT NOT NULL DEFAULT '',
  last_checked_at INTEGER,
  created_at INTEGER NOT NULL DEFAULT (CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)),
  updated_at INTEGER NOT NULL DEFAULT (CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER))
);
CREATE UNIQUE INDEX repositories_connection_external ON repositories(connection_id, external_id);

CREATE TABLE snapshots (
  id INTEGER PRIMARY KEY,
  connection_id INTEGER NOT NULL REFERENCES connections(id),
  state TEXT NOT NULL CHECK (state IN ('building', 'current')),
  object_count INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL DEFAULT (CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)),
  completed_at INTEGER
);
CREATE INDEX snapshots_connection_state ON snapshots(connection_id, state);

CREATE TABLE comparisons (
  id INTEGER PRIMARY KEY,
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
  connection_id INTEGER NOT NULL REFERENCES connections(id),
  other_connection_id INTEGER REFERENCES connections(id),
  state TEXT NOT NULL DEFAULT '',
  result TEXT NOT NULL DEFAULT '{}',
  created_at INTEGER NOT NULL DEFAULT (CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER))
);
CREATE INDEX comparisons_connection ON comparisons(connection_id);
CREATE INDEX comparisons_other_connection ON comparisons(other_connection_id);

CREATE TABLE backup_configs (
  id INTEGER PRIMARY KEY,
  connection_id INTEGER NOT NULL REFERENCES connections(id),
  repository_id INTEGER NOT NULL REFERENCES repositories(id),
  branch TEXT NOT NULL DEFAULT '',
  path_prefix TEXT NOT NULL DEFAULT '',
  schedule TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL DEFAULT (CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)),
  updated_at INTEGER NOT NULL DEFAULT (CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER))
);
CREATE INDEX backup_configs_connection ON backup_configs(connection_id);
CREATE INDEX backup_configs_repository ON backup_configs(repository_id);

CREATE TABLE backup_runs (
  id INTEGER PRIMARY KEY,
  backup_config_id INTEGER NOT NULL REFERENCES backup_configs(id),
  connection_id INTEGER NOT NULL REFERENCES connections(id),
  commit_sha TEXT NOT NULL DEFAULT '',
  added INTEGER NOT NULL DEFAULT 0,
  changed INTEGER NOT NULL DEFAULT 0,
  removed INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT '',
  error TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL DEFAULT (CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)),
  finished_at INTEGER
);
CREATE INDEX backup_runs_config ON backup_runs(backup_config_id);
CREATE INDEX backup_runs_connection ON backup_runs(connection_id);

CREATE TABLE deployments (
  id INTEGER PRIMARY KEY,
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
  connection_id INTEGER NOT NULL REFERENCES connections(id),
  state TEXT NOT NULL DEFAULT '',
  details TEXT NOT NULL DEFAULT '{}',
  created_at INTEGER NOT NULL DEFAULT (CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)),
  finished_at INTEGER
);
CREATE INDEX deployments_connection ON deployments(connection_id);

CREATE TABLE jobs (
  id INTEGER PRIMARY KEY,
  workspace_id INTEGER,
  connection_id INTEGER REFERENCES connections(id),
  pipeline TEXT NOT NULL,
  params TEXT NOT NULL DEFAULT '{}',
  state TEXT NOT NULL DEFAULT 'queued'
    CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  attempts INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL DEFAULT 3,
  run_after INTEGER NOT NULL DEFAULT 0,
  lease_owner TEXT,
  lease_expires_at INTEGER,
  error TEXT NOT NULL DEFAULT '',
  result TEXT NOT NULL DEFAULT '{}',
  created_at INTEGER NOT NULL DEFAULT (CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)),
  started_at INTEGER,
  finished_at INTEGER,
  updated_at INTEGER NOT NULL DEFAULT (CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER))
);
-- job_claim scans runnable jobs by state; both partial conditions use these.
CREATE INDEX jobs_state_run_after ON jobs(state, run_after);
CREATE INDEX jobs_state_lease ON jobs(state, lease_expires_at);
CREATE INDEX jobs_connection ON jobs(connection_id);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  workspace_id INTEGER,
  user_id INTEGER,
  action TEXT NOT NULL,
  target_type TEXT NOT NULL DEFAULT '',
  target_id TEXT NOT NULL DEFAULT '',
  details TEXT NOT NULL DEFAULT '{}',
  remote_addr TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL DEFAULT (CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER))
);
CREATE INDEX audit_log_workspace ON audit_log(workspace_id, id);

-- Metadata objects of snapshots; their bytes live once per content hash in metadata_blobs.
CREATE TABLE metadata_blobs (
  content_hash TEXT PRIMARY KEY,
  data BLOB NOT NULL
);

CREATE TABLE metadata_objects (
  id INTEGER PRIMARY KEY,
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id),
  connection_id INTEGER NOT NULL REFERENCES connections(id),
  type TEXT NOT NULL,
  external_id TEXT NOT NULL,
  name TEXT NOT NULL DEFAULT '',
  content_hash TEXT NOT NULL REFERENCES metadata_blobs(content_hash)
);
CREATE UNIQUE INDEX metadata_objects_snapshot_key ON metadata_objects(snapshot_id, type, external_id);
CREATE INDEX metadata_objects_hash ON metadata_objects(content_hash);
CREATE INDEX metadata_objects_connection ON metadata_objects(connection_id);
