//! The response path: a 2xx body is parsed by serde_json into its wire type (`nexus_wire`) and
//! handed to JavaScript by serde-wasm-bindgen as plain objects (objects, not `Map`s; `null` for
//! absent values; numbers, not BigInts).
//!
//! A body of the wrong shape is a `ResponseDecodeError` naming where
//! (`data[3].items[1].ord: invalid type: string "6", expected u32`). The path costs a second,
//! tracking parse, paid only on that cold path.

use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::JsValue;

use crate::errors::{Detail, ErrorContext, ErrorKind, NexusError};
use crate::transport::Reply;

/// Parses a 2xx reply's body as a `T`.
pub fn parse<T: DeserializeOwned>(reply: &Reply) -> Result<T, NexusError> {
    serde_json::from_slice(&reply.body)
        .map_err(|error| decode_error(&locate::<T>(&reply.body, error), reply))
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

/// What is wrong with `body`, with the path of the value that does not fit when there is one.
#[cold]
fn locate<T: DeserializeOwned>(body: &[u8], error: serde_json::Error) -> String {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
        Err(located) if located.path().iter().next().is_some() => {
            format!("{}: {}", located.path(), located.inner())
        }
        _ => error.to_string(),
    }
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
