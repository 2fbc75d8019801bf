//! Strict parsing of request bodies into typed commands, with errors that name the exact
//! location (`actions[3].sequence.ord: expected a non-negative integer, got -1`).
//!
//! Bodies are parsed from a `serde_json::Value` by hand so that every message can carry its
//! path; nothing is applied unless the whole body parses.

use crate::error::ApiError;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Longest name, filename, role, attribute key or id accepted, in UTF-8 bytes.
pub const MAX_STRING_BYTES: usize = 1024;
/// Largest `ord`.
pub const MAX_ORD: i64 = 2_147_483_647;

/// A parsed bulk update request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkRequest {
    /// Actions in request order.
    pub actions: Vec<Action>,
    /// How failures affect the other actions.
    pub abort_mode: AbortMode,
}

/// `abortMode` of a bulk update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AbortMode {
    /// Every action stands alone.
    None,
    /// All or nothing.
    AbortOnAnyFailed,
}

/// One bulk action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Put an asset into a sequence, or take it out.
    Link {
        /// Which asset.
        asset: AssetRef,
        /// Where it goes.
        target: LinkTarget,
    },
    /// Rename a sequence and/or replace its attributes.
    PatchSequence {
        /// Which sequence.
        sequence: SequenceRef,
        /// The change.
        patch: SequencePatch,
    },
    /// Delete a sequence (its assets survive, unlinked).
    RemoveSequence {
        /// Which sequence.
        sequence: SequenceRef,
    },
}

/// An asset named by id or by filename.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AssetRef {
    /// `assetId`.
    Id(String),
    /// `assetFilename`.
    Filename(String),
}

/// A sequence named by id or by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SequenceRef {
    /// `sequenceId`.
    Id(String),
    /// `sequenceName`.
    Name(String),
}

/// The `sequence` of a Link action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// `"Unset"`: take the asset out of its sequence.
    Unset,
    /// Put the asset into the named sequence.
    Sequence(SequenceLink),
}

/// Where a Link puts its asset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SequenceLink {
    /// Sequence name; created when it does not exist.
    pub name: String,
    /// What to do when the slot is taken.
    pub merge: MergeMode,
    /// Position; `None` takes the next free ord of the role.
    pub ord: Option<i64>,
    /// Role; `None` is the null role.
    pub role: Option<String>,
}

/// `merge` of a SequenceLink.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MergeMode {
    /// Unlink the slot's current holder and take the slot.
    ReplaceExistingEntry,
    /// Fail when the slot is held by another asset.
    RejectSequenceOperation,
}

/// A change to a sequence; `None` leaves the field as it is.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SequencePatch {
    /// New name.
    pub name: Option<String>,
    /// New attribute map, replacing the old one whole.
    pub attributes: Option<BTreeMap<String, String>>,
}

/// Parses JSON bytes, reporting syntax errors with line and column.
pub fn parse_json(bytes: &[u8]) -> Result<Value, ApiError> {
    serde_json::from_slice(bytes)
        .map_err(|err| ApiError::bad_request(format!("body: invalid JSON: {err}")))
}

/// Parses a bulk update body.
pub fn parse_bulk_request(body: &Value) -> Result<BulkRequest, ApiError> {
    bulk_request(body).map_err(ApiError::bad_request)
}

/// Parses a `PATCH` body (a SequencePatch).
pub fn parse_patch_body(body: &Value) -> Result<SequencePatch, ApiError> {
    sequence_patch(body, "").map_err(ApiError::bad_request)
}

type Parsed<T> = Result<T, String>;

fn bulk_request(body: &Value) -> Parsed<BulkRequest> {
    let obj = object(body, "body")?;
    reject_unknown(obj, "", &["actions", "abortMode"])?;
    let actions = match obj.get("actions") {
        Some(Value::Array(items)) => items,
        Some(other) => {
            return Err(format!(
                "actions: expected an array, got {}",
                describe(other)
            ))
        }
        None => return Err("actions: missing (expected an array of actions)".into()),
    };
    let abort_mode = match obj.get("abortMode") {
        None | Some(Value::Null) => AbortMode::None,
        Some(Value::String(s)) if s == "None" => AbortMode::None,
        Some(Value::String(s)) if s == "AbortOnAnyFailed" => AbortMode::AbortOnAnyFailed,
        Some(other) => {
            return Err(format!(
                "abortMode: expected \"None\" or \"AbortOnAnyFailed\", got {}",
                describe(other)
            ))
        }
    };
    let actions = actions
        .iter()
        .enumerate()
        .map(|(i, v)| action(v, &format!("actions[{i}]")))
        .collect::<Parsed<Vec<_>>>()?;
    Ok(BulkRequest {
        actions,
        abort_mode,
    })
}

