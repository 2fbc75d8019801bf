//! The `actions` and `abortMode` arguments of `bulkUpdate`.
//!
//! Besides the wire shape, an action may use the snake_case spellings of the Python SDK's
//! documentation (`asset_id`, `asset_filename`, `sequence_id`, `sequence_name`) and may omit
//! `kind` when its keys make it plain: an asset key makes a Link (no `sequence` means
//! `"Unset"`); otherwise a sequence key with `patch` makes a PatchSequence, without it a
//! RemoveSequence. An action whose keys belong to two kinds, or contradict its `kind`, or that
//! spells one field twice, is rejected rather than guessed at.

use nexus_wire::{
    Action, ActionKey, AssetRef, BulkUpdateRequest, LinkTarget, SequenceBulkUpdateAbortMode,
    SequenceBulkUpdateActionKind as Kind, SequenceRef, MAX_ORD,
};
use serde::Deserialize;
use wasm_bindgen::JsValue;

use super::ids::check_id;
use super::patch::{Budget, SequencePatchInput};
use super::strict::Strict;
use super::{check_name, read, Checked, Path};

/// One action as the caller may write it: every key of every kind, each optional.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ActionInput {
    /// `kind`; inferred from the other keys when absent.
    pub kind: Option<Kind>,
    /// `assetId` / `asset_id`.
    #[serde(alias = "asset_id")]
    pub asset_id: Option<String>,
    /// `assetFilename` / `asset_filename`.
    #[serde(alias = "asset_filename")]
    pub asset_filename: Option<String>,
    /// `sequence` of a Link.
    pub sequence: Option<LinkTarget>,
    /// `sequenceId` / `sequence_id`.
    #[serde(alias = "sequence_id")]
    pub sequence_id: Option<String>,
    /// `sequenceName` / `sequence_name`.
    #[serde(alias = "sequence_name")]
    pub sequence_name: Option<String>,
    /// `patch` of a PatchSequence.
    pub patch: Option<Strict<SequencePatchInput>>,
}

/// Reads and checks the arguments of `bulkUpdate(actions, abortMode)`.
pub fn bulk_update_request(actions: &JsValue, abort_mode: &JsValue) -> Checked<BulkUpdateRequest> {
    let path = Path::root("actions");
    let given: Option<Vec<Strict<ActionInput>>> = read(actions, &path)?;
    let given = given.ok_or_else(|| path.error("must be an array"))?;
    let abort_mode: Option<SequenceBulkUpdateAbortMode> =
        read(abort_mode, &Path::root("abortMode"))?;
    Ok(BulkUpdateRequest {
        actions: given
            .into_iter()
            .enumerate()
            .map(|(index, Strict(action))| action.check(&path.index(index)))
            .collect::<Checked<_>>()?,
        abort_mode: abort_mode.unwrap_or_default(),
    })
}

impl ActionInput {
    /// The wire action, once the kind is known and the keys agree with it.
    pub fn check(self, path: &Path) -> Checked<Action> {
        let kind = self.kind(path)?;
        let foreign = ActionKey::ALL
            .into_iter()
            .find(|key| self.has(*key) && !kind.keys().contains(key));
        if let Some(key) = foreign {
            return Err(path
                .key(key.name())
                .error(format_args!("does not belong in a {kind:?} action")));
        }
        Ok(match kind {
            Kind::Link => Action::Link {
                asset: checked_asset(self.asset_id, self.asset_filename, path)?,
                sequence: link_target(self.sequence.unwrap_or(LinkTarget::Unset), path)?,
            },
            Kind::PatchSequence => {
                let sequence = checked_sequence(self.sequence_id, self.sequence_name, path)?;
                let patch_path = path.key("patch");
                let Some(Strict(patch)) = self.patch else {
                    return Err(patch_path.error("must be an object"));
                };
                Action::PatchSequence {
                    sequence,
                    patch: patch.check(&patch_path, Budget::LeftToServer)?,
                }
            }
            Kind::RemoveSequence => Action::RemoveSequence {
                sequence: checked_sequence(self.sequence_id, self.sequence_name, path)?,
            },
        })
    }

    /// Whether the action has `key` (snake_case spellings included).
    fn has(&self, key: ActionKey) -> bool {
        match key {
            ActionKey::Kind => self.kind.is_some(),
            ActionKey::AssetId => self.asset_id.is_some(),
            ActionKey::AssetFilename => self.asset_filename.is_some(),
            ActionKey::Sequence => self.sequence.is_some(),
            ActionKey::SequenceId => self.sequence_id.is_some(),
            ActionKey::SequenceName => self.sequence_name.is_some(),
            ActionKey::Patch => self.patch.is_some(),
        }
    }

