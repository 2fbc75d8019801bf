//! `POST /projects/{projectId}/sequencesBulkUpdates`: the request with its four kinds of
//! action, and the answer with one of twelve results per action.

use std::fmt;

use serde::de::value::MapAccessDeserializer;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::sequence::SequencePatch;

/// Body of a bulk update. Read strictly: an object only, unknown keys refused, and
/// `abortMode: null` is the default.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", deny_unknown_fields, rename_all = "camelCase")]
pub struct BulkUpdateRequest {
    /// The actions, applied in order.
    pub actions: Vec<Action>,
    /// What a failing action does to the others.
    #[serde(default, deserialize_with = "null_as_default")]
    pub abort_mode: SequenceBulkUpdateAbortMode,
}

object_only!(BulkUpdateRequest, "an object {actions, abortMode?}");

/// One bulk action, tagged by `kind`. Deserialized by hand, key by key, rather than
/// by serde's internally tagged and flattened form, which buffers the object and so loses the
/// path of a nested error and cannot refuse unknown keys.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
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

/// `from_keys`, `key` and `value` of a reference written as one of two alternative keys.
macro_rules! alternative_keys {
    ($type:ident { $first:ident: $first_key:ident, $second:ident: $second_key:ident }) => {
        impl $type {
            /// From the action's two alternative keys: `None` unless exactly one is present.
            pub fn from_keys(first: Option<String>, second: Option<String>) -> Option<$type> {
                match (first, second) {
                    (Some(text), None) => Some($type::$first(text)),
                    (None, Some(text)) => Some($type::$second(text)),
                    _ => None,
                }
            }

            /// The key that holds it on the wire.
            pub const fn key(&self) -> ActionKey {
                match self {
                    $type::$first(_) => ActionKey::$first_key,
                    $type::$second(_) => ActionKey::$second_key,
                }
            }

            /// The text of whichever key holds it.
            pub fn value(&self) -> &str {
                match self {
                    $type::$first(text) | $type::$second(text) => text,
                }
            }
        }
    };
}

alternative_keys!(AssetRef {
    Id: AssetId,
    Filename: AssetFilename
});
alternative_keys!(SequenceRef {
    Id: SequenceId,
    Name: SequenceName
});

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

impl<'de> Deserialize<'de> for Action {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(ActionVisitor)
    }
}

/// The `kind` tag of a bulk-update action.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub enum SequenceBulkUpdateActionKind {
    /// Link or unlink an asset.
    Link,
    /// Rename a sequence and/or replace its attributes.
    PatchSequence,
    /// Delete a sequence.
    RemoveSequence,
}

use SequenceBulkUpdateActionKind as Kind;

/// Every key any kind of action has; the kind decides which of them it may use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActionKey {
    /// `kind`.
    Kind,
    /// `assetId` (Link).
    AssetId,
    /// `assetFilename` (Link).
    AssetFilename,
    /// `sequence` (Link).
    Sequence,
    /// `sequenceId` (PatchSequence, RemoveSequence).
    SequenceId,
    /// `sequenceName` (PatchSequence, RemoveSequence).
    SequenceName,
    /// `patch` (PatchSequence).
    Patch,
}

impl ActionKey {
    /// Every key, in the order the messages list them.
    pub const ALL: [ActionKey; 7] = [
        ActionKey::Kind,
        ActionKey::AssetId,
        ActionKey::AssetFilename,
        ActionKey::Sequence,
        ActionKey::SequenceId,
        ActionKey::SequenceName,
        ActionKey::Patch,
    ];

    /// The key as spelled on the wire.
    pub const fn name(self) -> &'static str {
        match self {
            ActionKey::Kind => "kind",
            ActionKey::AssetId => "assetId",
            ActionKey::AssetFilename => "assetFilename",
            ActionKey::Sequence => "sequence",
            ActionKey::SequenceId => "sequenceId",
            ActionKey::SequenceName => "sequenceName",
            ActionKey::Patch => "patch",
        }
    }
}

