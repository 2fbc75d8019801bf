//! The response path: a 2xx body is parsed by serde_json into its wire type (`nexus_wire`) and
//! handed to JavaScript by serde-wasm-bindgen as plain objects (objects, not `Map`s; `null` for
//! absent values; numbers, not BigInts).
//!
//! A body of the wrong shape is a `ResponseDecodeError` naming where
//! (`data[3].items[1].ord: invalid type: string "6", expected u32`). Finding the path is paid
//! only on that cold path, and without a second typed parse: serde_json says at which byte the
//! typed parse failed, and [`locate`] re-reads the body up to the value there with one untyped,
//! path-tracking parse (serde_path_to_error over `serde_json::Value`), compiled once for every
//! response type: the typed tracking parse of each type it replaces was 31 KB of the wasm
//! (bench/README.md, "Size of the browser build").

use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::JsValue;

use crate::errors::{Detail, ErrorContext, ErrorKind, NexusError};
use crate::transport::Reply;

/// Parses a 2xx reply's body as a `T`.
pub fn parse<T: DeserializeOwned>(reply: &Reply) -> Result<T, NexusError> {
    serde_json::from_slice(&reply.body)
        .map_err(|error| decode_error(&locate(&reply.body, &error), reply))
}

/// `value` as the plain JavaScript objects the API documents.
pub fn to_js<T: Serialize>(value: &T, reply: &Reply) -> Result<JsValue, NexusError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|error| {
            let problem = format!("it cannot be handed to JavaScript: {error}");
            decode_error(&problem, reply)
        })
}

/// What is wrong with `body` (serde_json's `error`), with the path of the value that does not
/// fit when there is one.
#[cold]
fn locate(body: &[u8], error: &serde_json::Error) -> String {
    match path_at(body, byte_offset(body, error.line(), error.column())) {
        Some(path) => format!("{path}: {error}"),
        None => error.to_string(),
    }
}

/// The byte offset of serde_json's `line` and `column` (1-based lines; the column counts the
/// bytes of the line before the position).
fn byte_offset(body: &[u8], line: usize, column: usize) -> usize {
    let mut newlines = (0..body.len()).filter(|&at| body[at] == b'\n');
    let line_start = line
        .checked_sub(2)
        .and_then(|before| newlines.nth(before))
        .map_or(0, |newline| newline + 1);
    line_start + column
}

/// The path of the value a typed parse was reading when it failed at `offset`.
///
/// serde_json reports a value of the wrong type just after it (a string, number, `true`,
/// `null`), or at it when it is an object or array it did not enter; a missing field or a
/// wrong length just after the object or array. The body is cut there and parsed again,
/// untyped, with serde_path_to_error, so that the parse fails at exactly that place:
/// - before a value, followed by a byte that cannot start one: the parse fails in that value;
/// - before the closing bracket of a finished object or array, followed by nothing: the parse
///   fails in that object or array, between its members.
fn path_at(body: &[u8], offset: usize) -> Option<String> {
    let consumed = body.get(..offset)?;
    let (cut, sentinel) = match consumed.last()? {
        b'}' | b']' => (offset - 1, None),
        // A string: cut before its opening quote (the last one not escaped).
        b'"' => {
            let opening = (0..offset - 1).rev().find(|&quote| {
                consumed[quote] == b'"'
                    && consumed[..quote]
                        .iter()
                        .rev()
                        .take_while(|byte| **byte == b'\\')
                        .count()
                        % 2
                        == 0
            })?;
            (opening, Some(b'!'))
        }
        // A number, `true`, `false` or `null`.
        byte if is_scalar_byte(*byte) => {
            let start = consumed
                .iter()
                .rposition(|byte| !is_scalar_byte(*byte))
                .map_or(0, |before| before + 1);
            (start, Some(b'!'))
        }
        // Nothing of the value read yet: it starts at the offset.
        _ => (offset, Some(b'!')),
    };
    let mut probe = body[..cut].to_vec();
    probe.extend(sentinel);
    let mut deserializer = serde_json::Deserializer::from_slice(&probe);
    let located =
        serde_path_to_error::deserialize::<_, serde_json::Value>(&mut deserializer).err()?;
    // Between an object's members the next key has no name yet: serde_path_to_error says `?`.
    let path = located.path().to_string();
    let path = path.strip_suffix(".?").unwrap_or(&path);
    (!matches!(path, "" | "." | "?")).then(|| path.to_owned())
}

