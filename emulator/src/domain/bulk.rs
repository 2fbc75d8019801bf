//! The bulk-update engine: runs a request's actions in order inside the caller's transaction,
//! each seeing the effects of the ones before, and returns one result per action.
//!
//! Every action checks before it writes, so a failing action has changed nothing and `None`
//! mode needs no per-action rollback. For `AbortOnAnyFailed` the caller rolls the whole
//! transaction back when any action failed (not a savepoint: SQLite makes every statement
//! under an open savepoint several times slower).

use crate::domain::sequence_ops::{self, ChangeSet, PatchRejection};
use crate::store::assets::{self, AssetRow};
use crate::store::sequences::{self, SequenceHead};
use nexus_wire::{
    Action, AssetRef, BulkUpdateRequest, LinkTarget, SequenceBulkUpdateAbortMode,
    SequenceBulkUpdateResult as BulkResult, SequenceLink, SequenceMergeMode, SequenceRef, MAX_ORD,
};
use rusqlite::Connection;
use std::collections::HashSet;

/// The results of a run and whether its changes stand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// One result per action, in request order.
    pub results: Vec<BulkResult>,
    /// `false` when `AbortOnAnyFailed` saw a failure: the caller must roll back.
    pub keep: bool,
}

/// Runs a bulk request against the project inside the caller's transaction. An `Err` means
/// the database failed; the caller must then roll back too.
pub fn apply(
    conn: &Connection,
    project_id: &str,
    request: &BulkUpdateRequest,
    max_items_per_sequence: i64,
    now: i64,
) -> rusqlite::Result<Outcome> {
    let mut run = Run {
        conn,
        project_id,
        max_items: max_items_per_sequence,
        changes: ChangeSet::new(now),
        ledger: Ledger::default(),
    };
    let mut results = Vec::with_capacity(request.actions.len());
    for action in &request.actions {
        results.push(run.action(action)?);
    }
    let any_failed = results.iter().any(|r| *r != BulkResult::Ok);
    if request.abort_mode == SequenceBulkUpdateAbortMode::AbortOnAnyFailed && any_failed {
        for result in &mut results {
            if *result == BulkResult::Ok {
                *result = BulkResult::Failed;
            }
        }
        return Ok(Outcome {
            results,
            keep: false,
        });
    }
    run.changes.write_dates(conn)?;
    Ok(Outcome {
        results,
        keep: true,
    })
}

/// What earlier actions of the request already did.
#[derive(Default)]
struct Ledger {
    /// Assets moved by a successful Link.
    assets: HashSet<String>,
    /// Sequences patched or removed.
    sequence_ids: HashSet<String>,
    /// Names those sequences had before and after.
    sequence_names: HashSet<String>,
}

/// A sequence reference resolved against the database and the ledger.
enum Resolved {
    Found(SequenceHead),
    NotFound,
    AlreadyProcessed,
}

struct Run<'a> {
    conn: &'a Connection,
    project_id: &'a str,
    max_items: i64,
    changes: ChangeSet,
    ledger: Ledger,
}