fn action(value: &Value, path: &str) -> Parsed<Action> {
    let obj = object(value, path)?;
    let kind = match obj.get("kind") {
        Some(Value::String(s)) => s.as_str(),
        Some(other) => return Err(format!("{path}.kind: expected one of \"Link\", \"PatchSequence\", \"RemoveSequence\", got {}", describe(other))),
        None => return Err(format!("{path}.kind: missing (expected one of \"Link\", \"PatchSequence\", \"RemoveSequence\")")),
    };
    match kind {
        "Link" => {
            reject_unknown(obj, path, &["kind", "assetId", "assetFilename", "sequence"])?;
            let asset = match one_of(obj, path, "assetId", "assetFilename")? {
                (true, s) => AssetRef::Id(s),
                (false, s) => AssetRef::Filename(s),
            };
            let target = link_target(obj.get("sequence"), &join(path, "sequence"))?;
            Ok(Action::Link { asset, target })
        }
        "PatchSequence" => {
            reject_unknown(obj, path, &["kind", "sequenceId", "sequenceName", "patch"])?;
            let sequence = sequence_ref(obj, path)?;
            let patch_path = join(path, "patch");
            let patch = match obj.get("patch") {
                Some(v) => sequence_patch(v, &patch_path)?,
                None => {
                    return Err(format!(
                        "{patch_path}: missing (expected a SequencePatch object)"
                    ))
                }
            };
            Ok(Action::PatchSequence { sequence, patch })
        }
        "RemoveSequence" => {
            reject_unknown(obj, path, &["kind", "sequenceId", "sequenceName"])?;
            Ok(Action::RemoveSequence {
                sequence: sequence_ref(obj, path)?,
            })
        }
        other => Err(format!(
            "{path}.kind: expected one of \"Link\", \"PatchSequence\", \"RemoveSequence\", got {}",
            describe(&Value::String(other.to_string()))
        )),
    }
}

fn sequence_ref(obj: &Map<String, Value>, path: &str) -> Parsed<SequenceRef> {
    Ok(match one_of(obj, path, "sequenceId", "sequenceName")? {
        (true, s) => SequenceRef::Id(s),
        (false, s) => SequenceRef::Name(s),
    })
}

/// Exactly one of two string fields (a null value counts as absent); `true` means the first.
fn one_of(
    obj: &Map<String, Value>,
    path: &str,
    first: &str,
    second: &str,
) -> Parsed<(bool, String)> {
    let present = |key: &str| obj.get(key).filter(|v| !v.is_null());
    match (present(first), present(second)) {
        (Some(v), None) => Ok((true, bounded_string(v, &join(path, first))?)),
        (None, Some(v)) => Ok((false, bounded_string(v, &join(path, second))?)),
        (Some(_), Some(_)) => Err(format!(
            "{path}: expected exactly one of {first} and {second}, got both"
        )),
        (None, None) => Err(format!(
            "{path}: expected exactly one of {first} and {second}, got neither"
        )),
    }
}

fn link_target(value: Option<&Value>, path: &str) -> Parsed<LinkTarget> {
    let obj = match value {
        Some(Value::String(s)) if s == "Unset" => return Ok(LinkTarget::Unset),
        Some(Value::Object(obj)) => obj,
        Some(other) => {
            return Err(format!(
                "{path}: expected \"Unset\" or a SequenceLink object, got {}",
                describe(other)
            ))
        }
        None => {
            return Err(format!(
                "{path}: missing (expected \"Unset\" or a SequenceLink object)"
            ))
        }
    };
    reject_unknown(obj, path, &["name", "merge", "ord", "role"])?;
    let name_path = join(path, "name");
    let name = match obj.get("name") {
        Some(v) => bounded_string(v, &name_path)?,
        None => return Err(format!("{name_path}: missing (expected a string)")),
    };
    let merge = match obj.get("merge") {
        None | Some(Value::Null) => MergeMode::ReplaceExistingEntry,
        Some(Value::String(s)) if s == "ReplaceExistingEntry" => MergeMode::ReplaceExistingEntry,
        Some(Value::String(s)) if s == "RejectSequenceOperation" => {
            MergeMode::RejectSequenceOperation
        }
        Some(other) => {
            return Err(format!(
                "{path}.merge: expected \"ReplaceExistingEntry\" or \"RejectSequenceOperation\", got {}",
                describe(other)
            ))
        }
    };
    let ord = match obj.get("ord") {
        None | Some(Value::Null) => None,
        Some(v) => Some(ord(v, &join(path, "ord"))?),
    };
    let role = optional_string(obj.get("role"), &join(path, "role"))?;
    Ok(LinkTarget::Sequence(SequenceLink {
        name,
        merge,
        ord,
        role,
    }))
}

