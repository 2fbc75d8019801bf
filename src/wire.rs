//! The wire shapes of the Nexus Sequences API (contract sections 2 and 3).
//!
//! Requests are typed values written as JSON by [`crate::encode`]. Responses are only *checked*, against the
//! static [`Shape`]s below (see [`crate::json`]); the objects handed to JavaScript come from
//! `JSON.parse` (see [`crate::decode`]). Every documented field is required with its type;
//! unknown extra fields are allowed, so the API may grow.

use crate::encode::{ObjectWriter, ToJson};
use crate::json::Shape;

// ---------------------------------------------------------------------------------------------
// Requests

/// Body of `PATCH /projects/{projectId}/sequences/{sequenceId}`; `None` sends `null`
/// ("leave unchanged"). Both keys are always sent, as the Python SDK does.
#[derive(Clone, Debug, PartialEq)]
pub struct SequencePatch {
    /// The new name.
    pub name: Option<String>,
    /// The whole new attribute map.
    pub attributes: Option<Attributes>,
}

/// An attribute map, kept in the caller's key order.
#[derive(Clone, Debug, PartialEq)]
pub struct Attributes(pub Vec<(String, String)>);

/// Body of `POST /projects/{projectId}/sequencesBulkUpdates`.
#[derive(Clone, Debug, PartialEq)]
pub struct BulkUpdateRequest {
    /// The actions, applied in order.
    pub actions: Vec<Action>,
    /// What a failing action does to the others.
    pub abort_mode: AbortMode,
}

/// `abortMode` of a bulk update.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AbortMode {
    /// Every action stands alone.
    #[default]
    None,
    /// All or nothing.
    AbortOnAnyFailed,
}

/// One bulk action, serialized with its `kind` tag.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Link an asset into a sequence, or unlink it.
    Link {
        /// The asset.
        asset: AssetRef,
        /// Where it goes.
        sequence: LinkTarget,
    },
    /// Rename a sequence and/or replace its attributes.
    PatchSequence {
        /// The sequence.
        sequence: SequenceRef,
        /// The change.
        patch: SequencePatch,
    },
    /// Delete a sequence.
    RemoveSequence {
        /// The sequence.
        sequence: SequenceRef,
    },
}

/// How a Link action names its asset.
#[derive(Clone, Debug, PartialEq)]
pub enum AssetRef {
    /// `assetId`.
    Id(String),
    /// `assetFilename`.
    Filename(String),
}

/// How a PatchSequence or RemoveSequence action names its sequence.
#[derive(Clone, Debug, PartialEq)]
pub enum SequenceRef {
    /// `sequenceId`.
    Id(String),
    /// `sequenceName`.
    Name(String),
}

/// The `sequence` of a Link action.
#[derive(Clone, Debug, PartialEq)]
pub enum LinkTarget {
    /// `"Unset"`: unlink the asset from its sequence.
    Unset,
    /// Link into this sequence (created when it does not exist).
    Sequence(SequenceLink),
}

/// Where a Link action puts its asset.
#[derive(Clone, Debug, PartialEq)]
pub struct SequenceLink {
    /// The sequence name.
    pub name: String,
    /// What happens to an asset already in the slot.
    pub merge: MergeMode,
    /// The slot's ord; `None` takes the next free one.
    pub ord: Option<u32>,
    /// The slot's role.
    pub role: Option<String>,
}

/// `merge` of a SequenceLink.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum MergeMode {
    /// Take the slot, unlinking its asset.
    #[default]
    ReplaceExistingEntry,
    /// Fail the action if the slot is taken.
    RejectSequenceOperation,
}

impl ToJson for SequencePatch {
    fn write_json(&self, out: &mut String) {
        let mut object = ObjectWriter::begin(out);
        object
            .entry("name", &self.name)
            .entry("attributes", &self.attributes);
        object.end();
    }
}

