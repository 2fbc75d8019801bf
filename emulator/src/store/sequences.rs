//! Sequence rows: lookups, changes, and assembly into the wire [`Sequence`] with its items.

use super::assets::role_from_column;
use crate::domain::attributes;
use crate::domain::cursor::{Cursor, Key};
use nexus_wire::{Page, Sequence, SequenceItem};
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row};
use std::collections::{BTreeMap, HashMap};

/// The columns of a sequence that decisions need (attributes are loaded only for output).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SequenceHead {
    /// `seq_<uuid>`.
    pub id: String,
    /// Current name.
    pub name: String,
    /// Number of items.
    pub item_count: i64,
}

fn head_row(row: &Row<'_>) -> rusqlite::Result<SequenceHead> {
    Ok(SequenceHead {
        id: row.get(0)?,
        name: row.get(1)?,
        item_count: row.get(2)?,
    })
}

/// A sequence of the project by id.
pub fn head_by_id(
    conn: &Connection,
    project_id: &str,
    id: &str,
) -> rusqlite::Result<Option<SequenceHead>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, item_count FROM sequences WHERE id = ?1 AND project_id = ?2",
    )?;
    stmt.query_row(params![id, project_id], head_row).optional()
}

/// A sequence of the project by name.
pub fn head_by_name(
    conn: &Connection,
    project_id: &str,
    name: &str,
) -> rusqlite::Result<Option<SequenceHead>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, item_count FROM sequences WHERE project_id = ?1 AND name = ?2",
    )?;
    stmt.query_row(params![project_id, name], head_row)
        .optional()
}

/// Creates an empty sequence.
pub fn insert(
    conn: &Connection,
    project_id: &str,
    name: &str,
    now: i64,
) -> rusqlite::Result<SequenceHead> {
    let id = format!("seq_{}", uuid::Uuid::new_v4());
    let mut stmt = conn.prepare_cached(
        "INSERT INTO sequences (id, project_id, name, create_date, update_date)
         VALUES (?1, ?2, ?3, ?4, ?4)",
    )?;
    stmt.execute(params![id, project_id, name, now])?;
    Ok(SequenceHead {
        id,
        name: name.to_string(),
        item_count: 0,
    })
}

/// Renames a sequence.
pub fn set_name(conn: &Connection, id: &str, name: &str) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare_cached("UPDATE sequences SET name = ?2 WHERE id = ?1")?;
    stmt.execute(params![id, name])?;
    Ok(())
}

/// Replaces a sequence's attribute map.
pub fn set_attributes(
    conn: &Connection,
    id: &str,
    attributes: &BTreeMap<String, String>,
) -> rusqlite::Result<()> {
    let json = serde_json::to_string(attributes)
        .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
    let mut stmt = conn.prepare_cached("UPDATE sequences SET attributes = ?2 WHERE id = ?1")?;
    stmt.execute(params![id, json])?;
    Ok(())
}

/// Adds `delta` to a sequence's item count.
pub fn add_items(conn: &Connection, id: &str, delta: i64) -> rusqlite::Result<()> {
    let mut stmt =
        conn.prepare_cached("UPDATE sequences SET item_count = item_count + ?2 WHERE id = ?1")?;
    stmt.execute(params![id, delta])?;
    Ok(())
}

/// Moves `updateDate` forward: to `now`, or one ms past its old value if the clock has not
/// moved on, so that every change is visible.
pub fn touch(conn: &Connection, id: &str, now: i64) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare_cached(
        "UPDATE sequences SET update_date = MAX(?2, update_date + 1) WHERE id = ?1",
    )?;
    stmt.execute(params![id, now])?;
    Ok(())
}

/// Deletes a sequence; its assets stay, unlinked.
pub fn delete(conn: &Connection, id: &str) -> rusqlite::Result<()> {
    super::assets::unlink_all(conn, id)?;
    let mut stmt = conn.prepare_cached("DELETE FROM sequences WHERE id = ?1")?;
    stmt.execute([id])?;
    Ok(())
}

/// A full sequence of the project by id.
pub fn load(conn: &Connection, project_id: &str, id: &str) -> rusqlite::Result<Option<Sequence>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {FULL_COLUMNS} FROM sequences WHERE id = ?1 AND project_id = ?2"
    ))?;
    let row = stmt
        .query_row(params![id, project_id], full_row)
        .optional()?;
    Ok(with_items(conn, row.into_iter().collect())?.pop())
}

const FULL_COLUMNS: &str = "id, name, project_id, attributes, create_date, update_date";

fn full_row(row: &Row<'_>) -> rusqlite::Result<Sequence> {
    let attributes: String = row.get(3)?;
    let items: BTreeMap<String, String> = serde_json::from_str(&attributes).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(3, rusqlite::types::Type::Text, Box::new(e))
    })?;
    Ok(Sequence {
        id: row.get(0)?,
        name: row.get(1)?,
        length: 0,
        project_id: row.get(2)?,
        items: Vec::new(),
        item_count_with_role: BTreeMap::new(),
        attributes: attributes::to_wire(items),
        create_date: row.get(4)?,
        update_date: row.get(5)?,
    })
}