fn ord(value: &Value, path: &str) -> Parsed<i64> {
    match value.as_i64() {
        Some(n) if (0..=MAX_ORD).contains(&n) => Ok(n),
        Some(n) if n > MAX_ORD => Err(format!(
            "{path}: expected an integer at most {MAX_ORD}, got {n}"
        )),
        _ if value.as_u64().is_some() => Err(format!(
            "{path}: expected an integer at most {MAX_ORD}, got {}",
            describe(value)
        )),
        _ => Err(format!(
            "{path}: expected a non-negative integer, got {}",
            describe(value)
        )),
    }
}

fn sequence_patch(value: &Value, path: &str) -> Parsed<SequencePatch> {
    let what = if path.is_empty() { "body" } else { path };
    let obj = object(value, what)?;
    reject_unknown(obj, path, &["name", "attributes"])?;
    let name = optional_string(obj.get("name"), &join(path, "name"))?;
    let attr_path = join(path, "attributes");
    let attributes = match obj.get("attributes") {
        None | Some(Value::Null) => None,
        Some(Value::Object(map)) => {
            let mut attrs = BTreeMap::new();
            for (key, v) in map {
                let key_path = attribute_path(&attr_path, key);
                if key.is_empty() || key.len() > MAX_STRING_BYTES {
                    return Err(format!(
                        "{key_path}: attribute keys must be non-empty strings of at most {MAX_STRING_BYTES} bytes"
                    ));
                }
                match v {
                    Value::String(s) => attrs.insert(key.clone(), s.clone()),
                    other => {
                        return Err(format!(
                            "{key_path}: expected a string, got {}",
                            describe(other)
                        ))
                    }
                };
            }
            Some(attrs)
        }
        Some(other) => {
            return Err(format!(
                "{attr_path}: expected an object of string values or null, got {}",
                describe(other)
            ))
        }
    };
    Ok(SequencePatch { name, attributes })
}

fn object<'a>(value: &'a Value, path: &str) -> Parsed<&'a Map<String, Value>> {
    value
        .as_object()
        .ok_or_else(|| format!("{path}: expected an object, got {}", describe(value)))
}

fn reject_unknown(obj: &Map<String, Value>, path: &str, known: &[&str]) -> Parsed<()> {
    match obj.keys().find(|k| !known.contains(&k.as_str())) {
        Some(key) => Err(format!(
            "{}: unknown field (expected one of {})",
            join(path, key),
            known.join(", ")
        )),
        None => Ok(()),
    }
}

fn optional_string(value: Option<&Value>, path: &str) -> Parsed<Option<String>> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(v) => bounded_string(v, path).map(Some),
    }
}

fn bounded_string(value: &Value, path: &str) -> Parsed<String> {
    match value {
        Value::String(s) if !s.is_empty() && s.len() <= MAX_STRING_BYTES => Ok(s.clone()),
        Value::String(s) if s.is_empty() => {
            Err(format!("{path}: expected a non-empty string, got \"\""))
        }
        Value::String(s) => Err(format!(
            "{path}: expected a string of at most {MAX_STRING_BYTES} bytes, got {} bytes",
            s.len()
        )),
        other => Err(format!(
            "{path}: expected a string, got {}",
            describe(other)
        )),
    }
}

fn join(path: &str, field: &str) -> String {
    if path.is_empty() {
        field.to_string()
    } else {
        format!("{path}.{field}")
    }
}

/// `attributes.age`, or `attributes["a b"]` when the key is not a plain identifier.
fn attribute_path(path: &str, key: &str) -> String {
    let plain = !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain {
        join(path, key)
    } else {
        format!("{path}[{}]", Value::String(truncate(key)))
    }
}

/// A short rendering of a JSON value for error messages.
pub fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => Value::String(truncate(s)).to_string(),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

