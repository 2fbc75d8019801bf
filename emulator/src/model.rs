//! Wire shapes of the Nexus Sequences API (camelCase keys, PascalCase enum values).

use serde::Serialize;
use std::collections::BTreeMap;

/// Attribute quota of one sequence, in UTF-8 bytes of keys plus values.
pub const ATTRIBUTE_BYTES_TOTAL: u64 = 1_048_576;

/// A sequence with all its items, as every endpoint returns it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Sequence {
    /// `seq_<uuid>`.
    pub id: String,
    /// Unique within the project.
    pub name: String,
    /// Number of items.
    pub length: u64,
    /// Owning project.
    pub project_id: String,
    /// Items ordered by `ord`, then `role` (null role first).
    pub items: Vec<SequenceItem>,
    /// Item count per non-null role.
    pub item_count_with_role: BTreeMap<String, u64>,
    /// Attribute map and its quota.
    pub attributes: Attributes,
    /// Creation time, Unix ms.
    pub create_date: i64,
    /// Last change to the sequence or its items, Unix ms.
    pub update_date: i64,
}

/// One asset in a sequence, at slot (`role`, `ord`).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct SequenceItem {
    /// `asset_<uuid>`.
    pub asset_id: String,
    /// Position within the role.
    pub ord: i64,
    /// Optional role, e.g. `Sagittal`.
    pub role: Option<String>,
}

/// A sequence's attributes with the bytes they use out of the quota.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Attributes {
    /// Sum of UTF-8 byte lengths of every key and value.
    pub bytes_used: u64,
    /// The per-sequence quota, [`ATTRIBUTE_BYTES_TOTAL`].
    pub bytes_total: u64,
    /// The attributes themselves.
    pub items: BTreeMap<String, String>,
}

impl Attributes {
    /// Wraps a map, computing its `bytesUsed`.
    pub fn new(items: BTreeMap<String, String>) -> Self {
        Attributes {
            bytes_used: attribute_bytes(&items),
            bytes_total: ATTRIBUTE_BYTES_TOTAL,
            items,
        }
    }
}

/// UTF-8 bytes of every key and value of an attribute map.
pub fn attribute_bytes(items: &BTreeMap<String, String>) -> u64 {
    items.iter().map(|(k, v)| (k.len() + v.len()) as u64).sum()
}

/// One page of a listing.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Page<T> {
    /// Cursor of the following page, if any rows follow.
    pub next_page: Option<String>,
    /// Cursor of the preceding page, if any rows precede.
    pub prev_page: Option<String>,
    /// The rows of this page.
    pub data: Vec<T>,
}

/// Body of a successful DELETE.
#[derive(Debug, Clone, Serialize)]
pub struct Deleted {
    /// Always true.
    pub deleted: bool,
    /// Id of the deleted sequence.
    pub id: String,
}

/// Per-action outcome of a bulk update: the twelve values of the contract.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, Hash)]
pub enum BulkResult {
    /// The action was applied.
    Ok,
    /// Not applied: another action failed under `AbortOnAnyFailed`, or no specific code fits.
    Failed,
    /// The asset was already linked by an earlier action of the same request.
    FailedLinkAssetAlreadyProcessed,
    /// No such asset in the project.
    FailedLinkAssetNotFound,
    /// `RejectSequenceOperation` and the slot is held by another asset.
    FailedLinkWouldOverwriteExistingItem,
    /// The link would put the sequence over its item cap.
    FailedLinkSequenceWouldExceedMaximumItemCount,
    /// No such sequence to patch.
    FailedPatchSequenceSequenceNotFound,
    /// The new attributes exceed the quota.
    FailedPatchSequenceAttributeSizeWouldExceedLimit,
    /// The new name is taken by another sequence.
    FailedPatchSequenceRenameWouldDuplicate,
    /// The sequence was already patched or removed by an earlier action.
    FailedPatchSequenceSequenceAlreadyProcessed,
    /// No such sequence to remove.
    FailedRemoveSequenceSequenceNotFound,
    /// The sequence was already patched or removed by an earlier action.
    FailedRemoveSequenceSequenceAlreadyProcessed,
}

impl BulkResult {
    /// Whether this result is a success.
    pub fn is_ok(self) -> bool {
        self == BulkResult::Ok
    }
}

/// Body of a bulk update response.
#[derive(Debug, Clone, Serialize)]
pub struct BulkResponse {
    /// One result per action, in request order.
    pub actions: Vec<BulkResult>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_used_counts_utf8_bytes_of_keys_and_values() {
        let items = BTreeMap::from([
            ("report0".to_string(), "...".to_string()),
            ("report1".to_string(), "...".to_string()),
        ]);
        assert_eq!(attribute_bytes(&items), 20);
        let items = BTreeMap::from([("é".to_string(), "日本".to_string())]);
        assert_eq!(attribute_bytes(&items), 2 + 6);
    }

    #[test]
    fn results_serialize_as_pascal_case() {
        let json = serde_json::to_string(&BulkResult::FailedLinkAssetNotFound).unwrap();
        assert_eq!(json, "\"FailedLinkAssetNotFound\"");
    }
}
