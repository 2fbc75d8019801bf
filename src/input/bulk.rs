//! The `actions` and `abortMode` arguments of `bulkUpdate`.
//!
//! Besides the wire shape, an action may use the snake_case spellings of the Python SDK's
//! documentation (`asset_id`, `asset_filename`, `sequence_id`, `sequence_name`) and may omit
//! `kind` when its keys make it plain: an asset key makes a Link (no `sequence` means
//! `"Unset"`); otherwise a sequence key with `patch` makes a PatchSequence, without it a
//! RemoveSequence. An action whose keys belong to two kinds, or contradict its `kind`, or that
//! spells one field twice with different values, is rejected rather than guessed at.

use super::ids::{optional_id, MAX_ID_LEN};
use super::patch::sequence_patch;
use super::{optional_name, reject_unknown_keys, required_name, Checked, Path, Value};
use crate::wire::{
    AbortMode, Action, AssetRef, BulkUpdateRequest, LinkTarget, MergeMode, SequenceLink,
    SequenceRef,
};

/// Largest `ord`.
pub const MAX_ORD: u32 = i32::MAX as u32;

const KEYS: [&str; 11] = [
    "kind",
    "assetId",
    "asset_id",
    "assetFilename",
    "asset_filename",
    "sequence",
    "sequenceId",
    "sequence_id",
    "sequenceName",
    "sequence_name",
    "patch",
];

/// A field that may be spelled two ways; holds the spelling the caller used.
struct Spelled<'v> {
    key: &'static str,
    value: &'v Value,
}

impl Spelled<'_> {
    fn is_present(&self) -> bool {
        !self.value.is_absent()
    }
}

/// The field `camel` (or its snake_case spelling `snake`) of `action`.
fn spelled<'v>(
    action: &'v Value,
    path: &Path,
    camel: &'static str,
    snake: &'static str,
) -> Checked<Spelled<'v>> {
    let (a, b) = (action.get(camel), action.get(snake));
    if !a.is_absent() && !b.is_absent() && a != b {
        return Err(path.error(format_args!(
            "has both {camel} and {snake}, with different values"
        )));
    }
    Ok(if a.is_absent() {
        Spelled {
            key: snake,
            value: b,
        }
    } else {
        Spelled {
            key: camel,
            value: a,
        }
    })
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    Link,
    PatchSequence,
    RemoveSequence,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Link => "Link",
            Kind::PatchSequence => "PatchSequence",
            Kind::RemoveSequence => "RemoveSequence",
        }
    }
}

