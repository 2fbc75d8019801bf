//! The response path, built for speed: the body stays a JS string; a Rust copy of it is
//! checked against the wire types by serde_json (no allocation per field, see
//! [`crate::wire`]), and the value handed back is `JSON.parse` of the JS string itself, so the
//! caller gets exactly the wire objects without any Rust-to-JS conversion of the data.

use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;

use crate::errors::{Detail, ErrorKind, NexusError};
use crate::transport::Reply;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = JSON, js_name = parse)]
    fn json_parse(text: &js_sys::JsString) -> Result<JsValue, JsValue>;
}

/// Checks `body` against `T`; a mismatch is a `ResponseDecodeError` naming the JSON path
/// (`data[3].items[0].ord: invalid type: ...`) and the request id.
pub fn check<T: DeserializeOwned>(
    body: &str,
    status: u16,
    request_id: Option<&str>,
) -> Result<T, NexusError> {
    serde_json::from_str(body).map_err(|e| {
        let path = path_at(body, offset_of(body, e.line(), e.column()));
        let problem = if path.is_empty() {
            e.to_string()
        } else {
            format!("{path}: {e}")
        };
        decode_error(&problem, status, request_id)
    })
}

/// The byte offset of serde_json's (1-based line, byte column) position.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start = match line {
        0 | 1 => 0,
        _ => text
            .match_indices('\n')
            .nth(line - 2)
            .map_or(text.len(), |(i, _)| i + 1),
    };
    (line_start + column).min(text.len())
}

/// The JSON path (`data[3].items[0].ord`) of the value being read at byte `offset`. Only the
/// failure path pays for this second, structural scan of the text before the error.
fn path_at(text: &str, offset: usize) -> String {
    enum Frame {
        Object {
            key: Option<String>,
            expecting_key: bool,
        },
        Array {
            index: usize,
        },
    }
    let mut stack: Vec<Frame> = Vec::new();
    let bytes = &text.as_bytes()[..offset.min(text.len())];
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' => stack.push(Frame::Object {
                key: None,
                expecting_key: true,
            }),
            b'[' => stack.push(Frame::Array { index: 0 }),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array { index }) => *index += 1,
                Some(Frame::Object { expecting_key, .. }) => *expecting_key = true,
                None => {}
            },
            b':' => {
                if let Some(Frame::Object { expecting_key, .. }) = stack.last_mut() {
                    *expecting_key = false;
                }
            }
            b'"' => {
                let start = i + 1;
                i = start;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                if let Some(Frame::Object {
                    key,
                    expecting_key: true,
                }) = stack.last_mut()
                {
                    let raw = &bytes[start..i.min(bytes.len())];
                    *key = Some(String::from_utf8_lossy(raw).into_owned());
                }
            }
            _ => {}
        }
        i += 1;
    }
    let mut path = String::new();
    for frame in &stack {
        match frame {
            Frame::Object { key: Some(key), .. } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Frame::Object { key: None, .. } => {}
            Frame::Array { index } => {
                path.push('[');
                path.push_str(&index.to_string());
                path.push(']');
            }
        }
    }
    path
}

fn decode_error(problem: &str, status: u16, request_id: Option<&str>) -> NexusError {
    let request = request_id.map_or_else(String::new, |id| format!(" (request id {id})"));
    NexusError {
        kind: ErrorKind::ResponseDecode,
        status: Some(status),
        code: ErrorKind::ResponseDecode.class_name().to_owned(),
        message: format!("the response is not the documented shape: {problem}{request}"),
        detail: Detail::None,
        request_id: request_id.map(str::to_owned),
    }
}

