//! Every row of the state at once, as a [`Fixture`]: read in the canonical order (keys,
//! projects and assets by id; sequences in list order; items by ord, then role), written as
//! given. Idempotency records are not state a fixture keeps.

use super::assets::{role_column, role_from_column};
use crate::fixture::{
    Fixture, FixtureAsset, FixtureItem, FixtureKey, FixtureProject, FixtureSequence, FORMAT_VERSION,
};
use rusqlite::{params, Connection};
use std::collections::BTreeMap;

/// The whole state, read in one transaction so that a write beside it cannot tear it.
pub fn read(conn: &Connection) -> rusqlite::Result<Fixture> {
    let tx = conn.unchecked_transaction()?;
    let conn = &*tx;
    let secret_keys = conn
        .prepare("SELECT secret_key, workspace_id FROM secret_keys ORDER BY secret_key")?
        .query_map([], |row| {
            Ok(FixtureKey {
                secret_key: row.get(0)?,
                workspace_id: row.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let heads: Vec<(String, String, i64)> = conn
        .prepare("SELECT id, workspace_id, create_date FROM projects ORDER BY id")?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut projects = Vec::with_capacity(heads.len());
    for (project_id, workspace_id, create_date) in heads {
        projects.push(FixtureProject {
            assets: read_assets(conn, &project_id)?,
            sequences: read_sequences(conn, &project_id)?,
            project_id,
            workspace_id,
            create_date,
        });
    }
    Ok(Fixture {
        version: FORMAT_VERSION,
        secret_keys,
        projects,
    })
}

fn read_assets(conn: &Connection, project_id: &str) -> rusqlite::Result<Vec<FixtureAsset>> {
    conn.prepare_cached("SELECT id, filename FROM assets WHERE project_id = ?1 ORDER BY id")?
        .query_map([project_id], |row| {
            Ok(FixtureAsset {
                asset_id: row.get(0)?,
                filename: row.get(1)?,
            })
        })?
        .collect()
}

fn read_sequences(conn: &Connection, project_id: &str) -> rusqlite::Result<Vec<FixtureSequence>> {
    let mut sequences: Vec<FixtureSequence> = conn
        .prepare_cached(
            "SELECT id, name, attributes, create_date, update_date FROM sequences
             WHERE project_id = ?1 ORDER BY create_date, id",
        )?
        .query_map([project_id], |row| {
            let attributes: String = row.get(2)?;
            let attributes: BTreeMap<String, String> =
                serde_json::from_str(&attributes).map_err(|e| {
                    rusqlite::Error::FromSqlConversionFailure(
                        2,
                        rusqlite::types::Type::Text,
                        Box::new(e),
                    )
                })?;
            Ok(FixtureSequence {
                sequence_id: row.get(0)?,
                name: row.get(1)?,
                attributes,
                create_date: row.get(3)?,
                update_date: row.get(4)?,
                items: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut items = conn.prepare_cached(
        "SELECT id, role, ord FROM assets WHERE sequence_id = ?1 ORDER BY ord, role",
    )?;
    for sequence in &mut sequences {
        sequence.items = items
            .query_map([&sequence.sequence_id], |row| {
                Ok(FixtureItem {
                    asset_id: row.get(0)?,
                    role: role_from_column(row.get(1)?),
                    ord: row.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
    }
    Ok(sequences)
}

/// Inserts every row of a checked fixture into an empty state.
pub fn write(conn: &Connection, fixture: &Fixture) -> rusqlite::Result<()> {
    for key in &fixture.secret_keys {
        super::projects::insert_key(conn, &key.secret_key, &key.workspace_id)?;
    }
    for project in &fixture.projects {
        let id = &project.project_id;
        super::projects::insert(conn, id, &project.workspace_id, project.create_date)?;
        for asset in &project.assets {
            super::assets::insert(conn, id, &asset.asset_id, &asset.filename)?;
        }
        for sequence in &project.sequences {
            write_sequence(conn, id, sequence)?;
        }
    }
    Ok(())
}

fn write_sequence(
    conn: &Connection,
    project_id: &str,
    sequence: &FixtureSequence,
) -> rusqlite::Result<()> {
    let attributes = serde_json::to_string(&sequence.attributes)
        .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
    conn.prepare_cached(
        "INSERT INTO sequences (id, project_id, name, attributes, item_count, create_date,
                                update_date)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        sequence.sequence_id,
        project_id,
        sequence.name,
        attributes,
        sequence.items.len() as i64,
        sequence.create_date,
        sequence.update_date
    ])?;
    let mut place = conn
        .prepare_cached("UPDATE assets SET sequence_id = ?2, role = ?3, ord = ?4 WHERE id = ?1")?;
    for item in &sequence.items {
        place.execute(params![
            item.asset_id,
            sequence.sequence_id,
            role_column(item.role.as_deref()),
            item.ord
        ])?;
    }
    Ok(())
}
