//! Request bodies: read by serde into their wire types (`nexus_wire`), every error located by
//! its path (`actions[3].sequence.ord: invalid value: integer `-1`, expected u32`), then checked
//! for what the types cannot say (string lengths, the `ord` range). Nothing is applied unless
//! the whole body passes both.

use crate::error::ApiError;
use nexus_wire::rules::{MAX_NAME_BYTES, MAX_ORD};
use nexus_wire::{Action, BulkUpdateRequest, LinkTarget, SequencePatch};
use serde::de::DeserializeOwned;
use serde_path_to_error::{Path, Segment};

use std::fmt::Write;

/// Reads a JSON body into `T`. Syntax errors give their line and column; shape errors the path
/// of the offending value (the body itself is `body`).
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    match serde_path_to_error::deserialize(&mut deserializer) {
        Ok(value) => {
            deserializer.end().map_err(|e| invalid_json(&e))?;
            Ok(value)
        }
        Err(error) if error.inner().is_data() => Err(located(&error)),
        // serde_json calls some shape errors in valid JSON syntax errors ("expected value" for
        // a number where an enum belongs). Read from the parsed value, they say what they are.
        Err(error) => Err(match serde_json::from_slice::<serde_json::Value>(bytes) {
            Ok(value) => match serde_path_to_error::deserialize::<_, T>(value) {
                Err(shape) => located(&shape),
                Ok(_) => invalid_json(error.inner()),
            },
            Err(_) => invalid_json(error.inner()),
        }),
    }
}

/// A shape error as `path: message`.
fn located(error: &serde_path_to_error::Error<serde_json::Error>) -> ApiError {
    let inner = error.inner();
    // The path locates the error better than serde_json's position does.
    let position = format!(" at line {} column {}", inner.line(), inner.column());
    let message = inner.to_string();
    let message = message.strip_suffix(&position).unwrap_or(&message);
    ApiError::bad_request(format!("{}: {message}", render(error.path())))
}

fn invalid_json(error: &serde_json::Error) -> ApiError {
    ApiError::bad_request(format!("body: invalid JSON: {error}"))
}

/// Checks a bulk update body beyond its shape.
pub fn check_bulk(request: &BulkUpdateRequest) -> Result<(), ApiError> {
    for (i, action) in request.actions.iter().enumerate() {
        let at = format!("actions[{i}]");
        match action {
            Action::Link { asset, sequence } => {
                bounded(asset.value(), &format!("{at}.{}", asset.key().name()))?;
                if let LinkTarget::Sequence(link) = sequence {
                    bounded(&link.name, &format!("{at}.sequence.name"))?;
                    if let Some(role) = &link.role {
                        bounded(role, &format!("{at}.sequence.role"))?;
                    }
                    if let Some(ord) = link.ord.filter(|ord| *ord > MAX_ORD) {
                        return Err(ApiError::bad_request(format!(
                            "{at}.sequence.ord: expected an integer at most {MAX_ORD}, got {ord}"
                        )));
                    }
                }
            }
            Action::PatchSequence { sequence, patch } => {
                bounded(sequence.value(), &format!("{at}.{}", sequence.key().name()))?;
                check_patch_at(patch, &format!("{at}.patch."))?;
            }
            Action::RemoveSequence { sequence } => {
                bounded(sequence.value(), &format!("{at}.{}", sequence.key().name()))?;
            }
        }
    }
    Ok(())
}

/// Checks a `PATCH` body beyond its shape.
pub fn check_patch(patch: &SequencePatch) -> Result<(), ApiError> {
    check_patch_at(patch, "")
}

/// `prefix` is the path of the patch with its trailing dot, or empty for a `PATCH` body.
fn check_patch_at(patch: &SequencePatch, prefix: &str) -> Result<(), ApiError> {
    if let Some(name) = &patch.name {
        bounded(name, &format!("{prefix}name"))?;
    }
    for key in patch.attributes.iter().flat_map(|map| map.keys()) {
        if key.is_empty() || key.len() > MAX_NAME_BYTES {
            let mut at = format!("{prefix}attributes");
            push_key(&mut at, key);
            return Err(ApiError::bad_request(format!(
                "{at}: attribute keys must be non-empty strings of at most {MAX_NAME_BYTES} bytes"
            )));
        }
    }
    Ok(())
}

/// A string of 1 to [`MAX_NAME_BYTES`] UTF-8 bytes.
fn bounded(text: &str, at: &str) -> Result<(), ApiError> {
    if text.is_empty() {
        Err(ApiError::bad_request(format!(
            "{at}: expected a non-empty string, got \"\""
        )))
    } else if text.len() > MAX_NAME_BYTES {
        Err(ApiError::bad_request(format!(
            "{at}: expected a string of at most {MAX_NAME_BYTES} bytes, got {} bytes",
            text.len()
        )))
    } else {
        Ok(())
    }
}