impl ToJson for Attributes {
    fn write_json(&self, out: &mut String) {
        let mut object = ObjectWriter::begin(out);
        for (key, value) in &self.0 {
            object.entry(key, value);
        }
        object.end();
    }
}

impl ToJson for BulkUpdateRequest {
    fn write_json(&self, out: &mut String) {
        let mut object = ObjectWriter::begin(out);
        object
            .entry("actions", &self.actions[..])
            .entry("abortMode", self.abort_mode.as_str());
        object.end();
    }
}

impl AbortMode {
    /// The wire name.
    fn as_str(self) -> &'static str {
        match self {
            AbortMode::None => "None",
            AbortMode::AbortOnAnyFailed => "AbortOnAnyFailed",
        }
    }
}

impl MergeMode {
    /// The wire name.
    fn as_str(self) -> &'static str {
        match self {
            MergeMode::ReplaceExistingEntry => "ReplaceExistingEntry",
            MergeMode::RejectSequenceOperation => "RejectSequenceOperation",
        }
    }
}

impl ToJson for Action {
    fn write_json(&self, out: &mut String) {
        let mut object = ObjectWriter::begin(out);
        match self {
            Action::Link { asset, sequence } => {
                object.entry("kind", "Link");
                match asset {
                    AssetRef::Id(id) => object.entry("assetId", id),
                    AssetRef::Filename(name) => object.entry("assetFilename", name),
                };
                object.entry("sequence", sequence);
            }
            Action::PatchSequence { sequence, patch } => {
                object.entry("kind", "PatchSequence");
                sequence.write_entry(&mut object);
                object.entry("patch", patch);
            }
            Action::RemoveSequence { sequence } => {
                object.entry("kind", "RemoveSequence");
                sequence.write_entry(&mut object);
            }
        }
        object.end();
    }
}

impl SequenceRef {
    /// Writes the `sequenceId` or `sequenceName` member.
    fn write_entry(&self, object: &mut ObjectWriter<'_>) {
        match self {
            SequenceRef::Id(id) => object.entry("sequenceId", id),
            SequenceRef::Name(name) => object.entry("sequenceName", name),
        };
    }
}

