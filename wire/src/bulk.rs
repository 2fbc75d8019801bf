//! `POST /projects/{projectId}/sequencesBulkUpdates`: the request with its four kinds of
//! action, and the answer with one of twelve results per action.

use std::fmt;

use serde::de::value::MapAccessDeserializer;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::sequence::SequencePatch;

/// Body of a bulk update.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BulkUpdateRequest {
    /// The actions, applied in order.
    pub actions: Vec<Action>,
    /// What a failing action does to the others.
    #[serde(default)]
    pub abort_mode: SequenceBulkUpdateAbortMode,
}

/// One bulk action, tagged by `kind`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind")]
pub enum Action {
    /// Link an asset into a sequence (created when it does not exist), or unlink it.
    Link {
        /// `assetId` or `assetFilename`.
        #[serde(flatten)]
        asset: AssetRef,
        /// Where it goes.
        sequence: LinkTarget,
    },
    /// Rename a sequence and/or replace its attributes.
    PatchSequence {
        /// `sequenceId` or `sequenceName`.
        #[serde(flatten)]
        sequence: SequenceRef,
        /// The change.
        patch: SequencePatch,
    },
    /// Delete a sequence (its assets stay in the project).
    RemoveSequence {
        /// `sequenceId` or `sequenceName`.
        #[serde(flatten)]
        sequence: SequenceRef,
    },
}

/// How a Link action names its asset: one member, `assetId` or `assetFilename`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AssetRef {
    /// `assetId`.
    #[serde(rename = "assetId")]
    Id(String),
    /// `assetFilename`, unique within the project.
    #[serde(rename = "assetFilename")]
    Filename(String),
}

/// How a PatchSequence or RemoveSequence action names its sequence: `sequenceId` or
/// `sequenceName`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SequenceRef {
    /// `sequenceId`.
    #[serde(rename = "sequenceId")]
    Id(String),
    /// `sequenceName`.
    #[serde(rename = "sequenceName")]
    Name(String),
}

/// The `sequence` of a Link action: the string `"Unset"`, or where to put the asset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkTarget {
    /// `"Unset"`: unlink the asset from its sequence.
    Unset,
    /// Link into this sequence.
    Sequence(SequenceLink),
}

/// Where a Link action puts its asset. A sequence that does not exist yet is created.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct SequenceLink {
    /// The sequence's name.
    pub name: String,
    /// What to do when the slot is taken; default `ReplaceExistingEntry`.
    #[serde(default, deserialize_with = "null_as_default")]
    #[cfg_attr(
        feature = "typescript",
        tsify(optional, type = "SequenceMergeMode | null")
    )]
    pub merge: SequenceMergeMode,
    /// Position within the role, 0 to 2147483647; absent or `null` takes the next free one.
    #[serde(default)]
    #[cfg_attr(feature = "typescript", tsify(optional, type = "number | null"))]
    pub ord: Option<u32>,
    /// The item's role, or `null`.
    #[serde(default)]
    #[cfg_attr(feature = "typescript", tsify(optional, type = "string | null"))]
    pub role: Option<String>,
}

/// Reads `null` like an absent value: the type's default.
fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Option::unwrap_or_default)
}

/// What a Link action does when its slot (`role`, `ord`) is held by another asset.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub enum SequenceMergeMode {
    /// Unlink the other asset and take the slot (the default).
    #[default]
    ReplaceExistingEntry,
    /// Fail the action with `FailedLinkWouldOverwriteExistingItem`.
    RejectSequenceOperation,
}

/// How a bulk update treats failing actions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub enum SequenceBulkUpdateAbortMode {
    /// Each action stands alone: those that succeed are applied (the default).
    #[default]
    None,
    /// All or nothing: if any action fails, none is applied.
    AbortOnAnyFailed,
}

/// The result of one bulk-update action: the twelve values of the contract, and no others.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub enum SequenceBulkUpdateResult {
    /// Applied (or, under `AbortOnAnyFailed`, would have been).
    Ok,
    /// Not applied because another action failed under `AbortOnAnyFailed`.
    Failed,
    /// An earlier action of the same request already linked this asset.
    FailedLinkAssetAlreadyProcessed,
    /// No asset with that id or filename in the project.
    FailedLinkAssetNotFound,
    /// The slot is held by another asset and the merge mode is `RejectSequenceOperation`.
    FailedLinkWouldOverwriteExistingItem,
    /// The sequence already holds the maximum number of items.
    FailedLinkSequenceWouldExceedMaximumItemCount,
    /// No such sequence to patch.
    FailedPatchSequenceSequenceNotFound,
    /// The attributes would exceed 1,048,576 bytes.
    FailedPatchSequenceAttributeSizeWouldExceedLimit,
    /// Another sequence already has the new name.
    FailedPatchSequenceRenameWouldDuplicate,
    /// An earlier action of the same request already patched or removed this sequence.
    FailedPatchSequenceSequenceAlreadyProcessed,
    /// No such sequence to remove.
    FailedRemoveSequenceSequenceNotFound,
    /// An earlier action of the same request already patched or removed this sequence.
    FailedRemoveSequenceSequenceAlreadyProcessed,
}

