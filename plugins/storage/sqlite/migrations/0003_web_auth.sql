-- Browser sign-in (issue 11): passwords on users, one-time links to set one, browser sessions
-- and sign-in throttles. Sessions and throttles are rows, not process memory, because several
-- engines may serve one database.

-- password_hash: a self-describing scrypt string ('' = no password). password_set_at stays when
-- an operator clears the hash, so "has ever set a password" survives a reset.
ALTER TABLE users ADD COLUMN password_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN password_set_at INTEGER;

CREATE TABLE password_links (
  id INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL,
  user_id INTEGER NOT NULL REFERENCES users(id),
  workspace_id INTEGER REFERENCES workspaces(id),
  purpose TEXT NOT NULL,
  created_by INTEGER REFERENCES users(id),
  created_at INTEGER NOT NULL DEFAULT (CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)),
  expires_at INTEGER NOT NULL,
  used_at INTEGER
);
CREATE UNIQUE INDEX password_links_token_hash ON password_links(token_hash);
CREATE INDEX password_links_user ON password_links(user_id);

CREATE TABLE web_sessions (
  id INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL,
  user_id INTEGER NOT NULL REFERENCES users(id),
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL DEFAULT (CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)),
  last_seen_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  revoked_at INTEGER,
  remote_addr TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX web_sessions_token_hash ON web_sessions(token_hash);
CREATE INDEX web_sessions_user ON web_sessions(user_id);

CREATE TABLE login_throttles (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL,
  failures INTEGER NOT NULL DEFAULT 0,
  first_failure_at INTEGER NOT NULL DEFAULT 0,
  blocked_until INTEGER NOT NULL DEFAULT 0,
  updated_at INTEGER NOT NULL DEFAULT (CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER))
);
CREATE UNIQUE INDEX login_throttles_key ON login_throttles(key);
