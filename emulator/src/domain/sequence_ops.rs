//! Changes to whole sequences shared by the bulk engine and the single-sequence endpoints:
//! patch (rename, replace attributes) and remove, plus `updateDate` bookkeeping.

use crate::domain::attributes;
use crate::store::sequences::{self, SequenceHead};
use nexus_wire::{SequencePatch, ATTRIBUTE_BYTES_TOTAL};
use rusqlite::Connection;
use std::collections::HashSet;

/// Why a patch was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PatchRejection {
    /// Another sequence of the project has the new name.
    RenameWouldDuplicate,
    /// The new attributes use more than [`ATTRIBUTE_BYTES_TOTAL`] bytes.
    AttributesTooLarge {
        /// Bytes the new map would use.
        bytes: u64,
    },
}

/// The sequences one request changed, so each gets one new `updateDate` at the end.
pub struct ChangeSet {
    now: i64,
    created: HashSet<String>,
    touched: HashSet<String>,
}

impl ChangeSet {
    /// An empty set for a request running at `now` (Unix ms).
    pub fn new(now: i64) -> Self {
        ChangeSet {
            now,
            created: HashSet::new(),
            touched: HashSet::new(),
        }
    }

    /// The request's timestamp.
    pub fn now(&self) -> i64 {
        self.now
    }

    /// A sequence created by this request (its dates are already `now`).
    pub fn created(&mut self, id: &str) {
        self.created.insert(id.to_string());
    }

    /// A sequence, or one of its items, changed.
    pub fn touched(&mut self, id: &str) {
        if !self.created.contains(id) && !self.touched.contains(id) {
            self.touched.insert(id.to_string());
        }
    }

    /// Writes the new `updateDate` of every touched sequence.
    pub fn write_dates(self, conn: &Connection) -> rusqlite::Result<()> {
        for id in &self.touched {
            sequences::touch(conn, id, self.now)?;
        }
        Ok(())
    }
}

/// Checks a patch against the project and applies it, or says why not (changing nothing).
pub fn patch(
    conn: &Connection,
    project_id: &str,
    target: &SequenceHead,
    patch: &SequencePatch,
    changes: &mut ChangeSet,
) -> rusqlite::Result<Result<(), PatchRejection>> {
    let rename = patch.name.as_deref().filter(|name| *name != target.name);
    if let Some(name) = rename {
        if sequences::head_by_name(conn, project_id, name)?.is_some() {
            return Ok(Err(PatchRejection::RenameWouldDuplicate));
        }
    }
    if let Some(attributes) = &patch.attributes {
        let bytes = attributes::bytes_used(attributes);
        if bytes > ATTRIBUTE_BYTES_TOTAL {
            return Ok(Err(PatchRejection::AttributesTooLarge { bytes }));
        }
    }
    if let Some(name) = rename {
        sequences::set_name(conn, &target.id, name)?;
    }
    if let Some(attributes) = &patch.attributes {
        sequences::set_attributes(conn, &target.id, attributes)?;
    }
    if rename.is_some() || patch.attributes.is_some() {
        changes.touched(&target.id);
    }
    Ok(Ok(()))
}

/// Deletes a sequence; its assets survive, unlinked.
pub fn remove(conn: &Connection, target: &SequenceHead) -> rusqlite::Result<()> {
    sequences::delete(conn, &target.id)
}