/// The answer to a bulk update.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct SequenceBulkUpdateResponse {
    /// One result per action, in the order of the actions.
    pub actions: Vec<SequenceBulkUpdateResult>,
}

impl Serialize for LinkTarget {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            LinkTarget::Unset => serializer.serialize_str(UNSET),
            LinkTarget::Sequence(link) => link.serialize(serializer),
        }
    }
}

const UNSET: &str = "Unset";

impl<'de> Deserialize<'de> for LinkTarget {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LinkTargetVisitor)
    }
}

/// Reads `"Unset"` or a SequenceLink object, keeping the object's own error messages.
struct LinkTargetVisitor;

impl<'de> Visitor<'de> for LinkTargetVisitor {
    type Value = LinkTarget;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(r#""Unset" or an object {name, merge?, ord?, role?}"#)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<LinkTarget, E> {
        if value == UNSET {
            Ok(LinkTarget::Unset)
        } else {
            Err(E::invalid_value(de::Unexpected::Str(value), &self))
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<LinkTarget, A::Error> {
        SequenceLink::deserialize(MapAccessDeserializer::new(map)).map(LinkTarget::Sequence)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn request() -> BulkUpdateRequest {
        BulkUpdateRequest {
            actions: vec![
                Action::Link {
                    asset: AssetRef::Id("asset_1".into()),
                    sequence: LinkTarget::Sequence(SequenceLink {
                        name: "Patient A".into(),
                        merge: SequenceMergeMode::ReplaceExistingEntry,
                        ord: Some(1),
                        role: Some("Sagittal".into()),
                    }),
                },
                Action::Link {
                    asset: AssetRef::Filename("image_1.jpg".into()),
                    sequence: LinkTarget::Sequence(SequenceLink {
                        name: "Patient A".into(),
                        merge: SequenceMergeMode::RejectSequenceOperation,
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
            abort_mode: SequenceBulkUpdateAbortMode::AbortOnAnyFailed,
        }
    }

    fn contract_text() -> serde_json::Value {
        json!({
            "actions": [
                {"kind": "Link", "assetId": "asset_1", "sequence": {"name": "Patient A", "merge": "ReplaceExistingEntry", "ord": 1, "role": "Sagittal"}},
                {"kind": "Link", "assetFilename": "image_1.jpg", "sequence": {"name": "Patient A", "merge": "RejectSequenceOperation", "ord": null, "role": null}},
                {"kind": "Link", "assetId": "asset_2", "sequence": "Unset"},
                {"kind": "PatchSequence", "sequenceId": "seq_1", "patch": {"name": "B", "attributes": null}},
                {"kind": "RemoveSequence", "sequenceName": "Patient A"}
            ],
            "abortMode": "AbortOnAnyFailed"
        })
    }

    #[test]
    fn actions_serialize_as_the_contract_shows() {
        assert_eq!(serde_json::to_value(request()).unwrap(), contract_text());
    }

    #[test]
    fn actions_read_back() {
        let parsed: BulkUpdateRequest = serde_json::from_value(contract_text()).unwrap();
        assert_eq!(parsed, request());
    }

    #[test]
    fn link_target_refuses_other_strings() {
        let error = serde_json::from_value::<LinkTarget>(json!("unset")).unwrap_err();
        assert!(
            error
                .to_string()
                .contains(r#"expected "Unset" or an object"#),
            "{error}"
        );
    }

    #[test]
    fn sequence_links_take_defaults_and_refuse_unknown_keys() {
        let link: SequenceLink =
            serde_json::from_value(json!({"name": "A", "merge": null})).unwrap();
        assert_eq!(link.merge, SequenceMergeMode::ReplaceExistingEntry);
        assert_eq!((link.ord, link.role), (None, None));
        let error =
            serde_json::from_value::<SequenceLink>(json!({"name": "A", "oRd": 1})).unwrap_err();
        assert!(error.to_string().contains("unknown field `oRd`"), "{error}");
    }

    #[test]
    fn twelve_results_round_trip() {
        let text = json!({"actions": ["Ok", "Failed", "FailedLinkAssetNotFound"]});
        let parsed: SequenceBulkUpdateResponse = serde_json::from_value(text.clone()).unwrap();
        assert_eq!(
            parsed.actions[2],
            SequenceBulkUpdateResult::FailedLinkAssetNotFound
        );
        assert_eq!(serde_json::to_value(parsed).unwrap(), text);
        assert!(serde_json::from_value::<SequenceBulkUpdateResponse>(
            json!({"actions": ["Maybe"]})
        )
        .is_err());
    }
}
