//! Sequences, pages of them, and the bodies of the single-sequence endpoints.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// An ordered group of assets, with attributes. Every field is present in every response.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(
    feature = "typescript",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
pub struct Sequence {
    /// `seq_<uuid>`.
    pub id: String,
    /// Unique within the project.
    pub name: String,
    /// Number of items.
    pub length: u64,
    /// The project, `proj_…`.
    pub project_id: String,
    /// The items, ordered by `ord`, then `role`.
    pub items: Vec<SequenceItem>,
    /// Items per non-null role.
    pub item_count_with_role: BTreeMap<String, u64>,
    /// The attributes.
    pub attributes: SequenceAttributes,
    /// Creation time, Unix epoch milliseconds.
    pub create_date: i64,
    /// Last change to the sequence or its items, Unix epoch milliseconds.
    pub update_date: i64,
}

/// An asset's place in a sequence: the slot (`role`, `ord`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct SequenceItem {
    /// The asset, `asset_…`.
    pub asset_id: String,
    /// Position of the asset within its role.
    pub ord: u32,
    /// The role (e.g. a view such as `"Sagittal"`), or `null`.
    pub role: Option<String>,
}

/// A sequence's attributes and how much of their byte budget they use.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(
    feature = "typescript",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
pub struct SequenceAttributes {
    /// UTF-8 bytes of every key and value.
    pub bytes_used: u64,
    /// The budget: 1,048,576 bytes.
    pub bytes_total: u64,
    /// The attributes; values are always strings.
    pub items: BTreeMap<String, String>,
}

/// One page of results, with opaque cursors to its neighbours.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Page<T> {
    /// Cursor of the next page; `null` on the last page.
    pub next_page: Option<String>,
    /// Cursor of the previous page; `null` on the first page.
    pub prev_page: Option<String>,
    /// The results of this page, in creation order.
    pub data: Vec<T>,
}

/// The answer to a delete: `{"deleted": true, "id": "seq_…"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct DeleteSequenceResponse {
    /// Always `true`.
    #[cfg_attr(feature = "typescript", tsify(type = "true"))]
    pub deleted: bool,
    /// The deleted sequence, `seq_…`.
    pub id: String,
}

/// Body of `PATCH /projects/{projectId}/sequences/{sequenceId}`, and the `patch` of a
/// PatchSequence action. `None` is sent as `null`, "leave unchanged"; both keys are always
/// sent, as the Python SDK does. Read strictly: an object only, unknown keys refused.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct SequencePatch {
    /// The new name.
    pub name: Option<String>,
    /// The whole new attribute map.
    pub attributes: Option<BTreeMap<String, String>>,
}

object_only!(SequencePatch, "an object {name?, attributes?}");

/// The body of every non-2xx response.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// The error code, e.g. `ResourceNotFoundError`.
    pub code: String,
    /// Human-readable text.
    pub message: String,
}