    /// The action's `kind`, or the one its keys make plain.
    fn kind(&self, path: &Path) -> Checked<Kind> {
        if let Some(kind) = self.kind {
            return Ok(kind);
        }
        let asset_key = [ActionKey::AssetId, ActionKey::AssetFilename]
            .into_iter()
            .find(|key| self.has(*key));
        let sequence_key = [
            ActionKey::SequenceId,
            ActionKey::SequenceName,
            ActionKey::Patch,
        ]
        .into_iter()
        .find(|key| self.has(*key));
        let names_sequence = self.sequence_id.is_some() || self.sequence_name.is_some();
        match (asset_key, sequence_key) {
            (Some(asset), Some(other)) => Err(path.error(format_args!(
                "is ambiguous: {} makes it a Link but {} does not belong in one; set kind or remove one",
                asset.name(),
                other.name()
            ))),
            (Some(_), None) => Ok(Kind::Link),
            (None, _) if names_sequence && self.patch.is_some() => Ok(Kind::PatchSequence),
            (None, _) if names_sequence => Ok(Kind::RemoveSequence),
            (None, _) => Err(path.error(
                "must name an asset (assetId or assetFilename) or a sequence (sequenceId or sequenceName)",
            )),
        }
    }
}

/// The asset of a Link action: exactly one of its two keys, holding a valid id or name.
fn checked_asset(id: Option<String>, filename: Option<String>, path: &Path) -> Checked<AssetRef> {
    let asset = AssetRef::from_keys(id, filename)
        .ok_or_else(|| path.error("must have exactly one of assetId and assetFilename"))?;
    check_reference(asset.key(), asset.value(), path)?;
    Ok(asset)
}

/// The sequence of a PatchSequence or RemoveSequence action, checked like an asset.
fn checked_sequence(id: Option<String>, name: Option<String>, path: &Path) -> Checked<SequenceRef> {
    let sequence = SequenceRef::from_keys(id, name)
        .ok_or_else(|| path.error("must have exactly one of sequenceId and sequenceName"))?;
    check_reference(sequence.key(), sequence.value(), path)?;
    Ok(sequence)
}

/// An id key must hold a valid id, a name key a valid name.
fn check_reference(key: ActionKey, value: &str, path: &Path) -> Checked<()> {
    let at = path.key(key.name());
    match key {
        ActionKey::AssetId | ActionKey::SequenceId => {
            check_id(Some(value.to_owned()), &at).map(drop)
        }
        _ => check_name(value, &at),
    }
}