impl Run<'_> {
    fn action(&mut self, action: &Action) -> rusqlite::Result<BulkResult> {
        match action {
            Action::Link { asset, sequence } => self.link(asset, sequence),
            Action::PatchSequence { sequence, patch } => match self.resolve(sequence)? {
                Resolved::NotFound => Ok(BulkResult::FailedPatchSequenceSequenceNotFound),
                Resolved::AlreadyProcessed => {
                    Ok(BulkResult::FailedPatchSequenceSequenceAlreadyProcessed)
                }
                Resolved::Found(head) => {
                    let outcome = sequence_ops::patch(
                        self.conn,
                        self.project_id,
                        &head,
                        patch,
                        &mut self.changes,
                    )?;
                    Ok(match outcome {
                        Err(PatchRejection::RenameWouldDuplicate) => {
                            BulkResult::FailedPatchSequenceRenameWouldDuplicate
                        }
                        Err(PatchRejection::AttributesTooLarge { .. }) => {
                            BulkResult::FailedPatchSequenceAttributeSizeWouldExceedLimit
                        }
                        Ok(()) => {
                            if let Some(name) = &patch.name {
                                self.ledger.sequence_names.insert(name.clone());
                            }
                            self.processed(head);
                            BulkResult::Ok
                        }
                    })
                }
            },
            Action::RemoveSequence { sequence } => match self.resolve(sequence)? {
                Resolved::NotFound => Ok(BulkResult::FailedRemoveSequenceSequenceNotFound),
                Resolved::AlreadyProcessed => {
                    Ok(BulkResult::FailedRemoveSequenceSequenceAlreadyProcessed)
                }
                Resolved::Found(head) => {
                    sequence_ops::remove(self.conn, &head)?;
                    self.processed(head);
                    Ok(BulkResult::Ok)
                }
            },
        }
    }

    fn processed(&mut self, head: SequenceHead) {
        self.ledger.sequence_ids.insert(head.id);
        self.ledger.sequence_names.insert(head.name);
    }

    /// The sequence a reference names now; a name that no longer resolves but belonged to a
    /// sequence this request patched or removed counts as already processed.
    fn resolve(&self, reference: &SequenceRef) -> rusqlite::Result<Resolved> {
        let (head, seen_before) = match reference {
            SequenceRef::Id(id) => (
                sequences::head_by_id(self.conn, self.project_id, id)?,
                self.ledger.sequence_ids.contains(id),
            ),
            SequenceRef::Name(name) => (
                sequences::head_by_name(self.conn, self.project_id, name)?,
                self.ledger.sequence_names.contains(name),
            ),
        };
        Ok(match head {
            Some(head) if self.ledger.sequence_ids.contains(&head.id) => Resolved::AlreadyProcessed,
            Some(head) => Resolved::Found(head),
            None if seen_before => Resolved::AlreadyProcessed,
            None => Resolved::NotFound,
        })
    }

    fn link(&mut self, asset: &AssetRef, target: &LinkTarget) -> rusqlite::Result<BulkResult> {
        let found = match asset {
            AssetRef::Id(id) => assets::by_id(self.conn, self.project_id, id)?,
            AssetRef::Filename(name) => assets::by_filename(self.conn, self.project_id, name)?,
        };
        let Some(asset) = found else {
            return Ok(BulkResult::FailedLinkAssetNotFound);
        };
        if self.ledger.assets.contains(&asset.id) {
            return Ok(BulkResult::FailedLinkAssetAlreadyProcessed);
        }
        let result = match target {
            LinkTarget::Unset => self.unset(&asset)?,
            LinkTarget::Sequence(link) => self.link_into(&asset, link)?,
        };
        if result == BulkResult::Ok {
            self.ledger.assets.insert(asset.id);
        }
        Ok(result)
    }

    fn unset(&mut self, asset: &AssetRow) -> rusqlite::Result<BulkResult> {
        if let Some(old) = &asset.sequence_id {
            assets::unlink(self.conn, &asset.id)?;
            sequences::add_items(self.conn, old, -1)?;
            self.changes.touched(old);
        }
        Ok(BulkResult::Ok)
    }

    fn link_into(&mut self, asset: &AssetRow, link: &SequenceLink) -> rusqlite::Result<BulkResult> {
        let conn = self.conn;
        let role = link.role.as_deref();
        let existing = sequences::head_by_name(conn, self.project_id, &link.name)?;
        let target_id = existing.as_ref().map(|h| h.id.as_str());
        let item_count = existing.as_ref().map_or(0, |h| h.item_count);
        let already_member = target_id.is_some() && asset.sequence_id.as_deref() == target_id;

        let (ord, holder) = match (link.ord.map(i64::from), target_id) {
            (Some(ord), Some(target)) => {
                let holder =
                    assets::slot_holder(conn, target, role, ord)?.filter(|h| *h != asset.id);
                (ord, holder)
            }
            (Some(ord), None) => (ord, None),
            // The next free ord is past every other item of the role, so nobody holds it.
            (None, Some(target)) => match assets::max_ord_except(conn, target, role, &asset.id)? {
                Some(max) if max >= i64::from(MAX_ORD) => return Ok(BulkResult::Failed),
                Some(max) => (max + 1, None),
                None => (0, None),
            },
            (None, None) => (0, None),
        };
        if already_member && asset.role.as_deref() == role && asset.ord == Some(ord) {
            return Ok(BulkResult::Ok);
        }
        if holder.is_some() && link.merge == SequenceMergeMode::RejectSequenceOperation {
            return Ok(BulkResult::FailedLinkWouldOverwriteExistingItem);
        }
        let delta = i64::from(!already_member) - i64::from(holder.is_some());
        if item_count + delta > self.max_items {
            return Ok(BulkResult::FailedLinkSequenceWouldExceedMaximumItemCount);
        }

        let target = match existing {
            Some(head) => head.id,
            None => {
                let head =
                    sequences::insert(conn, self.project_id, &link.name, self.changes.now())?;
                self.changes.created(&head.id);
                head.id
            }
        };
        if let Some(holder) = &holder {
            assets::unlink(conn, holder)?;
        }
        if let Some(old) = asset.sequence_id.as_deref().filter(|old| *old != target) {
            sequences::add_items(conn, old, -1)?;
            self.changes.touched(old);
        }
        assets::place(conn, &asset.id, &target, role, ord)?;
        if delta != 0 {
            sequences::add_items(conn, &target, delta)?;
        }
        self.changes.touched(&target);
        Ok(BulkResult::Ok)
    }
}
