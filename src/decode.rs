//! The response path, built for speed. The body is read as bytes and copied into wasm memory
//! with one memcpy (reading it as a JS string instead costs a per-character transcoding loop in
//! the glue, measured at 0.8 ms for a 105 KB page: more than checking it). The Rust copy is
//! checked against the documented shape in one allocation-free pass ([`crate::json`]); the
//! value handed back is `JSON.parse(new TextDecoder().decode(bytes))`, what `response.json()`
//! does, so the caller gets exactly the wire objects without any Rust-to-JS conversion.

use wasm_bindgen::prelude::*;

use crate::errors::{Detail, ErrorKind, NexusError};
use crate::json::{validate, Shape};
use crate::transport::Reply;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = JSON, js_name = parse)]
    fn json_parse(text: &js_sys::JsString) -> Result<JsValue, JsValue>;

    type TextDecoder;

    #[wasm_bindgen(constructor, catch)]
    fn new() -> Result<TextDecoder, JsValue>;

    #[wasm_bindgen(method, catch)]
    fn decode(this: &TextDecoder, bytes: &js_sys::Uint8Array) -> Result<js_sys::JsString, JsValue>;
}

/// Checks `body` against `shape`; a mismatch is a `ResponseDecodeError` naming the JSON path
/// (`data[3].items[0].ord: expected ...`) and the request id.
pub fn check(
    body: &str,
    shape: &Shape,
    status: u16,
    request_id: Option<&str>,
) -> Result<(), NexusError> {
    validate(body, shape).map_err(|problem| decode_error(&problem, status, request_id))
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

/// Checks a 2xx reply against `shape` and returns it parsed by `JSON.parse`.
pub fn decode(reply: &Reply, shape: &Shape) -> Result<JsValue, NexusError> {
    let request_id = reply.request_id.as_deref();
    let text = std::str::from_utf8(&reply.body).map_err(|e| {
        decode_error(
            &format!("the body is not UTF-8 ({e})"),
            reply.status,
            request_id,
        )
    })?;
    check(text, shape, reply.status, request_id)?;
    TextDecoder::new()
        .and_then(|decoder| decoder.decode(&reply.raw_body))
        .and_then(|text| json_parse(&text))
        .map_err(|_| {
            decode_error(
                "JSON.parse rejected the body",
                reply.status,
                reply.request_id.as_deref(),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::{
        BULK_UPDATE_RESPONSE, BULK_UPDATE_RESULTS, DELETED, SEQUENCE, SEQUENCE_PAGE,
    };

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

    fn page(data: &[String], next: &str) -> String {
        format!(
            r#"{{"nextPage": {next}, "prevPage": null, "data": [{}]}}"#,
            data.join(",")
        )
    }

    fn error_of(body: &str, shape: &Shape) -> String {
        check(body, shape, 200, Some("req-9"))
            .err()
            .map(|e| e.message)
            .unwrap_or_default()
    }

    fn without(body: &str, pointer: &str, field: &str) -> String {
        let mut value: serde_json::Value = serde_json::from_str(body).unwrap();
        value
            .pointer_mut(pointer)
            .unwrap()
            .as_object_mut()
            .unwrap()
            .remove(field);
        value.to_string()
    }

    #[test]
    fn documented_shapes_pass() {
        assert_eq!(check(SEQUENCE_TEXT, &SEQUENCE, 200, None), Ok(()));
        let two = [SEQUENCE_TEXT.to_owned(), SEQUENCE_TEXT.to_owned()];
        assert_eq!(
            check(&page(&two, r#""c2""#), &SEQUENCE_PAGE, 200, None),
            Ok(())
        );
        assert_eq!(check(&page(&[], "null"), &SEQUENCE_PAGE, 200, None), Ok(()));
        assert_eq!(
            check(r#"{"deleted": true, "id": "seq_1"}"#, &DELETED, 200, None),
            Ok(())
        );
        let results = format!(
            r#"{{"actions": {}}}"#,
            serde_json::to_string(&BULK_UPDATE_RESULTS).unwrap()
        );
        assert_eq!(check(&results, &BULK_UPDATE_RESPONSE, 200, None), Ok(()));
    }

    #[test]
    fn extra_fields_and_escaped_strings_pass() {
        let with_extra = SEQUENCE_TEXT.replacen(
            "\"length\"",
            "\"future\": [1, {\"x\": null}], \"length\"",
            1,
        );
        assert_eq!(check(&with_extra, &SEQUENCE, 200, None), Ok(()));
        let escaped = SEQUENCE_TEXT.replacen("Patient A", "Patient \\\"A\\\" \\u00e9", 1);
        assert_eq!(check(&escaped, &SEQUENCE, 200, None), Ok(()));
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
            let message = error_of(&without(SEQUENCE_TEXT, "", field), &SEQUENCE);
            assert!(
                message.ends_with(&format!(": missing field `{field}` (request id req-9)")),
                "{field}: {message}"
            );
        }
        for field in ["assetId", "ord", "role"] {
            let message = error_of(&without(SEQUENCE_TEXT, "/items/1", field), &SEQUENCE);
            assert!(
                message.contains(&format!(": items[1]: missing field `{field}`")),
                "{field}: {message}"
            );
        }
        for field in ["bytesUsed", "bytesTotal", "items"] {
            let message = error_of(&without(SEQUENCE_TEXT, "/attributes", field), &SEQUENCE);
            assert!(
                message.contains(&format!(": attributes: missing field `{field}`")),
                "{field}: {message}"
            );
        }
        for field in ["nextPage", "prevPage", "data"] {
            let message = error_of(&without(&page(&[], "null"), "", field), &SEQUENCE_PAGE);
            assert!(
                message.contains(&format!("missing field `{field}`")),
                "{field}: {message}"
            );
        }
    }

    #[test]
    fn wrong_types_name_the_path_and_request() {
        let bad_ord = SEQUENCE_TEXT.replacen("\"ord\": 6", "\"ord\": \"6\"", 1);
        let body = page(
            &[
                SEQUENCE_TEXT.into(),
                SEQUENCE_TEXT.into(),
                SEQUENCE_TEXT.into(),
                bad_ord,
            ],
            "null",
        );
        assert_eq!(
            error_of(&body, &SEQUENCE_PAGE),
            "the response is not the documented shape: data[3].items[1].ord: expected an integer from 0 to 4294967295, \
             found a string \"6\" (request id req-9)"
        );
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
            let message = error_of(&SEQUENCE_TEXT.replacen(from, to, 1), &SEQUENCE);
            assert!(
                message.contains(&format!(": {path}: expected ")),
                "{to}: {message}"
            );
        }
    }

    #[test]
    fn other_bad_bodies() {
        assert!(error_of("", &SEQUENCE).contains("invalid JSON at byte 0: unexpected end"));
        assert!(error_of("<html>", &SEQUENCE).contains("invalid JSON at byte 0: expected value"));
        assert!(error_of(&format!("{SEQUENCE_TEXT} x"), &SEQUENCE).contains("trailing characters"));
        assert!(error_of(r#"{"deleted": "yes", "id": "seq_1"}"#, &DELETED)
            .contains("deleted: expected a boolean"));
        assert!(
            error_of(r#"{"actions": ["Ok", "Maybe"]}"#, &BULK_UPDATE_RESPONSE)
                .contains("actions[1]: expected one of Ok, Failed,")
        );
        let error = check("{}", &DELETED, 200, Some("req-1")).unwrap_err();
        assert_eq!(error.kind, ErrorKind::ResponseDecode);
        assert_eq!(error.status, Some(200));
        assert_eq!(error.request_id.as_deref(), Some("req-1"));
    }
}