fn link_target(target: LinkTarget, path: &Path) -> Checked<LinkTarget> {
    if let LinkTarget::Sequence(link) = &target {
        let path = path.key("sequence");
        check_name(&link.name, &path.key("name"))?;
        if let Some(role) = &link.role {
            check_name(role, &path.key("role"))?;
        }
        if link.ord.is_some_and(|ord| ord > MAX_ORD) {
            return Err(path
                .key("ord")
                .error(format_args!("must be at most {MAX_ORD}")));
        }
    }
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;
    use nexus_wire::{SequenceLink, SequenceMergeMode};

    fn check(action: ActionInput) -> Checked<Action> {
        action.check(&Path::root("actions").index(0))
    }

    fn message(action: ActionInput) -> String {
        check(action).unwrap_err().message
    }

    fn some(text: &str) -> Option<String> {
        Some(text.to_owned())
    }

    fn link(name: &str) -> LinkTarget {
        LinkTarget::Sequence(SequenceLink {
            name: name.into(),
            merge: SequenceMergeMode::ReplaceExistingEntry,
            ord: None,
            role: None,
        })
    }

    fn patch() -> Option<Strict<SequencePatchInput>> {
        Some(Strict(SequencePatchInput::default()))
    }

    #[test]
    fn kinds_are_inferred() {
        let filename = ActionInput {
            asset_filename: some("image_1.jpg"),
            ..ActionInput::default()
        };
        assert_eq!(
            check(filename),
            Ok(Action::Link {
                asset: AssetRef::Filename("image_1.jpg".into()),
                sequence: LinkTarget::Unset
            })
        );
        let patch_by_id = ActionInput {
            sequence_id: some("seq_1"),
            patch: patch(),
            ..ActionInput::default()
        };
        assert!(matches!(
            check(patch_by_id),
            Ok(Action::PatchSequence { .. })
        ));
        let remove = ActionInput {
            sequence_name: some("A"),
            ..ActionInput::default()
        };
        assert_eq!(
            check(remove),
            Ok(Action::RemoveSequence {
                sequence: SequenceRef::Name("A".into())
            })
        );
    }

    #[test]
    fn explicit_kind_with_a_link() {
        let action = ActionInput {
            kind: Some(Kind::Link),
            asset_id: some("asset_1"),
            sequence: Some(link("A")),
            ..ActionInput::default()
        };
        assert_eq!(
            check(action),
            Ok(Action::Link {
                asset: AssetRef::Id("asset_1".into()),
                sequence: link("A")
            })
        );
    }

    #[test]
    fn bad_actions() {
        let cases = [
            (ActionInput::default(), "actions[0] must name an asset (assetId or assetFilename) or a sequence (sequenceId or sequenceName)"),
            (ActionInput { sequence: Some(link("A")), ..Default::default() }, "actions[0] must name an asset (assetId or assetFilename) or a sequence (sequenceId or sequenceName)"),
            (ActionInput { asset_id: some("a"), sequence_id: some("seq_1"), ..Default::default() }, "actions[0] is ambiguous: assetId makes it a Link but sequenceId does not belong in one; set kind or remove one"),
            (ActionInput { asset_filename: some("a"), patch: patch(), ..Default::default() }, "actions[0] is ambiguous: assetFilename makes it a Link but patch does not belong in one; set kind or remove one"),
            (ActionInput { kind: Some(Kind::Link), asset_id: some("a"), sequence_name: some("A"), ..Default::default() }, "actions[0].sequenceName does not belong in a Link action"),
            (ActionInput { kind: Some(Kind::RemoveSequence), asset_id: some("a"), ..Default::default() }, "actions[0].assetId does not belong in a RemoveSequence action"),
            (ActionInput { kind: Some(Kind::RemoveSequence), sequence_id: some("s"), patch: patch(), ..Default::default() }, "actions[0].patch does not belong in a RemoveSequence action"),
            (ActionInput { kind: Some(Kind::PatchSequence), sequence_id: some("s"), sequence: Some(link("A")), ..Default::default() }, "actions[0].sequence does not belong in a PatchSequence action"),
            (ActionInput { kind: Some(Kind::PatchSequence), sequence_id: some("s"), ..Default::default() }, "actions[0].patch must be an object"),
            (ActionInput { kind: Some(Kind::Link), ..Default::default() }, "actions[0] must have exactly one of assetId and assetFilename"),
            (ActionInput { asset_id: some("a"), asset_filename: some("b"), ..Default::default() }, "actions[0] must have exactly one of assetId and assetFilename"),
            (ActionInput { sequence_id: some("a"), sequence_name: some("b"), ..Default::default() }, "actions[0] must have exactly one of sequenceId and sequenceName"),
            (ActionInput { kind: Some(Kind::RemoveSequence), ..Default::default() }, "actions[0] must have exactly one of sequenceId and sequenceName"),
            (ActionInput { asset_id: some("../x"), ..Default::default() }, "actions[0].assetId must match [A-Za-z0-9_-]{1,256}"),
            (ActionInput { sequence_id: some("a/b"), ..Default::default() }, "actions[0].sequenceId must match [A-Za-z0-9_-]{1,256}"),
            (ActionInput { asset_filename: some(""), ..Default::default() }, "actions[0].assetFilename must be a non-empty string of at most 1024 bytes"),
            (ActionInput { sequence_name: Some("n".repeat(1025)), ..Default::default() }, "actions[0].sequenceName must be a non-empty string of at most 1024 bytes"),
            (ActionInput { asset_id: some("a"), sequence: Some(link("")), ..Default::default() }, "actions[0].sequence.name must be a non-empty string of at most 1024 bytes"),
        ];
        for (action, expected) in cases {
            assert_eq!(message(action), expected);
        }
    }

    #[test]
    fn ords_and_roles_are_bounded() {
        let with = |ord: Option<u32>, role: Option<String>| ActionInput {
            asset_id: some("a"),
            sequence: Some(LinkTarget::Sequence(SequenceLink {
                name: "A".into(),
                merge: SequenceMergeMode::RejectSequenceOperation,
                ord,
                role,
            })),
            ..ActionInput::default()
        };
        assert!(check(with(Some(MAX_ORD), some("Sagittal"))).is_ok());
        assert_eq!(
            message(with(Some(MAX_ORD + 1), None)),
            "actions[0].sequence.ord must be at most 2147483647"
        );
        assert_eq!(
            message(with(None, some(""))),
            "actions[0].sequence.role must be a non-empty string of at most 1024 bytes"
        );
    }
}
