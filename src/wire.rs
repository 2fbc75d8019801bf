//! The wire shapes of the Nexus Sequences API (contract sections 2 and 3).
//!
//! Requests are typed values serialized with serde. Responses are only *validated* here: the
//! response types hold nothing but what the SDK itself needs (the next-page cursor), so checking
//! a page allocates nothing per field; the objects handed to JavaScript come from `JSON.parse`
//! (see [`crate::decode`]). Every documented field is required with its type; unknown extra
//! fields are allowed, so the API may grow.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

// ---------------------------------------------------------------------------------------------
// Requests

/// Body of `PATCH /projects/{projectId}/sequences/{sequenceId}`; `None` sends `null`
/// ("leave unchanged"). Both keys are always sent, as the Python SDK does.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SequencePatch {
    /// The new name.
    pub name: Option<String>,
    /// The whole new attribute map.
    pub attributes: Option<Attributes>,
}

/// An attribute map, kept in the caller's key order.
#[derive(Clone, Debug, PartialEq)]
pub struct Attributes(pub Vec<(String, String)>);

impl Serialize for Attributes {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

/// Body of `POST /projects/{projectId}/sequencesBulkUpdates`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BulkUpdateRequest {
    /// The actions, applied in order.
    pub actions: Vec<Action>,
    /// What a failing action does to the others.
    pub abort_mode: AbortMode,
}

/// `abortMode` of a bulk update.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
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
#[derive(Clone, Debug, PartialEq, Serialize)]
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
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub enum MergeMode {
    /// Take the slot, unlinking its asset.
    #[default]
    ReplaceExistingEntry,
    /// Fail the action if the slot is taken.
    RejectSequenceOperation,
}

impl Serialize for LinkTarget {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            LinkTarget::Unset => serializer.serialize_str("Unset"),
            LinkTarget::Sequence(link) => link.serialize(serializer),
        }
    }
}

impl Serialize for Action {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        match self {
            Action::Link { asset, sequence } => {
                map.serialize_entry("kind", "Link")?;
                match asset {
                    AssetRef::Id(id) => map.serialize_entry("assetId", id)?,
                    AssetRef::Filename(name) => map.serialize_entry("assetFilename", name)?,
                }
                map.serialize_entry("sequence", sequence)?;
            }
            Action::PatchSequence { sequence, patch } => {
                map.serialize_entry("kind", "PatchSequence")?;
                serialize_sequence_ref(&mut map, sequence)?;
                map.serialize_entry("patch", patch)?;
            }
            Action::RemoveSequence { sequence } => {
                map.serialize_entry("kind", "RemoveSequence")?;
                serialize_sequence_ref(&mut map, sequence)?;
            }
        }
        map.end()
    }
}

fn serialize_sequence_ref<M: SerializeMap>(
    map: &mut M,
    sequence: &SequenceRef,
) -> Result<(), M::Error> {
    match sequence {
        SequenceRef::Id(id) => map.serialize_entry("sequenceId", id),
        SequenceRef::Name(name) => map.serialize_entry("sequenceName", name),
    }
}

// ---------------------------------------------------------------------------------------------
// Responses (validation only)

/// A JSON string, checked and dropped (escaped strings go through serde_json's scratch buffer,
/// so nothing is allocated).
pub struct Str;

impl<'de> Deserialize<'de> for Str {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct StrVisitor;
        impl Visitor<'_> for StrVisitor {
            type Value = Str;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Str, E> {
                Ok(Str)
            }
        }
        deserializer.deserialize_str(StrVisitor)
    }
}

/// A JSON array whose every element is a valid `T`, checked and dropped.
pub struct Each<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Each<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EachVisitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for EachVisitor<T> {
            type Value = Each<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an array")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Each<T>, A::Error> {
                while seq.next_element::<T>()?.is_some() {}
                Ok(Each(PhantomData))
            }
        }
        deserializer.deserialize_seq(EachVisitor(PhantomData))
    }
}

