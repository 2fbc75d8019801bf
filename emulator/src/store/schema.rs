//! The schema, created on open; `user_version` records which version a file holds.

use rusqlite::Connection;

/// Version written by this build.
const VERSION: i64 = 1;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS secret_keys (
    secret_key   TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS projects (
    id           TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL,
    create_date  INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS projects_workspace ON projects(workspace_id);
CREATE TABLE IF NOT EXISTS sequences (
    id          TEXT PRIMARY KEY,
    project_id  TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    attributes  TEXT NOT NULL DEFAULT '{}',
    item_count  INTEGER NOT NULL DEFAULT 0,
    create_date INTEGER NOT NULL,
    update_date INTEGER NOT NULL,
    UNIQUE (project_id, name)
);
-- Keyset pagination: page N costs one seek on this index.
CREATE INDEX IF NOT EXISTS sequences_list_order ON sequences(project_id, create_date, id);
-- An item is a column set of its asset: an asset is in at most one sequence by construction.
-- role '' stands for the null role (real roles are non-empty), so the slot index is unique.
CREATE TABLE IF NOT EXISTS assets (
    id          TEXT PRIMARY KEY,
    project_id  TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    filename    TEXT NOT NULL,
    sequence_id TEXT REFERENCES sequences(id),
    role        TEXT NOT NULL DEFAULT '',
    ord         INTEGER,
    UNIQUE (project_id, filename)
);
CREATE UNIQUE INDEX IF NOT EXISTS assets_slot ON assets(sequence_id, role, ord);
CREATE TABLE IF NOT EXISTS idempotency_records (
    project_id   TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    key          TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status       INTEGER NOT NULL,
    response     TEXT NOT NULL,
    create_date  INTEGER NOT NULL,
    PRIMARY KEY (project_id, key)
);
CREATE INDEX IF NOT EXISTS idempotency_age ON idempotency_records(create_date);
";

/// Creates the schema on a new database; refuses one written by a newer build.
pub fn migrate(conn: &Connection) -> Result<(), String> {
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .map_err(|e| format!("read schema version: {e}"))?;
    if version > VERSION {
        return Err(format!(
            "database schema version {version} is newer than this emulator supports ({VERSION})"
        ));
    }
    conn.execute_batch(SCHEMA)
        .map_err(|e| format!("create schema: {e}"))?;
    conn.pragma_update(None, "user_version", VERSION)
        .map_err(|e| format!("write schema version: {e}"))?;
    Ok(())
}