/// Fills in items, `length` and `itemCountWithRole` of several sequences with one query.
fn with_items(conn: &Connection, mut sequences: Vec<Sequence>) -> rusqlite::Result<Vec<Sequence>> {
    if sequences.is_empty() {
        return Ok(sequences);
    }
    let placeholders = vec!["?"; sequences.len()].join(",");
    let sql = format!(
        "SELECT sequence_id, id, role, ord FROM assets WHERE sequence_id IN ({placeholders})
         ORDER BY sequence_id, ord, role"
    );
    // Cached: a full page always has the same number of placeholders.
    let mut stmt = conn.prepare_cached(&sql)?;
    let index: HashMap<String, usize> = sequences
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.clone(), i))
        .collect();
    let mut rows = stmt.query(params_from_iter(sequences.iter().map(|s| s.id.as_str())))?;
    while let Some(row) = rows.next()? {
        let sequence_id: String = row.get(0)?;
        let Some(&i) = index.get(&sequence_id) else {
            continue;
        };
        let role = role_from_column(row.get(2)?);
        if let Some(role) = &role {
            *sequences[i]
                .item_count_with_role
                .entry(role.clone())
                .or_insert(0) += 1;
        }
        sequences[i].items.push(SequenceItem {
            asset_id: row.get(1)?,
            ord: row.get(3)?,
            role,
        });
    }
    for sequence in &mut sequences {
        sequence.length = sequence.items.len() as u64;
    }
    Ok(sequences)
}

/// One page of the project's sequences in `(createDate, id)` order.
pub fn page(
    conn: &Connection,
    project_id: &str,
    name: Option<&str>,
    cursor: &Cursor,
    limit: u32,
) -> rusqlite::Result<Page<Sequence>> {
    let name_clause = if name.is_some() {
        "AND name = ?2"
    } else {
        "AND ?2 IS NULL"
    };
    let fetch = i64::from(limit) + 1;
    let (mut rows, forward) = match cursor {
        Cursor::After(key) => {
            let bound = if key.is_some() {
                "AND (create_date, id) > (?3, ?4)"
            } else {
                ""
            };
            let sql = format!(
                "SELECT {FULL_COLUMNS} FROM sequences WHERE project_id = ?1 {name_clause} {bound}
                 ORDER BY create_date, id LIMIT ?5"
            );
            (
                query_page(conn, &sql, project_id, name, key.as_ref(), fetch)?,
                true,
            )
        }
        Cursor::Before(key) => {
            let bound = if key.is_some() {
                "AND (create_date, id) < (?3, ?4)"
            } else {
                ""
            };
            let sql = format!(
                "SELECT {FULL_COLUMNS} FROM sequences WHERE project_id = ?1 {name_clause} {bound}
                 ORDER BY create_date DESC, id DESC LIMIT ?5"
            );
            (
                query_page(conn, &sql, project_id, name, key.as_ref(), fetch)?,
                false,
            )
        }
    };
    let more_in_direction = rows.len() as i64 > i64::from(limit);
    rows.truncate(limit as usize);
    if !forward {
        rows.reverse();
    }
    let first = rows.first().map(key_of);
    let last = rows.last().map(key_of);
    let (has_next, has_prev) = match (forward, &first, &last) {
        (true, Some(first), _) => (
            more_in_direction,
            any_beyond(conn, project_id, name, first, false)?,
        ),
        (false, _, Some(last)) => (
            any_beyond(conn, project_id, name, last, true)?,
            more_in_direction,
        ),
        // An empty page: everything that exists lies on the side the cursor came from.
        (true, None, _) => (
            false,
            cursor != &Cursor::After(None) && any_at_all(conn, project_id, name)?,
        ),
        (false, _, None) => (
            cursor != &Cursor::Before(None) && any_at_all(conn, project_id, name)?,
            false,
        ),
    };
    let next_page = has_next.then(|| match &last {
        Some(last) => Cursor::After(Some(last.clone())).encode(),
        None => Cursor::After(None).encode(),
    });
    let prev_page = has_prev.then(|| match &first {
        Some(first) => Cursor::Before(Some(first.clone())).encode(),
        None => Cursor::Before(None).encode(),
    });
    Ok(Page {
        next_page,
        prev_page,
        data: with_items(conn, rows)?,
    })
}

fn key_of(sequence: &Sequence) -> Key {
    Key {
        create_date: sequence.create_date,
        id: sequence.id.clone(),
    }
}

fn query_page(
    conn: &Connection,
    sql: &str,
    project_id: &str,
    name: Option<&str>,
    key: Option<&Key>,
    fetch: i64,
) -> rusqlite::Result<Vec<Sequence>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(
        params![
            project_id,
            name,
            key.map(|k| k.create_date),
            key.map(|k| k.id.as_str()),
            fetch
        ],
        full_row,
    )?;
    rows.collect()
}

/// Whether any row lies after (`after == true`) or before the key.
fn any_beyond(
    conn: &Connection,
    project_id: &str,
    name: Option<&str>,
    key: &Key,
    after: bool,
) -> rusqlite::Result<bool> {
    let name_clause = if name.is_some() {
        "AND name = ?2"
    } else {
        "AND ?2 IS NULL"
    };
    let op = if after { ">" } else { "<" };
    let sql = format!(
        "SELECT 1 FROM sequences WHERE project_id = ?1 {name_clause}
         AND (create_date, id) {op} (?3, ?4) LIMIT 1"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    stmt.exists(params![project_id, name, key.create_date, key.id])
}

fn any_at_all(conn: &Connection, project_id: &str, name: Option<&str>) -> rusqlite::Result<bool> {
    let name_clause = if name.is_some() {
        "AND name = ?2"
    } else {
        "AND ?2 IS NULL"
    };
    let sql = format!("SELECT 1 FROM sequences WHERE project_id = ?1 {name_clause} LIMIT 1");
    let mut stmt = conn.prepare_cached(&sql)?;
    stmt.exists(params![project_id, name])
}