fn truncate(s: &str) -> String {
    const MAX_CHARS: usize = 40;
    if s.chars().count() <= MAX_CHARS {
        s.to_string()
    } else {
        let head: String = s.chars().take(MAX_CHARS).collect();
        format!("{head}...")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn err(body: Value) -> String {
        parse_bulk_request(&body).unwrap_err().message
    }

    #[test]
    fn parses_every_action_shape() {
        let body = json!({"actions": [
            {"kind": "Link", "assetId": "asset_1", "sequence": {"name": "A", "merge": "RejectSequenceOperation", "ord": 1, "role": "R"}},
            {"kind": "Link", "assetFilename": "a.jpg", "sequence": "Unset"},
            {"kind": "PatchSequence", "sequenceName": "A", "patch": {"name": null, "attributes": {"k": "v"}}},
            {"kind": "RemoveSequence", "sequenceId": "seq_1"}
        ], "abortMode": "AbortOnAnyFailed"});
        let req = parse_bulk_request(&body).unwrap();
        assert_eq!(req.abort_mode, AbortMode::AbortOnAnyFailed);
        assert_eq!(
            req.actions[0],
            Action::Link {
                asset: AssetRef::Id("asset_1".into()),
                target: LinkTarget::Sequence(SequenceLink {
                    name: "A".into(),
                    merge: MergeMode::RejectSequenceOperation,
                    ord: Some(1),
                    role: Some("R".into())
                })
            }
        );
        assert_eq!(
            req.actions[1],
            Action::Link {
                asset: AssetRef::Filename("a.jpg".into()),
                target: LinkTarget::Unset
            }
        );
        assert_eq!(
            req.actions[3],
            Action::RemoveSequence {
                sequence: SequenceRef::Id("seq_1".into())
            }
        );
    }

    #[test]
    fn errors_name_the_action_and_field() {
        let link = |seq: Value| json!({"actions": [{"kind": "RemoveSequence", "sequenceId": "s"}, {"kind": "Link", "assetId": "a", "sequence": seq}]});
        assert_eq!(
            err(link(json!({"name": "A", "ord": -1}))),
            "actions[1].sequence.ord: expected a non-negative integer, got -1"
        );
        assert_eq!(
            err(link(json!({"name": "A", "ord": 1.5}))),
            "actions[1].sequence.ord: expected a non-negative integer, got 1.5"
        );
        assert_eq!(
            err(link(json!({"name": "A", "ord": 2147483648u64}))),
            "actions[1].sequence.ord: expected an integer at most 2147483647, got 2147483648"
        );
        assert_eq!(
            err(link(json!("Nope"))),
            "actions[1].sequence: expected \"Unset\" or a SequenceLink object, got \"Nope\""
        );
        assert_eq!(
            err(link(json!({"name": "A", "merge": "Overwrite"}))),
            "actions[1].sequence.merge: expected \"ReplaceExistingEntry\" or \"RejectSequenceOperation\", got \"Overwrite\""
        );
        assert_eq!(
            err(json!({"actions": [{"kind": "Unlink"}]})),
            "actions[0].kind: expected one of \"Link\", \"PatchSequence\", \"RemoveSequence\", got \"Unlink\""
        );
        assert_eq!(
            err(
                json!({"actions": [{"kind": "Link", "assetId": "a", "assetFilename": "b", "sequence": "Unset"}]})
            ),
            "actions[0]: expected exactly one of assetId and assetFilename, got both"
        );
        assert_eq!(
            err(json!({"actions": [{"kind": "RemoveSequence"}]})),
            "actions[0]: expected exactly one of sequenceId and sequenceName, got neither"
        );
        assert_eq!(
            err(
                json!({"actions": [{"kind": "PatchSequence", "sequenceId": "s", "patch": {"attributes": {"age": 20}}}]})
            ),
            "actions[0].patch.attributes.age: expected a string, got 20"
        );
        assert_eq!(
            err(json!({"actions": [{"kind": "Link", "assetId": 5, "sequence": "Unset"}]})),
            "actions[0].assetId: expected a string, got 5"
        );
        assert_eq!(
            err(json!({"actions": [{"kind": "Link", "asset_id": "a", "sequence": "Unset"}]})),
            "actions[0].asset_id: unknown field (expected one of kind, assetId, assetFilename, sequence)"
        );
        assert_eq!(err(json!([])), "body: expected an object, got an array");
        assert_eq!(
            err(json!({"actions": [], "abortMode": "All"})),
            "abortMode: expected \"None\" or \"AbortOnAnyFailed\", got \"All\""
        );
    }

    #[test]
    fn patch_body_paths_have_no_prefix() {
        let e = parse_patch_body(&json!({"name": "", "attributes": null})).unwrap_err();
        assert_eq!(e.message, "name: expected a non-empty string, got \"\"");
        let e = parse_patch_body(&json!({"attributes": {"a b": true}})).unwrap_err();
        assert_eq!(
            e.message,
            "attributes[\"a b\"]: expected a string, got true"
        );
        assert_eq!(
            parse_patch_body(&json!({})).unwrap(),
            SequencePatch::default()
        );
    }

    #[test]
    fn invalid_json_reports_position() {
        let e = parse_json(b"{\"actions\": [").unwrap_err();
        assert!(
            e.message.starts_with("body: invalid JSON: "),
            "{}",
            e.message
        );
        assert!(e.message.contains("line 1"), "{}", e.message);
    }
}