/// Checks a 2xx reply against `T` and returns `(the parsed JS value, the checked T)`.
pub fn decode<T: DeserializeOwned>(reply: &Reply) -> Result<(JsValue, T), NexusError> {
    let text = String::from(&reply.body);
    let checked = check::<T>(&text, reply.status, reply.request_id.as_deref())?;
    let value = json_parse(&reply.body).map_err(|_| {
        decode_error(
            "JSON.parse rejected the body",
            reply.status,
            reply.request_id.as_deref(),
        )
    })?;
    Ok((value, checked))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::{BulkUpdateResponse, Deleted, Sequence, SequencePage};

    const SEQUENCE: &str = r#"{
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

    fn page(data: &[String], next: &str) -> String {
        format!(
            r#"{{"nextPage": {next}, "prevPage": null, "data": [{}]}}"#,
            data.join(",")
        )
    }

    fn error_of<T: DeserializeOwned>(body: &str) -> String {
        check::<T>(body, 200, Some("req-9"))
            .err()
            .map(|e| e.message)
            .unwrap_or_default()
    }

    #[test]
    fn documented_shapes_pass() {
        assert!(check::<Sequence>(SEQUENCE, 200, None).is_ok());
        let ok: SequencePage = check(
            &page(&[SEQUENCE.into(), SEQUENCE.into()], r#""c2""#),
            200,
            None,
        )
        .unwrap();
        assert_eq!(ok.next_page.as_deref(), Some("c2"));
        let last: SequencePage = check(&page(&[], "null"), 200, None).unwrap();
        assert_eq!(last.next_page, None);
        assert!(check::<Deleted>(r#"{"deleted": true, "id": "seq_1"}"#, 200, None).is_ok());
        let results = r#"{"actions": ["Ok", "Failed", "FailedLinkAssetAlreadyProcessed", "FailedLinkAssetNotFound",
            "FailedLinkWouldOverwriteExistingItem", "FailedLinkSequenceWouldExceedMaximumItemCount",
            "FailedPatchSequenceSequenceNotFound", "FailedPatchSequenceAttributeSizeWouldExceedLimit",
            "FailedPatchSequenceRenameWouldDuplicate", "FailedPatchSequenceSequenceAlreadyProcessed",
            "FailedRemoveSequenceSequenceNotFound", "FailedRemoveSequenceSequenceAlreadyProcessed"]}"#;
        assert!(check::<BulkUpdateResponse>(results, 200, None).is_ok());
    }

    #[test]
    fn extra_fields_and_escaped_strings_pass() {
        let with_extra = SEQUENCE.replacen(
            "\"length\"",
            "\"future\": [1, {\"x\": null}], \"length\"",
            1,
        );
        assert!(check::<Sequence>(&with_extra, 200, None).is_ok());
        let escaped = SEQUENCE.replacen("Patient A", "Patient \\\"A\\\" \\u00e9", 1);
        assert!(check::<Sequence>(&escaped, 200, None).is_ok());
    }

    #[test]
    fn every_missing_field_is_named() {
        for field in [
            "id",
            "name",
            "length",
            "projectId",
            "items",
            "itemCountWithRole",
            "attributes",
            "createDate",
            "updateDate",
        ] {
            let mut value: serde_json::Value = serde_json::from_str(SEQUENCE).unwrap();
            value.as_object_mut().unwrap().remove(field);
            let message = error_of::<Sequence>(&value.to_string());
            assert!(
                message.contains(&format!("missing field `{field}`")),
                "{field}: {message}"
            );
        }
        for field in ["assetId", "ord", "role"] {
            let mut value: serde_json::Value = serde_json::from_str(SEQUENCE).unwrap();
            value["items"][1].as_object_mut().unwrap().remove(field);
            let message = error_of::<Sequence>(&value.to_string());
            assert!(
                message.contains(&format!("items[1]: missing field `{field}`")),
                "{field}: {message}"
            );
        }
        for field in ["bytesUsed", "bytesTotal", "items"] {
            let mut value: serde_json::Value = serde_json::from_str(SEQUENCE).unwrap();
            value["attributes"].as_object_mut().unwrap().remove(field);
            let message = error_of::<Sequence>(&value.to_string());
            assert!(
                message.contains(&format!("attributes: missing field `{field}`")),
                "{field}: {message}"
            );
        }
        for field in ["nextPage", "prevPage", "data"] {
            let mut value: serde_json::Value = serde_json::from_str(&page(&[], "null")).unwrap();
            value.as_object_mut().unwrap().remove(field);
            let message = error_of::<SequencePage>(&value.to_string());
            assert!(
                message.contains(&format!("missing field `{field}`")),
                "{field}: {message}"
            );
        }
    }

    #[test]
    fn wrong_types_name_the_path_and_request() {
        let bad_ord = SEQUENCE.replacen("\"ord\": 6", "\"ord\": \"6\"", 1);
        let body = page(
            &[SEQUENCE.into(), SEQUENCE.into(), SEQUENCE.into(), bad_ord],
            "null",
        );
        let message = error_of::<SequencePage>(&body);
        assert!(
            message.starts_with("the response is not the documented shape: data[3].items[1].ord: invalid type: string \"6\""),
            "{message}"
        );
        assert!(message.ends_with("(request id req-9)"), "{message}");
        let cases = [
            ("\"ord\": 6", "\"ord\": -1", "items[1].ord"),
            ("\"ord\": 6", "\"ord\": 1.5", "items[1].ord"),
            ("\"role\": null", "\"role\": 5", "items[1].role"),
            ("\"length\": 2", "\"length\": null", "length"),
            ("\"name\": \"Patient A\"", "\"name\": null", "name"),
            (
                "\"createDate\": 1705475663570",
                "\"createDate\": \"today\"",
                "createDate",
            ),
            (
                "\"report1\": \"...\"",
                "\"report1\": 7",
                "attributes.items.report1",
            ),
            (
                "{\"Sagittal\": 1}",
                "{\"Sagittal\": \"1\"}",
                "itemCountWithRole.Sagittal",
            ),
            ("\"items\": [", "\"items\": {\"a\": [", "items"),
        ];
        for (from, to, path) in cases {
            let body = SEQUENCE.replacen(from, to, 1);
            let message = error_of::<Sequence>(&body);
            assert!(message.contains(&format!(": {path}: ")), "{to}: {message}");
        }
    }

    #[test]
    fn other_bad_bodies() {
        assert!(error_of::<Sequence>("").contains("EOF"));
        assert!(error_of::<Sequence>("<html>").contains("expected value"));
        assert!(error_of::<Sequence>(&format!("{SEQUENCE} x")).contains("trailing characters"));
        assert!(error_of::<Deleted>(r#"{"deleted": "yes", "id": "seq_1"}"#)
            .contains("deleted: invalid type"));
        assert!(
            error_of::<BulkUpdateResponse>(r#"{"actions": ["Ok", "Maybe"]}"#)
                .contains("actions[1]: unknown variant `Maybe`")
        );
        let error = check::<Deleted>("{}", 200, Some("req-1")).err().unwrap();
        assert_eq!(error.kind, ErrorKind::ResponseDecode);
        assert_eq!(error.status, Some(200));
        assert_eq!(error.request_id.as_deref(), Some("req-1"));
    }
}
