//! Assets and their place in a sequence. An item is the (sequence, role, ord) columns of its
//! asset; role `''` in the table is the null role on the wire.

use rusqlite::{params, Connection, OptionalExtension, Row};

/// An asset and where it sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssetRow {
    /// `asset_<uuid>`.
    pub id: String,
    /// The sequence holding it, if any.
    pub sequence_id: Option<String>,
    /// Its role there (`None` for the null role or when unlinked).
    pub role: Option<String>,
    /// Its ord there.
    pub ord: Option<i64>,
}

/// The table's spelling of a role.
pub fn role_column(role: Option<&str>) -> &str {
    role.unwrap_or("")
}

/// The wire's spelling of a role column.
pub fn role_from_column(role: String) -> Option<String> {
    if role.is_empty() {
        None
    } else {
        Some(role)
    }
}

fn asset_row(row: &Row<'_>) -> rusqlite::Result<AssetRow> {
    Ok(AssetRow {
        id: row.get(0)?,
        sequence_id: row.get(1)?,
        role: role_from_column(row.get(2)?),
        ord: row.get(3)?,
    })
}

/// An asset of the project by id.
pub fn by_id(
    conn: &Connection,
    project_id: &str,
    asset_id: &str,
) -> rusqlite::Result<Option<AssetRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, sequence_id, role, ord FROM assets WHERE id = ?1 AND project_id = ?2",
    )?;
    stmt.query_row(params![asset_id, project_id], asset_row)
        .optional()
}

/// An asset of the project by filename.
pub fn by_filename(
    conn: &Connection,
    project_id: &str,
    filename: &str,
) -> rusqlite::Result<Option<AssetRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, sequence_id, role, ord FROM assets WHERE project_id = ?1 AND filename = ?2",
    )?;
    stmt.query_row(params![project_id, filename], asset_row)
        .optional()
}

/// The asset holding slot (`role`, `ord`) of a sequence.
pub fn slot_holder(
    conn: &Connection,
    sequence_id: &str,
    role: Option<&str>,
    ord: i64,
) -> rusqlite::Result<Option<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM assets WHERE sequence_id = ?1 AND role = ?2 AND ord = ?3",
    )?;
    stmt.query_row(params![sequence_id, role_column(role), ord], |r| r.get(0))
        .optional()
}

/// The highest ord of a role in a sequence, ignoring one asset (the one being placed).
pub fn max_ord_except(
    conn: &Connection,
    sequence_id: &str,
    role: Option<&str>,
    except_asset: &str,
) -> rusqlite::Result<Option<i64>> {
    // Two rows from the end of the slot index: if the top one is the asset itself, the next.
    let mut stmt = conn.prepare_cached(
        "SELECT id, ord FROM assets WHERE sequence_id = ?1 AND role = ?2
         ORDER BY ord DESC LIMIT 2",
    )?;
    let rows = stmt.query_map(params![sequence_id, role_column(role)], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
    })?;
    for row in rows {
        let (id, ord) = row?;
        if id != except_asset {
            return Ok(Some(ord));
        }
    }
    Ok(None)
}

/// Puts an asset at a slot (the slot must be free).
pub fn place(
    conn: &Connection,
    asset_id: &str,
    sequence_id: &str,
    role: Option<&str>,
    ord: i64,
) -> rusqlite::Result<()> {
    let mut stmt = conn
        .prepare_cached("UPDATE assets SET sequence_id = ?2, role = ?3, ord = ?4 WHERE id = ?1")?;
    stmt.execute(params![asset_id, sequence_id, role_column(role), ord])?;
    Ok(())
}

/// Takes an asset out of its sequence.
pub fn unlink(conn: &Connection, asset_id: &str) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare_cached(
        "UPDATE assets SET sequence_id = NULL, role = '', ord = NULL WHERE id = ?1",
    )?;
    stmt.execute([asset_id])?;
    Ok(())
}

/// Takes every asset out of a sequence.
pub fn unlink_all(conn: &Connection, sequence_id: &str) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare_cached(
        "UPDATE assets SET sequence_id = NULL, role = '', ord = NULL WHERE sequence_id = ?1",
    )?;
    stmt.execute([sequence_id])?;
    Ok(())
}

/// Whether a filename is taken in the project.
pub fn filename_taken(
    conn: &Connection,
    project_id: &str,
    filename: &str,
) -> rusqlite::Result<bool> {
    let mut stmt =
        conn.prepare_cached("SELECT 1 FROM assets WHERE project_id = ?1 AND filename = ?2")?;
    stmt.exists(params![project_id, filename])
}

/// Whether an asset id exists (in any project: ids are global).
pub fn id_taken(conn: &Connection, asset_id: &str) -> rusqlite::Result<bool> {
    let mut stmt = conn.prepare_cached("SELECT 1 FROM assets WHERE id = ?1")?;
    stmt.exists([asset_id])
}

/// Creates an unlinked asset.
pub fn insert(
    conn: &Connection,
    project_id: &str,
    asset_id: &str,
    filename: &str,
) -> rusqlite::Result<()> {
    let mut stmt =
        conn.prepare_cached("INSERT INTO assets (id, project_id, filename) VALUES (?1, ?2, ?3)")?;
    stmt.execute(params![asset_id, project_id, filename])?;
    Ok(())
}

/// A fresh asset id.
pub fn new_id() -> String {
    format!("asset_{}", uuid::Uuid::new_v4())
}
