//! `--seed demo`: a ready-made project to try the SDK against.

use crate::domain::bulk;
use crate::error::ApiError;
use crate::store::{assets, now_ms, projects, Store};
use nexus_wire::{
    Action, AssetRef, BulkUpdateRequest, LinkTarget, SequenceBulkUpdateAbortMode, SequenceLink,
    SequenceMergeMode, SequencePatch, SequenceRef,
};
use rusqlite::TransactionBehavior;
use std::collections::BTreeMap;

/// Fixed id of the demo project.
pub const DEMO_PROJECT_ID: &str = "proj_demo0000000000000000000000000000";
/// Fixed secret key of the demo project.
pub const DEMO_SECRET_KEY: &str = "demo-secret-key-0000000000000000";
/// Assets `image_0.jpg` .. `image_299.jpg`.
const DEMO_ASSETS: usize = 300;

/// What the demo seed made available.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoProject {
    /// Project id.
    pub project_id: String,
    /// Its secret key.
    pub secret_key: String,
}

/// Creates the demo project unless it already exists.
pub async fn demo(store: &Store) -> Result<DemoProject, ApiError> {
    store
        .write(|conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            if !projects::exists(&tx, DEMO_PROJECT_ID)? {
                let workspace = match projects::workspace_of_key(&tx, DEMO_SECRET_KEY)? {
                    Some(workspace) => workspace,
                    None => {
                        projects::insert_key(&tx, DEMO_SECRET_KEY, "ws_demo")?;
                        "ws_demo".to_string()
                    }
                };
                let now = now_ms();
                projects::insert(&tx, DEMO_PROJECT_ID, &workspace, now)?;
                for i in 0..DEMO_ASSETS {
                    assets::insert(
                        &tx,
                        DEMO_PROJECT_ID,
                        &assets::new_id(),
                        &format!("image_{i}.jpg"),
                    )?;
                }
                let outcome = bulk::apply(&tx, DEMO_PROJECT_ID, &demo_actions(), i64::MAX, now)?;
                if !outcome.keep {
                    return Err(ApiError::internal(format!(
                        "demo seed failed: {:?}",
                        outcome.results
                    )));
                }
            }
            tx.commit()?;
            Ok(DemoProject {
                project_id: DEMO_PROJECT_ID.to_string(),
                secret_key: DEMO_SECRET_KEY.to_string(),
            })
        })
        .await
}

/// Six patients, scans of three orientations plus untagged frames, and a few attributes.
fn demo_actions() -> BulkUpdateRequest {
    const PATIENTS: [(&str, &str, &str); 6] = [
        ("Patient A", "34", "knee"),
        ("Patient B", "51", "shoulder"),
        ("Patient C", "27", "spine"),
        ("Patient D", "63", "hip"),
        ("Patient E", "45", "ankle"),
        ("Patient F", "38", "wrist"),
    ];
    const ROLES: [Option<&str>; 4] = [Some("Sagittal"), Some("Axial"), Some("Coronal"), None];
    let mut actions = Vec::new();
    let mut image = 0;
    for (p, (name, age, region)) in PATIENTS.iter().enumerate() {
        for frame in 0..(8 + 2 * p) {
            actions.push(Action::Link {
                asset: AssetRef::Filename(format!("image_{image}.jpg")),
                sequence: LinkTarget::Sequence(SequenceLink {
                    name: name.to_string(),
                    merge: SequenceMergeMode::ReplaceExistingEntry,
                    ord: None,
                    role: ROLES[frame % ROLES.len()].map(str::to_string),
                }),
            });
            image += 1;
        }
        actions.push(Action::PatchSequence {
            sequence: SequenceRef::Name(name.to_string()),
            patch: SequencePatch {
                name: None,
                attributes: Some(BTreeMap::from([
                    ("age".to_string(), age.to_string()),
                    ("region".to_string(), region.to_string()),
                ])),
            },
        });
    }
    BulkUpdateRequest {
        actions,
        abort_mode: SequenceBulkUpdateAbortMode::AbortOnAnyFailed,
    }
}