impl ToJson for LinkTarget {
    fn write_json(&self, out: &mut String) {
        match self {
            LinkTarget::Unset => "Unset".write_json(out),
            LinkTarget::Sequence(link) => {
                let mut object = ObjectWriter::begin(out);
                object
                    .entry("name", &link.name)
                    .entry("merge", link.merge.as_str())
                    .entry("ord", &link.ord)
                    .entry("role", &link.role);
                object.end();
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Responses: the shapes every 2xx body must have

/// Largest integer JavaScript represents exactly.
const SAFE: u64 = 1 << 53;

/// One item of a Sequence.
pub static SEQUENCE_ITEM: Shape = Shape::Object(&[
    ("assetId", Shape::Str),
    ("ord", Shape::Uint(u32::MAX as u64)),
    ("role", Shape::NullableStr),
]);

/// A Sequence.
pub static SEQUENCE: Shape = Shape::Object(&[
    ("id", Shape::Str),
    ("name", Shape::Str),
    ("length", Shape::Uint(SAFE)),
    ("projectId", Shape::Str),
    ("items", Shape::Array(&SEQUENCE_ITEM)),
    ("itemCountWithRole", Shape::Map(&Shape::Uint(SAFE))),
    (
        "attributes",
        Shape::Object(&[
            ("bytesUsed", Shape::Uint(SAFE)),
            ("bytesTotal", Shape::Uint(SAFE)),
            ("items", Shape::Map(&Shape::Str)),
        ]),
    ),
    ("createDate", Shape::Int),
    ("updateDate", Shape::Int),
]);

/// A page of sequences.
pub static SEQUENCE_PAGE: Shape = Shape::Object(&[
    ("nextPage", Shape::NullableStr),
    ("prevPage", Shape::NullableStr),
    ("data", Shape::Array(&SEQUENCE)),
]);

/// The answer to a delete: `{"deleted": true, "id": "seq_..."}`.
pub static DELETED: Shape = Shape::Object(&[("deleted", Shape::Bool), ("id", Shape::Str)]);

/// The twelve per-action results of a bulk update, and no others.
pub static BULK_UPDATE_RESULTS: [&str; 12] = [
    "Ok",
    "Failed",
    "FailedLinkAssetAlreadyProcessed",
    "FailedLinkAssetNotFound",
    "FailedLinkWouldOverwriteExistingItem",
    "FailedLinkSequenceWouldExceedMaximumItemCount",
    "FailedPatchSequenceSequenceNotFound",
    "FailedPatchSequenceAttributeSizeWouldExceedLimit",
    "FailedPatchSequenceRenameWouldDuplicate",
    "FailedPatchSequenceSequenceAlreadyProcessed",
    "FailedRemoveSequenceSequenceNotFound",
    "FailedRemoveSequenceSequenceAlreadyProcessed",
];

/// The answer to a bulk update: one result per action.
pub static BULK_UPDATE_RESPONSE: Shape =
    Shape::Object(&[("actions", Shape::Array(&Shape::OneOf(&BULK_UPDATE_RESULTS)))]);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encode::to_json;

    #[test]
    fn patch_always_sends_both_keys() {
        let patch = SequencePatch {
            name: None,
            attributes: None,
        };
        assert_eq!(to_json(&patch), r#"{"name":null,"attributes":null}"#);
        let patch = SequencePatch {
            name: Some("B".into()),
            attributes: Some(Attributes(vec![
                ("z".into(), "1".into()),
                ("a".into(), "2".into()),
            ])),
        };
        assert_eq!(
            to_json(&patch),
            r#"{"name":"B","attributes":{"z":"1","a":"2"}}"#
        );
    }

    #[test]
    fn actions_serialize_as_the_contract_shows() {
        let request = BulkUpdateRequest {
            actions: vec![
                Action::Link {
                    asset: AssetRef::Id("asset_1".into()),
                    sequence: LinkTarget::Sequence(SequenceLink {
                        name: "Patient A".into(),
                        merge: MergeMode::ReplaceExistingEntry,
                        ord: Some(1),
                        role: Some("Sagittal".into()),
                    }),
                },
                Action::Link {
                    asset: AssetRef::Filename("image_1.jpg".into()),
                    sequence: LinkTarget::Sequence(SequenceLink {
                        name: "Patient A".into(),
                        merge: MergeMode::RejectSequenceOperation,
                        ord: None,
                        role: None,
                    }),
                },
                Action::Link {
                    asset: AssetRef::Id("asset_2".into()),
                    sequence: LinkTarget::Unset,
                },
                Action::PatchSequence {
                    sequence: SequenceRef::Id("seq_1".into()),
                    patch: SequencePatch {
                        name: Some("B".into()),
                        attributes: None,
                    },
                },
                Action::RemoveSequence {
                    sequence: SequenceRef::Name("Patient A".into()),
                },
            ],
            abort_mode: AbortMode::AbortOnAnyFailed,
        };
        let expected = serde_json::json!({
            "actions": [
                {"kind": "Link", "assetId": "asset_1", "sequence": {"name": "Patient A", "merge": "ReplaceExistingEntry", "ord": 1, "role": "Sagittal"}},
                {"kind": "Link", "assetFilename": "image_1.jpg", "sequence": {"name": "Patient A", "merge": "RejectSequenceOperation", "ord": null, "role": null}},
                {"kind": "Link", "assetId": "asset_2", "sequence": "Unset"},
                {"kind": "PatchSequence", "sequenceId": "seq_1", "patch": {"name": "B", "attributes": null}},
                {"kind": "RemoveSequence", "sequenceName": "Patient A"}
            ],
            "abortMode": "AbortOnAnyFailed"
        });
        let actual: serde_json::Value = serde_json::from_str(&to_json(&request)).unwrap();
        assert_eq!(actual, expected);
    }
}