impl SequenceBulkUpdateActionKind {
    /// The keys an action of this kind may have, `kind` included.
    pub const fn keys(self) -> &'static [ActionKey] {
        match self {
            Kind::Link => &[
                ActionKey::Kind,
                ActionKey::AssetId,
                ActionKey::AssetFilename,
                ActionKey::Sequence,
            ],
            Kind::PatchSequence => &[
                ActionKey::Kind,
                ActionKey::SequenceId,
                ActionKey::SequenceName,
                ActionKey::Patch,
            ],
            Kind::RemoveSequence => &[
                ActionKey::Kind,
                ActionKey::SequenceId,
                ActionKey::SequenceName,
            ],
        }
    }
}

/// A key that the action (of `kind`, once known) may not have.
fn unknown_key<E: de::Error>(name: &str, kind: Option<Kind>) -> E {
    let allowed = kind.map_or(&ActionKey::ALL[..], Kind::keys);
    let expected: Vec<String> = allowed
        .iter()
        .map(|key| format!("`{}`", key.name()))
        .collect();
    let of_kind = kind
        .map(|kind| format!(" for a {kind:?} action"))
        .unwrap_or_default();
    E::custom(format_args!(
        "unknown field `{name}`{of_kind}, expected one of {}",
        expected.join(", ")
    ))
}

/// Reads an action object key by key, each value into its own type, so that every error keeps
/// its path (`actions[3].sequence.ord`); then checks the keys against the kind. A `null`
/// `assetId`, `assetFilename`, `sequenceId` or `sequenceName` counts as absent.
struct ActionVisitor;

#[derive(Default)]
struct ActionParts {
    seen: Vec<ActionKey>,
    kind: Option<Kind>,
    asset_id: Option<String>,
    asset_filename: Option<String>,
    sequence: Option<LinkTarget>,
    sequence_id: Option<String>,
    sequence_name: Option<String>,
    patch: Option<SequencePatch>,
}

impl<'de> Visitor<'de> for ActionVisitor {
    type Value = Action;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an action object {kind, ...}")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Action, A::Error> {
        let mut parts = ActionParts::default();
        while let Some(key) = map.next_key_seed(KeySeed(parts.kind))? {
            if parts.seen.contains(&key) {
                return Err(de::Error::duplicate_field(key.name()));
            }
            parts.seen.push(key);
            match key {
                ActionKey::Kind => parts.kind = Some(map.next_value()?),
                ActionKey::AssetId => parts.asset_id = map.next_value()?,
                ActionKey::AssetFilename => parts.asset_filename = map.next_value()?,
                ActionKey::Sequence => parts.sequence = Some(map.next_value()?),
                ActionKey::SequenceId => parts.sequence_id = map.next_value()?,
                ActionKey::SequenceName => parts.sequence_name = map.next_value()?,
                ActionKey::Patch => parts.patch = Some(map.next_value()?),
            }
        }
        parts.into_action()
    }
}

/// Reads one key of an action, refusing those its kind (when already read) does not have.
struct KeySeed(Option<Kind>);

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = ActionKey;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<ActionKey, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl Visitor<'_> for KeySeed {
    type Value = ActionKey;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the name of a field of an action")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<ActionKey, E> {
        let allowed = self.0.map_or(&ActionKey::ALL[..], Kind::keys);
        allowed
            .iter()
            .find(|key| key.name() == name)
            .copied()
            .ok_or_else(|| unknown_key(name, self.0))
    }
}

impl ActionParts {
    fn into_action<E: de::Error>(self) -> Result<Action, E> {
        let kind = self.kind.ok_or_else(|| E::missing_field("kind"))?;
        // Keys read before `kind` was known.
        if let Some(foreign) = self.seen.iter().find(|key| !kind.keys().contains(key)) {
            return Err(unknown_key(foreign.name(), Some(kind)));
        }
        Ok(match kind {
            Kind::Link => {
                let both = self.asset_id.is_some();
                Action::Link {
                    asset: AssetRef::from_keys(self.asset_id, self.asset_filename).ok_or_else(
                        || not_exactly_one(ActionKey::AssetId, ActionKey::AssetFilename, both),
                    )?,
                    sequence: self.sequence.ok_or_else(|| E::missing_field("sequence"))?,
                }
            }
            Kind::PatchSequence | Kind::RemoveSequence => {
                let both = self.sequence_id.is_some();
                let sequence = SequenceRef::from_keys(self.sequence_id, self.sequence_name)
                    .ok_or_else(|| {
                        not_exactly_one(ActionKey::SequenceId, ActionKey::SequenceName, both)
                    })?;
                if kind == Kind::RemoveSequence {
                    Action::RemoveSequence { sequence }
                } else {
                    Action::PatchSequence {
                        sequence,
                        patch: self.patch.ok_or_else(|| E::missing_field("patch"))?,
                    }
                }
            }
        })
    }
}