/// Checks the arguments of `bulkUpdate(actions, abortMode)`.
pub fn bulk_update(actions: &Value, abort_mode: &Value) -> Checked<BulkUpdateRequest> {
    let path = Path::root("actions");
    let items = match actions {
        Value::Array(items) => items,
        _ => return Err(path.error("must be an array")),
    };
    let actions = items
        .iter()
        .enumerate()
        .map(|(index, item)| action(item, &path.index(index)))
        .collect::<Checked<Vec<_>>>()?;
    let abort_mode = match abort_mode {
        Value::Absent => AbortMode::None,
        Value::String(s) if s == "None" => AbortMode::None,
        Value::String(s) if s == "AbortOnAnyFailed" => AbortMode::AbortOnAnyFailed,
        _ => return Err(Path::root("abortMode").error(r#"must be "None" or "AbortOnAnyFailed""#)),
    };
    Ok(BulkUpdateRequest {
        actions,
        abort_mode,
    })
}

fn action(value: &Value, path: &Path) -> Checked<Action> {
    let Value::Object(entries) = value else {
        return Err(path.error("must be an object"));
    };
    reject_unknown_keys(entries, path, &KEYS)?;
    let asset_id = spelled(value, path, "assetId", "asset_id")?;
    let asset_filename = spelled(value, path, "assetFilename", "asset_filename")?;
    let sequence_id = spelled(value, path, "sequenceId", "sequence_id")?;
    let sequence_name = spelled(value, path, "sequenceName", "sequence_name")?;
    let sequence = Spelled {
        key: "sequence",
        value: value.get("sequence"),
    };
    let patch = Spelled {
        key: "patch",
        value: value.get("patch"),
    };

    let asset_key = [&asset_id, &asset_filename]
        .into_iter()
        .find(|f| f.is_present());
    let sequence_key = [&sequence_id, &sequence_name]
        .into_iter()
        .find(|f| f.is_present());
    let kind = match value.get("kind") {
        Value::Absent => match (asset_key, sequence_key.or(patch.is_present().then_some(&patch))) {
            (Some(asset), Some(other)) => {
                return Err(path.error(format_args!(
                    "is ambiguous: {} makes it a Link but {} does not belong in one; set kind or remove one",
                    asset.key, other.key
                )))
            }
            (Some(_), None) => Kind::Link,
            (None, _) if sequence_key.is_some() && patch.is_present() => Kind::PatchSequence,
            (None, _) if sequence_key.is_some() => Kind::RemoveSequence,
            (None, _) => {
                return Err(path.error(
                    "must name an asset (assetId or assetFilename) or a sequence (sequenceId or sequenceName)",
                ))
            }
        },
        Value::String(s) if s == "Link" => Kind::Link,
        Value::String(s) if s == "PatchSequence" => Kind::PatchSequence,
        Value::String(s) if s == "RemoveSequence" => Kind::RemoveSequence,
        _ => return Err(path.key("kind").error(r#"must be "Link", "PatchSequence" or "RemoveSequence""#)),
    };

    let foreign: &[&Spelled] = match kind {
        Kind::Link => &[&sequence_id, &sequence_name, &patch],
        Kind::PatchSequence => &[&asset_id, &asset_filename, &sequence],
        Kind::RemoveSequence => &[&asset_id, &asset_filename, &sequence, &patch],
    };
    if let Some(field) = foreign.iter().find(|f| f.is_present()) {
        return Err(path
            .key(field.key)
            .error(format_args!("does not belong in a {} action", kind.name())));
    }

    Ok(match kind {
        Kind::Link => Action::Link {
            asset: asset_ref(&asset_id, &asset_filename, path)?,
            sequence: link_target(sequence.value, &path.key("sequence"))?,
        },
        Kind::PatchSequence => Action::PatchSequence {
            sequence: sequence_ref(&sequence_id, &sequence_name, path)?,
            patch: sequence_patch(patch.value, &path.key("patch"))?,
        },
        Kind::RemoveSequence => Action::RemoveSequence {
            sequence: sequence_ref(&sequence_id, &sequence_name, path)?,
        },
    })
}

fn asset_ref(id: &Spelled, filename: &Spelled, path: &Path) -> Checked<AssetRef> {
    match (id.is_present(), filename.is_present()) {
        (true, false) => Ok(AssetRef::Id(id_of(id, path)?)),
        (false, true) => Ok(AssetRef::Filename(name_of(filename, path)?)),
        _ => Err(path.error("must have exactly one of assetId and assetFilename")),
    }
}

fn sequence_ref(id: &Spelled, name: &Spelled, path: &Path) -> Checked<SequenceRef> {
    match (id.is_present(), name.is_present()) {
        (true, false) => Ok(SequenceRef::Id(id_of(id, path)?)),
        (false, true) => Ok(SequenceRef::Name(name_of(name, path)?)),
        _ => Err(path.error("must have exactly one of sequenceId and sequenceName")),
    }
}

fn id_of(field: &Spelled, path: &Path) -> Checked<String> {
    let path = path.key(field.key);
    optional_id(field.value, &path)?
        .ok_or_else(|| path.error(format_args!("must match [A-Za-z0-9_-]{{1,{MAX_ID_LEN}}}")))
}

fn name_of(field: &Spelled, path: &Path) -> Checked<String> {
    required_name(field.value, &path.key(field.key))
}

fn link_target(value: &Value, path: &Path) -> Checked<LinkTarget> {
    match value {
        Value::Absent => Ok(LinkTarget::Unset),
        Value::String(s) if s == "Unset" => Ok(LinkTarget::Unset),
        Value::Object(entries) => {
            reject_unknown_keys(entries, path, &["name", "merge", "ord", "role"])?;
            Ok(LinkTarget::Sequence(SequenceLink {
                name: required_name(value.get("name"), &path.key("name"))?,
                merge: match value.get("merge") {
                    Value::Absent => MergeMode::ReplaceExistingEntry,
                    Value::String(s) if s == "ReplaceExistingEntry" => {
                        MergeMode::ReplaceExistingEntry
                    }
                    Value::String(s) if s == "RejectSequenceOperation" => {
                        MergeMode::RejectSequenceOperation
                    }
                    _ => {
                        return Err(path.key("merge").error(
                            r#"must be "ReplaceExistingEntry" or "RejectSequenceOperation""#,
                        ))
                    }
                },
                ord: ord(value.get("ord"), &path.key("ord"))?,
                role: optional_name(value.get("role"), &path.key("role"))?,
            }))
        }
        _ => Err(path.error(r#"must be "Unset" or an object {name, merge?, ord?, role?}"#)),
    }
}

fn ord(value: &Value, path: &Path) -> Checked<Option<u32>> {
    match value {
        Value::Absent => Ok(None),
        Value::Number(n) if n.fract() == 0.0 && *n >= 0.0 => {
            if *n <= f64::from(MAX_ORD) {
                Ok(Some(*n as u32))
            } else {
                Err(path.error(format_args!("must be at most {MAX_ORD}")))
            }
        }
        _ => Err(path.error("must be a non-negative integer")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::test_support::obj;
    use crate::wire::SequencePatch;

    fn s(text: &str) -> Value {
        Value::String(text.into())
    }

    fn one(action: Value) -> Checked<Action> {
        bulk_update(&Value::Array(vec![action]), &Value::Absent).map(|mut r| r.actions.remove(0))
    }

    fn message(action: Value) -> String {
        one(action).unwrap_err().message
    }

    fn link(name: &str) -> Value {
        obj(&[("name", s(name))])
    }

    #[test]
    fn explicit_kinds_in_wire_spelling() {
        assert_eq!(
            one(obj(&[
                ("kind", s("Link")),
                ("assetId", s("asset_1")),
                ("sequence", link("A"))
            ])),
            Ok(Action::Link {
                asset: AssetRef::Id("asset_1".into()),
                sequence: LinkTarget::Sequence(SequenceLink {
                    name: "A".into(),
                    merge: MergeMode::ReplaceExistingEntry,
                    ord: None,
                    role: None
                })
            })
        );
        assert_eq!(
            one(obj(&[
                ("kind", s("RemoveSequence")),
                ("sequenceName", s("A"))
            ])),
            Ok(Action::RemoveSequence {
                sequence: SequenceRef::Name("A".into())
            })
        );
        assert_eq!(
            one(obj(&[
                ("kind", s("PatchSequence")),
                ("sequenceId", s("seq_1")),
                ("patch", obj(&[("name", s("B"))]))
            ])),
            Ok(Action::PatchSequence {
                sequence: SequenceRef::Id("seq_1".into()),
                patch: SequencePatch {
                    name: Some("B".into()),
                    attributes: None
                }
            })
        );
    }

    #[test]
    fn kinds_are_inferred() {
        assert_eq!(
            one(obj(&[("asset_filename", s("image_1.jpg"))])),
            Ok(Action::Link {
                asset: AssetRef::Filename("image_1.jpg".into()),
                sequence: LinkTarget::Unset
            })
        );
        assert_eq!(
            one(obj(&[("assetId", s("asset_1")), ("sequence", s("Unset"))])),
            Ok(Action::Link {
                asset: AssetRef::Id("asset_1".into()),
                sequence: LinkTarget::Unset
            })
        );
        assert_eq!(
            one(obj(&[("sequence_id", s("seq_1")), ("patch", obj(&[]))])),
            Ok(Action::PatchSequence {
                sequence: SequenceRef::Id("seq_1".into()),
                patch: SequencePatch {
                    name: None,
                    attributes: None
                }
            })
        );
        assert_eq!(
            one(obj(&[("sequence_name", s("A"))])),
            Ok(Action::RemoveSequence {
                sequence: SequenceRef::Name("A".into())
            })
        );
    }

    #[test]
    fn link_details() {
        let action = one(obj(&[
            ("asset_id", s("asset_1")),
            (
                "sequence",
                obj(&[
                    ("name", s("A")),
                    ("merge", s("RejectSequenceOperation")),
                    ("ord", Value::Number(2147483647.0)),
                    ("role", s("Sagittal")),
                ]),
            ),
        ]))
        .unwrap();
        assert_eq!(
            action,
            Action::Link {
                asset: AssetRef::Id("asset_1".into()),
                sequence: LinkTarget::Sequence(SequenceLink {
                    name: "A".into(),
                    merge: MergeMode::RejectSequenceOperation,
                    ord: Some(2147483647),
                    role: Some("Sagittal".into())
                })
            }
        );
    }

    #[test]
    fn same_value_in_both_spellings_is_fine() {
        assert!(one(obj(&[("assetId", s("a")), ("asset_id", s("a"))])).is_ok());
    }

    #[test]
    fn bad_actions() {
        let cases = [
            (s("x"), "actions[0] must be an object"),
            (obj(&[("asset_filname", s("a.jpg"))]), r#"actions[0] has unknown key "asset_filname""#),
            (obj(&[]), "actions[0] must name an asset (assetId or assetFilename) or a sequence (sequenceId or sequenceName)"),
            (obj(&[("sequence", link("A"))]), "actions[0] must name an asset (assetId or assetFilename) or a sequence (sequenceId or sequenceName)"),
            (obj(&[("patch", obj(&[]))]), "actions[0] must name an asset (assetId or assetFilename) or a sequence (sequenceId or sequenceName)"),
            (obj(&[("kind", s("Unlink")), ("assetId", s("a"))]), r#"actions[0].kind must be "Link", "PatchSequence" or "RemoveSequence""#),
            (obj(&[("assetId", s("a")), ("asset_id", s("b"))]), "actions[0] has both assetId and asset_id, with different values"),
            (obj(&[("assetId", s("a")), ("sequenceId", s("seq_1"))]), "actions[0] is ambiguous: assetId makes it a Link but sequenceId does not belong in one; set kind or remove one"),
            (obj(&[("asset_filename", s("a")), ("patch", obj(&[]))]), "actions[0] is ambiguous: asset_filename makes it a Link but patch does not belong in one; set kind or remove one"),
            (obj(&[("kind", s("Link")), ("assetId", s("a")), ("sequence_name", s("A"))]), "actions[0].sequence_name does not belong in a Link action"),
            (obj(&[("kind", s("RemoveSequence")), ("assetId", s("a"))]), "actions[0].assetId does not belong in a RemoveSequence action"),
            (obj(&[("kind", s("RemoveSequence")), ("sequenceId", s("s")), ("patch", obj(&[]))]), "actions[0].patch does not belong in a RemoveSequence action"),
            (obj(&[("kind", s("PatchSequence")), ("sequenceId", s("s")), ("sequence", link("A"))]), "actions[0].sequence does not belong in a PatchSequence action"),
            (obj(&[("kind", s("PatchSequence")), ("sequenceId", s("s"))]), "actions[0].patch must be an object"),
            (obj(&[("kind", s("Link"))]), "actions[0] must have exactly one of assetId and assetFilename"),
            (obj(&[("assetId", s("a")), ("assetFilename", s("b"))]), "actions[0] must have exactly one of assetId and assetFilename"),
            (obj(&[("sequenceId", s("a")), ("sequenceName", s("b"))]), "actions[0] must have exactly one of sequenceId and sequenceName"),
            (obj(&[("kind", s("RemoveSequence"))]), "actions[0] must have exactly one of sequenceId and sequenceName"),
            (obj(&[("assetId", s("../x"))]), "actions[0].assetId must match [A-Za-z0-9_-]{1,256}"),
            (obj(&[("asset_id", Value::Number(3.0))]), "actions[0].asset_id must match [A-Za-z0-9_-]{1,256}"),
            (obj(&[("sequence_id", s("a/b"))]), "actions[0].sequence_id must match [A-Za-z0-9_-]{1,256}"),
            (obj(&[("assetFilename", s(""))]), "actions[0].assetFilename must be a non-empty string of at most 1024 bytes"),
            (obj(&[("sequenceName", s(&"n".repeat(1025)))]), "actions[0].sequenceName must be a non-empty string of at most 1024 bytes"),
            (obj(&[("assetId", s("a")), ("sequence", s("unset"))]), r#"actions[0].sequence must be "Unset" or an object {name, merge?, ord?, role?}"#),
            (obj(&[("assetId", s("a")), ("sequence", obj(&[]))]), "actions[0].sequence.name must be a non-empty string of at most 1024 bytes"),
            (obj(&[("assetId", s("a")), ("sequence", obj(&[("name", s("A")), ("oRd", Value::Number(1.0))]))]), r#"actions[0].sequence has unknown key "oRd""#),
            (obj(&[("assetId", s("a")), ("sequence", obj(&[("name", s("A")), ("merge", s("Replace"))]))]), r#"actions[0].sequence.merge must be "ReplaceExistingEntry" or "RejectSequenceOperation""#),
            (obj(&[("assetId", s("a")), ("sequence", obj(&[("name", s("A")), ("role", s(""))]))]), "actions[0].sequence.role must be a non-empty string of at most 1024 bytes"),
            (obj(&[("assetId", s("a")), ("sequence", obj(&[("name", s("A")), ("ord", Value::Number(2147483648.0))]))]), "actions[0].sequence.ord must be at most 2147483647"),
            (obj(&[("sequenceId", s("s")), ("patch", obj(&[("attributes", obj(&[("age", Value::Number(f64::NAN))]))]))]), "actions[0].patch.attributes.age must be a finite number"),
        ];
        for (action, expected) in cases {
            assert_eq!(message(action), expected);
        }
    }

    #[test]
    fn bad_ords() {
        for bad in [
            Value::Number(-1.0),
            Value::Number(1.5),
            Value::Number(f64::NAN),
            Value::Number(f64::INFINITY),
            s("1"),
            Value::Bool(true),
        ] {
            let action = obj(&[
                ("assetId", s("a")),
                ("sequence", obj(&[("name", s("A")), ("ord", bad)])),
            ]);
            assert_eq!(
                message(action),
                "actions[0].sequence.ord must be a non-negative integer"
            );
        }
    }

    #[test]
    fn error_names_the_index() {
        let actions = Value::Array(vec![
            obj(&[("assetId", s("a"))]),
            obj(&[("assetId", s("b"))]),
            obj(&[("assetId", s("c"))]),
            obj(&[
                ("assetId", s("d")),
                (
                    "sequence",
                    obj(&[("name", s("A")), ("ord", Value::Number(-3.0))]),
                ),
            ]),
        ]);
        let error = bulk_update(&actions, &Value::Absent).unwrap_err();
        assert_eq!(
            error.message,
            "actions[3].sequence.ord must be a non-negative integer"
        );
        assert_eq!(
            error.detail,
            crate::errors::Detail::Field("actions[3].sequence.ord".into())
        );
    }

    #[test]
    fn abort_modes() {
        let empty = Value::Array(vec![]);
        assert_eq!(
            bulk_update(&empty, &Value::Absent).unwrap().abort_mode,
            AbortMode::None
        );
        assert_eq!(
            bulk_update(&empty, &s("None")).unwrap().abort_mode,
            AbortMode::None
        );
        assert_eq!(
            bulk_update(&empty, &s("AbortOnAnyFailed"))
                .unwrap()
                .abort_mode,
            AbortMode::AbortOnAnyFailed
        );
        assert_eq!(
            bulk_update(&empty, &s("abort")).unwrap_err().message,
            r#"abortMode must be "None" or "AbortOnAnyFailed""#
        );
        assert_eq!(
            bulk_update(&obj(&[]), &Value::Absent).unwrap_err().message,
            "actions must be an array"
        );
    }
}
