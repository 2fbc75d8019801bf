//! Projects, workspaces and secret keys: who may touch which project.

use rusqlite::{params, Connection, OptionalExtension};

/// Whether `secret_key` belongs to the workspace that owns `project_id`.
pub fn key_grants(conn: &Connection, secret_key: &str, project_id: &str) -> rusqlite::Result<bool> {
    let mut stmt = conn.prepare_cached(
        "SELECT 1 FROM secret_keys k JOIN projects p ON p.workspace_id = k.workspace_id
         WHERE k.secret_key = ?1 AND p.id = ?2",
    )?;
    stmt.exists(params![secret_key, project_id])
}

/// Whether the project exists.
pub fn exists(conn: &Connection, project_id: &str) -> rusqlite::Result<bool> {
    let mut stmt = conn.prepare_cached("SELECT 1 FROM projects WHERE id = ?1")?;
    stmt.exists([project_id])
}

/// The workspace a key opens, if the key exists.
pub fn workspace_of_key(conn: &Connection, secret_key: &str) -> rusqlite::Result<Option<String>> {
    conn.query_row(
        "SELECT workspace_id FROM secret_keys WHERE secret_key = ?1",
        [secret_key],
        |row| row.get(0),
    )
    .optional()
}

/// Records a new key for a workspace.
pub fn insert_key(conn: &Connection, secret_key: &str, workspace_id: &str) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO secret_keys (secret_key, workspace_id) VALUES (?1, ?2)",
        params![secret_key, workspace_id],
    )?;
    Ok(())
}

/// Records a new project in a workspace.
pub fn insert(
    conn: &Connection,
    project_id: &str,
    workspace_id: &str,
    now: i64,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO projects (id, workspace_id, create_date) VALUES (?1, ?2, ?3)",
        params![project_id, workspace_id, now],
    )?;
    Ok(())
}

/// Deletes every row of every table.
pub fn wipe(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "UPDATE assets SET sequence_id = NULL, role = '', ord = NULL;
         DELETE FROM idempotency_records;
         DELETE FROM sequences;
         DELETE FROM assets;
         DELETE FROM projects;
         DELETE FROM secret_keys;",
    )
}