/// Whether `byte` can be part of a JSON number, `true`, `false` or `null`.
fn is_scalar_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'+' | b'.')
}

fn decode_error(problem: &str, reply: &Reply) -> NexusError {
    let request = reply
        .request_id
        .as_deref()
        .map_or_else(String::new, |id| format!(" (request id {id})"));
    NexusError {
        kind: ErrorKind::ResponseDecode,
        status: Some(reply.status),
        code: ErrorKind::ResponseDecode.class_name().to_owned(),
        message: format!("the response is not the documented shape: {problem}{request}"),
        detail: Detail::None,
        request_id: reply.request_id.clone(),
        context: Some(Box::new(ErrorContext {
            headers: reply.headers.clone(),
            ..ErrorContext::default()
        })),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nexus_wire::{DeleteSequenceResponse, Page, Sequence, SequenceBulkUpdateResponse};

    const SEQUENCE_TEXT: &str = r#"{
      "id": "seq_f77a1a3d-2ea2-45fc-a3f5-dc916a56f28c",
      "name": "Patient A",
      "length": 2,
      "projectId": "proj_cd067221d5a6e4007ccbb4afb5966535",
      "items": [
        {"assetId": "asset_b5dff11f-6f70-4642-a85b-56f6f6922ac1", "ord": 3, "role": "Sagittal"},
        {"assetId": "asset_fe8ca0ce-654e-4f33-929c-09aa9243850f", "ord": 6, "role": null}
      ],
      "itemCountWithRole": {"Sagittal": 1},
      "attributes": {"bytesUsed": 20, "bytesTotal": 1048576, "items": {"report0": "...", "report1": "..."}},
      "createDate": 1705475663570,
      "updateDate": 1705475727051
    }"#;

    fn reply(body: &str) -> Reply {
        Reply {
            status: 200,
            request_id: Some("req-9".into()),
            headers: Vec::new(),
            idempotency_key: None,
            body: body.as_bytes().to_vec(),
        }
    }

    fn error_of<T: DeserializeOwned>(body: &str) -> String {
        parse::<T>(&reply(body))
            .err()
            .map(|e| e.message)
            .unwrap_or_default()
    }

    fn page(data: &[&str]) -> String {
        format!(
            r#"{{"nextPage": null, "prevPage": null, "data": [{}]}}"#,
            data.join(",")
        )
    }

    #[test]
    fn documented_shapes_parse() {
        let sequence = parse::<Sequence>(&reply(SEQUENCE_TEXT)).unwrap();
        assert_eq!(sequence.items[1].role, None);
        assert_eq!(sequence.attributes.bytes_used, 20);
        let two = parse::<Page<Sequence>>(&reply(&page(&[SEQUENCE_TEXT, SEQUENCE_TEXT]))).unwrap();
        assert_eq!(two.data.len(), 2);
        assert!(
            parse::<DeleteSequenceResponse>(&reply(r#"{"deleted": true, "id": "seq_1"}"#)).is_ok()
        );
        assert!(
            parse::<SequenceBulkUpdateResponse>(&reply(r#"{"actions": ["Ok", "Failed"]}"#)).is_ok()
        );
    }

    #[test]
    fn extra_fields_pass() {
        let with_extra = SEQUENCE_TEXT.replacen(
            "\"length\"",
            "\"future\": [1, {\"x\": null}], \"length\"",
            1,
        );
        assert!(parse::<Sequence>(&reply(&with_extra)).is_ok());
    }

    #[test]
    fn wrong_shapes_name_the_path_and_request() {
        let bad_ord = SEQUENCE_TEXT.replacen("\"ord\": 6", "\"ord\": \"6\"", 1);
        let message = error_of::<Page<Sequence>>(&page(&[
            SEQUENCE_TEXT,
            SEQUENCE_TEXT,
            SEQUENCE_TEXT,
            &bad_ord,
        ]));
        assert!(message.starts_with("the response is not the documented shape: data[3].items[1].ord: invalid type: string \"6\""), "{message}");
        assert!(message.ends_with("(request id req-9)"), "{message}");
        let missing =
            error_of::<Sequence>(&SEQUENCE_TEXT.replacen("\"name\": \"Patient A\",", "", 1));
        assert!(missing.contains("missing field `name`"), "{missing}");
        let deep = error_of::<Sequence>(&SEQUENCE_TEXT.replacen(
            "\"report1\": \"...\"",
            "\"report1\": 7",
            1,
        ));
        assert!(
            deep.contains(": attributes.items.report1: invalid type: integer `7`"),
            "{deep}"
        );
        let result = error_of::<SequenceBulkUpdateResponse>(r#"{"actions": ["Ok", "Maybe"]}"#);
        assert!(
            result.contains("actions[1]: unknown variant `Maybe`"),
            "{result}"
        );
    }

    /// Every place of a page where a value can be wrong or missing: its JSON pointer.
    fn pointers(value: &serde_json::Value, at: &str, out: &mut Vec<String>) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, inner) in map {
                    pointers(inner, &format!("{at}/{key}"), out);
                }
            }
            serde_json::Value::Array(items) => {
                for (index, inner) in items.iter().enumerate() {
                    pointers(inner, &format!("{at}/{index}"), out);
                }
            }
            _ => {}
        }
        out.push(at.to_owned());
    }

    /// `page` with the value at `pointer` replaced by `replacement`, or removed (`None`).
    fn mutated(
        page: &serde_json::Value,
        pointer: &str,
        replacement: Option<&str>,
    ) -> serde_json::Value {
        let mut page = page.clone();
        match replacement {
            Some(json) => *page.pointer_mut(pointer).unwrap() = serde_json::from_str(json).unwrap(),
            None => {
                let (parent, key) = pointer.rsplit_once('/').unwrap();
                if let Some(object) = page.pointer_mut(parent).unwrap().as_object_mut() {
                    object.remove(key);
                }
            }
        }
        page
    }

    #[test]
    fn the_path_is_the_one_a_typed_tracking_parse_finds() {
        let page: serde_json::Value =
            serde_json::from_str(&page(&[SEQUENCE_TEXT, SEQUENCE_TEXT])).unwrap();
        let mut places = Vec::new();
        pointers(&page, "", &mut places);
        let replacements = [
            Some(r#""6""#),
            Some(r#""a \" quote \\""#),
            Some("7"),
            Some("-1.5e3"),
            Some("true"),
            Some("null"),
            Some("{}"),
            Some("[]"),
            Some(r#"{"a": [1]}"#),
            None,
        ];
        let mut compared = 0;
        for place in places.iter().filter(|place| !place.is_empty()) {
            for replacement in replacements {
                let body = mutated(&page, place, replacement);
                for text in [
                    serde_json::to_vec(&body).unwrap(),
                    serde_json::to_vec_pretty(&body).unwrap(),
                ] {
                    let mut deserializer = serde_json::Deserializer::from_slice(&text);
                    let Err(typed) =
                        serde_path_to_error::deserialize::<_, Page<Sequence>>(&mut deserializer)
                    else {
                        continue;
                    };
                    let error = serde_json::from_slice::<Page<Sequence>>(&text).unwrap_err();
                    let found = path_at(&text, byte_offset(&text, error.line(), error.column()));
                    // An empty path prints as ".": the message then names none.
                    assert_eq!(
                        found.as_deref().unwrap_or("."),
                        typed.path().to_string(),
                        "{place} := {replacement:?}: {}",
                        String::from_utf8_lossy(&text)
                    );
                    compared += 1;
                }
            }
        }
        assert!(compared > 600, "{compared}");
    }

    #[test]
    fn bodies_that_are_not_json() {
        assert!(error_of::<Sequence>("").contains("EOF while parsing"));
        assert!(error_of::<Sequence>("<html>").contains("expected value"));
        assert!(error_of::<Sequence>(&format!("{SEQUENCE_TEXT} x")).contains("trailing characters"));
        let error = parse::<Sequence>(&reply("{}")).unwrap_err();
        assert_eq!(error.kind, ErrorKind::ResponseDecode);
        assert_eq!(error.status, Some(200));
        assert_eq!(error.request_id.as_deref(), Some("req-9"));
    }
}