/// A path as `actions[3].sequence.ord`, with keys that are not plain identifiers quoted
/// (`attributes["a b"]`); the whole body is `body`.
fn render(path: &Path) -> String {
    let mut out = String::new();
    for segment in path {
        match segment {
            Segment::Seq { index } => {
                let _ = write!(out, "[{index}]");
            }
            Segment::Map { key } => push_key(&mut out, key),
            Segment::Enum { variant } => push_key(&mut out, variant),
            Segment::Unknown => push_key(&mut out, "?"),
        }
    }
    if out.is_empty() {
        out.push_str("body");
    }
    out
}

/// Appends `.key`, or `["key"]` when the key is not a plain identifier (long keys cut short).
pub fn push_key(out: &mut String, key: &str) {
    let plain = !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain {
        if !out.is_empty() {
            out.push('.');
        }
        out.push_str(key);
    } else {
        const MAX_CHARS: usize = 40;
        let mut shown: String = key.chars().take(MAX_CHARS).collect();
        if shown.len() < key.len() {
            shown.push_str("...");
        }
        let _ = write!(out, "[{}]", serde_json::Value::String(shown));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bulk_error(body: &str) -> String {
        parse::<BulkUpdateRequest>(body.as_bytes())
            .and_then(|request| check_bulk(&request))
            .unwrap_err()
            .message
    }

    /// The message for a bulk update of one Link action to `sequence` (its JSON).
    fn link(sequence: &str) -> String {
        bulk_error(&format!(
            r#"{{"actions": [{{"kind": "Link", "assetId": "a", "sequence": {sequence}}}]}}"#
        ))
    }

    fn patch_error(body: &str) -> String {
        parse::<SequencePatch>(body.as_bytes())
            .and_then(|patch| check_patch(&patch))
            .unwrap_err()
            .message
    }

    #[test]
    fn shape_errors_carry_their_path() {
        assert_eq!(
            bulk_error(
                r#"{"actions": [{"kind": "RemoveSequence", "sequenceId": "s"}, {"kind": "Link", "assetId": "a", "sequence": {"name": "A", "ord": -1}}]}"#
            ),
            "actions[1].sequence.ord: invalid value: integer `-1`, expected u32"
        );
        assert_eq!(
            bulk_error("[]"),
            "body: invalid type: sequence, expected an object {actions, abortMode?}"
        );
        assert_eq!(
            patch_error(r#"{"attributes": {"a b": true}}"#),
            r#"attributes["a b"]: invalid type: boolean `true`, expected a string"#
        );
        assert_eq!(
            link(r#"{"name": "A", "merge": true}"#),
            "actions[0].sequence.merge: invalid type: boolean `true`, expected string or map"
        );
        assert_eq!(
            bulk_error(r#"{"actions": [{"kind": 5}]}"#),
            "actions[0].kind: invalid type: integer `5`, expected string or map"
        );
        assert_eq!(
            patch_error(r#"{"attributes": {"age": 20}}"#),
            "attributes.age: invalid type: integer `20`, expected a string"
        );
    }

    #[test]
    fn checks_name_what_serde_cannot() {
        assert_eq!(
            link(r#"{"name": "A", "ord": 2147483648}"#),
            "actions[0].sequence.ord: expected an integer at most 2147483647, got 2147483648"
        );
        assert_eq!(
            link(r#"{"name": ""}"#),
            "actions[0].sequence.name: expected a non-empty string, got \"\""
        );
        let long = "r".repeat(MAX_NAME_BYTES + 1);
        assert_eq!(
            link(&format!(r#"{{"name": "A", "role": "{long}"}}"#)),
            "actions[0].sequence.role: expected a string of at most 1024 bytes, got 1025 bytes"
        );
        assert_eq!(
            bulk_error(
                r#"{"actions": [{"kind": "PatchSequence", "sequenceName": "A", "patch": {"attributes": {"": "v"}}}]}"#
            ),
            r#"actions[0].patch.attributes[""]: attribute keys must be non-empty strings of at most 1024 bytes"#
        );
        assert_eq!(
            patch_error(r#"{"name": "", "attributes": null}"#),
            "name: expected a non-empty string, got \"\""
        );
        assert_eq!(
            parse::<SequencePatch>(b"{}").unwrap(),
            SequencePatch::default()
        );
    }

    #[test]
    fn invalid_json_reports_position() {
        for body in [&b"{\"actions\": ["[..], b"{\"actions\": []} {}", b"\xff"] {
            let message = parse::<BulkUpdateRequest>(body).unwrap_err().message;
            assert!(message.starts_with("body: invalid JSON: "), "{message}");
            assert!(message.contains("line 1"), "{message}");
        }
    }
}