/// The "exactly one of two keys" error, naming what was found instead.
fn not_exactly_one<E: de::Error>(first: ActionKey, second: ActionKey, both: bool) -> E {
    E::custom(format_args!(
        "expected exactly one of {} and {}, got {}",
        first.name(),
        second.name(),
        if both { "both" } else { "neither" }
    ))
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

    /// `path: message` of a failed read, as the emulator reports it.
    fn read_error<T: serde::de::DeserializeOwned>(text: &str) -> String {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
            Ok(_) => panic!("{text} was accepted"),
            Err(error) => {
                let inner = error.inner();
                let position = format!(" at line {} column {}", inner.line(), inner.column());
                let message = inner.to_string();
                let message = message.strip_suffix(&position).unwrap_or(&message);
                format!("{}: {message}", error.path())
            }
        }
    }

    /// The error of a request whose second action is `action` (JSON text, keys in its order).
    fn bulk_error(action: &str) -> String {
        read_error::<BulkUpdateRequest>(&format!(
            r#"{{"actions": [{{"kind": "RemoveSequence", "sequenceId": "s"}}, {action}]}}"#
        ))
    }

    #[test]
    fn nulls_read_as_absent_where_the_contract_says_so() {
        let parsed: BulkUpdateRequest = serde_json::from_value(json!({
            "actions": [
                {"kind": "Link", "assetId": null, "assetFilename": "a.jpg", "sequence": {"name": "A", "merge": null, "ord": null, "role": null}},
                {"kind": "PatchSequence", "sequenceId": "s", "sequenceName": null, "patch": {"name": null, "attributes": null}},
                {"sequenceName": "B", "sequenceId": null, "kind": "RemoveSequence"}
            ],
            "abortMode": null
        }))
        .unwrap();
        assert_eq!(parsed.abort_mode, SequenceBulkUpdateAbortMode::None);
        assert_eq!(
            parsed.actions,
            vec![
                Action::Link {
                    asset: AssetRef::Filename("a.jpg".into()),
                    sequence: LinkTarget::Sequence(SequenceLink {
                        name: "A".into(),
                        merge: SequenceMergeMode::ReplaceExistingEntry,
                        ord: None,
                        role: None,
                    }),
                },
                Action::PatchSequence {
                    sequence: SequenceRef::Id("s".into()),
                    patch: SequencePatch::default(),
                },
                Action::RemoveSequence {
                    sequence: SequenceRef::Name("B".into()),
                },
            ]
        );
        let bare: BulkUpdateRequest = serde_json::from_value(json!({"actions": []})).unwrap();
        assert_eq!(bare.abort_mode, SequenceBulkUpdateAbortMode::None);
    }

    #[test]
    fn read_errors_name_the_action_and_field() {
        let cases = [
            (r#"{"kind": "Link", "assetId": "a", "sequence": {"name": "A", "ord": -1}}"#,
             "actions[1].sequence.ord: invalid value: integer `-1`, expected u32"),
            (r#"{"kind": "Link", "assetId": "a", "sequence": {"name": "A", "merge": "Keep"}}"#,
             "actions[1].sequence.merge: unknown variant `Keep`, expected `ReplaceExistingEntry` or `RejectSequenceOperation`"),
            (r#"{"kind": "Link", "assetId": "a", "sequence": {"name": "A", "oRd": 1}}"#,
             "actions[1].sequence.oRd: unknown field `oRd`, expected one of `name`, `merge`, `ord`, `role`"),
            (r#"{"kind": "Link", "assetId": "a", "sequence": "Remove"}"#,
             r#"actions[1].sequence: invalid value: string "Remove", expected "Unset" or an object {name, merge?, ord?, role?}"#),
            (r#"{"kind": "Frobnicate"}"#,
             "actions[1].kind: unknown variant `Frobnicate`, expected one of `Link`, `PatchSequence`, `RemoveSequence`"),
            (r#"{"assetId": "a"}"#, "actions[1]: missing field `kind`"),
            (r#"{"kind": "Link", "assetId": "a", "assetFilename": "b", "sequence": "Unset"}"#,
             "actions[1]: expected exactly one of assetId and assetFilename, got both"),
            (r#"{"kind": "Link", "sequence": "Unset"}"#,
             "actions[1]: expected exactly one of assetId and assetFilename, got neither"),
            (r#"{"kind": "Link", "assetId": "a"}"#, "actions[1]: missing field `sequence`"),
            (r#"{"kind": "Link", "asset_id": "a", "sequence": "Unset"}"#,
             "actions[1].asset_id: unknown field `asset_id` for a Link action, expected one of `kind`, `assetId`, `assetFilename`, `sequence`"),
            (r#"{"asset_id": "a", "kind": "Link", "sequence": "Unset"}"#,
             "actions[1].asset_id: unknown field `asset_id`, expected one of `kind`, `assetId`, `assetFilename`, `sequence`, `sequenceId`, `sequenceName`, `patch`"),
            (r#"{"kind": "RemoveSequence", "sequenceId": "s", "patch": {}}"#,
             "actions[1].patch: unknown field `patch` for a RemoveSequence action, expected one of `kind`, `sequenceId`, `sequenceName`"),
            (r#"{"patch": {}, "kind": "RemoveSequence", "sequenceId": "s"}"#,
             "actions[1]: unknown field `patch` for a RemoveSequence action, expected one of `kind`, `sequenceId`, `sequenceName`"),
            (r#"{"kind": "PatchSequence", "sequenceName": "A", "patch": {"attributes": {"n": 1}}}"#,
             "actions[1].patch.attributes.n: invalid type: integer `1`, expected a string"),
            (r#"{"kind": "PatchSequence", "sequenceName": "A", "patch": {"nmae": "B"}}"#,
             "actions[1].patch.nmae: unknown field `nmae`, expected `name` or `attributes`"),
            (r#"{"kind": "PatchSequence", "sequenceName": "A"}"#, "actions[1]: missing field `patch`"),
            (r#"{"kind": "PatchSequence", "sequenceName": "A", "patch": ["B", null]}"#,
             "actions[1].patch: invalid type: sequence, expected an object {name?, attributes?}"),
            (r#"{"kind": "RemoveSequence", "sequenceName": 7}"#,
             "actions[1].sequenceName: invalid type: integer `7`, expected a string"),
            (r#""Link""#, r#"actions[1]: invalid type: string "Link", expected an action object {kind, ...}"#),
        ];
        for (action, message) in cases {
            assert_eq!(bulk_error(action), message);
        }
        assert_eq!(
            read_error::<BulkUpdateRequest>(r#"{"actions": [], "abortMode": "All"}"#),
            "abortMode: unknown variant `All`, expected `None` or `AbortOnAnyFailed`"
        );
        assert_eq!(
            read_error::<BulkUpdateRequest>(r#"[[], "None"]"#),
            ".: invalid type: sequence, expected an object {actions, abortMode?}"
        );
        assert_eq!(
            read_error::<BulkUpdateRequest>(r#"{"acts": []}"#),
            "acts: unknown field `acts`, expected `actions` or `abortMode`"
        );
    }

    #[test]
    fn duplicate_action_keys_are_refused() {
        let text = r#"{"kind": "Link", "kind": "RemoveSequence", "sequenceId": "s"}"#;
        let error = serde_json::from_str::<Action>(text).unwrap_err();
        assert!(
            error.to_string().contains("duplicate field `kind`"),
            "{error}"
        );
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