/// A JSON object with string keys whose every value is a valid `T`, checked and dropped.
pub struct MapOf<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for MapOf<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MapVisitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for MapVisitor<T> {
            type Value = MapOf<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<MapOf<T>, A::Error> {
                while map.next_entry::<IgnoredAny, T>()?.is_some() {}
                Ok(MapOf(PhantomData))
            }
        }
        deserializer.deserialize_map(MapVisitor(PhantomData))
    }
}

/// A value that may be `null` but must be present (serde would default a missing `Option`).
fn nullable<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    Option::deserialize(deserializer)
}

/// A Sequence.
#[allow(dead_code)] // fields are validated, never read
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Sequence {
    id: Str,
    name: Str,
    length: u64,
    project_id: Str,
    items: Each<SequenceItem>,
    item_count_with_role: MapOf<u64>,
    attributes: SequenceAttributes,
    create_date: i64,
    update_date: i64,
}

/// One item of a Sequence.
#[allow(dead_code)] // fields are validated, never read
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SequenceItem {
    asset_id: Str,
    ord: u32,
    #[serde(deserialize_with = "nullable")]
    role: Option<Str>,
}

/// The `attributes` of a Sequence.
#[allow(dead_code)] // fields are validated, never read
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SequenceAttributes {
    bytes_used: u64,
    bytes_total: u64,
    items: MapOf<Str>,
}

/// A page of sequences; keeps the cursor the iterator follows.
#[allow(dead_code)] // fields are validated, never read
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SequencePage {
    /// The cursor of the next page, `None` on the last page.
    #[serde(deserialize_with = "nullable")]
    pub next_page: Option<String>,
    #[serde(deserialize_with = "nullable")]
    prev_page: Option<Str>,
    data: Each<Sequence>,
}

/// The answer to a delete: `{"deleted": true, "id": "seq_..."}`.
#[allow(dead_code)] // fields are validated, never read
#[derive(Deserialize)]
pub struct Deleted {
    deleted: bool,
    id: Str,
}

/// The answer to a bulk update: one result per action.
#[allow(dead_code)] // fields are validated, never read
#[derive(Deserialize)]
pub struct BulkUpdateResponse {
    actions: Each<BulkUpdateResult>,
}

/// The twelve per-action results of a bulk update, and no others.
#[allow(dead_code)] // fields are validated, never read
#[derive(Deserialize)]
pub enum BulkUpdateResult {
    /// Applied.
    Ok,
    /// Not applied because another action failed under `AbortOnAnyFailed`.
    Failed,
    /// The asset was already linked by an earlier action of the request.
    FailedLinkAssetAlreadyProcessed,
    /// No such asset.
    FailedLinkAssetNotFound,
    /// The slot is taken and the merge mode is `RejectSequenceOperation`.
    FailedLinkWouldOverwriteExistingItem,
    /// The sequence is full.
    FailedLinkSequenceWouldExceedMaximumItemCount,
    /// No such sequence.
    FailedPatchSequenceSequenceNotFound,
    /// The attributes would exceed their byte budget.
    FailedPatchSequenceAttributeSizeWouldExceedLimit,
    /// Another sequence has that name.
    FailedPatchSequenceRenameWouldDuplicate,
    /// An earlier action of the request already patched or removed it.
    FailedPatchSequenceSequenceAlreadyProcessed,
    /// No such sequence.
    FailedRemoveSequenceSequenceNotFound,
    /// An earlier action of the request already patched or removed it.
    FailedRemoveSequenceSequenceAlreadyProcessed,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patch_always_sends_both_keys() {
        let patch = SequencePatch {
            name: None,
            attributes: None,
        };
        assert_eq!(
            serde_json::to_string(&patch).unwrap(),
            r#"{"name":null,"attributes":null}"#
        );
        let patch = SequencePatch {
            name: Some("B".into()),
            attributes: Some(Attributes(vec![
                ("z".into(), "1".into()),
                ("a".into(), "2".into()),
            ])),
        };
        assert_eq!(
            serde_json::to_string(&patch).unwrap(),
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
        let actual: serde_json::Value =
            serde_json::from_str(&serde_json::to_string(&request).unwrap()).unwrap();
        assert_eq!(actual, expected);
    }
}
