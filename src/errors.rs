//! The error hierarchy: one Rust value ([`NexusError`]) for every failure, turned into an
//! instance of the matching JavaScript class only at the boundary.
//!
//! The JavaScript classes live in the package wrapper (wasm-bindgen cannot ship JS snippets for
//! `--target nodejs`), which hands them over once with [`register_error_classes`]. Without that
//! call (raw wasm-pack output, as in the wasm-bindgen tests) errors are plain `Error` objects whose
//! `name` is the class name and which carry the same own properties.

use std::cell::RefCell;

use js_sys::{Array, Error as JsError, Object, Reflect, JSON};
use wasm_bindgen::prelude::*;

use crate::response::headers_object;

pub use nexus_wire::ErrorKind;

/// The `detail` property of an error.
#[derive(Clone, Debug, PartialEq)]
pub enum Detail {
    /// `null`.
    None,
    /// A JSON error body, parsed into a JS value when the error is thrown.
    Body(String),
    /// Where a `ValidationError` was found: the full path of the bad value, e.g.
    /// `actions[3].sequence.ord`; in JavaScript `{argument: "actions", field: "actions[3].sequence.ord"}`.
    Field(String),
}

/// One failure of an SDK call, before it becomes a JavaScript error object.
#[derive(Clone, Debug, PartialEq)]
pub struct NexusError {
    /// Which class it becomes.
    pub kind: ErrorKind,
    /// The HTTP status, when there was a response.
    pub status: Option<u16>,
    /// The server's error code, or the class name for client-side errors.
    pub code: String,
    /// Human-readable text; never contains the secret key.
    pub message: String,
    /// The `detail` property.
    pub detail: Detail,
    /// The response's `X-Request-Id`, when there was a response.
    pub request_id: Option<String>,
    /// The response's headers and retry-after, the underlying error; boxed, as most errors
    /// (every validation error) have none.
    pub context: Option<Box<ErrorContext>>,
}

/// What an error of the transport carries besides its message.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ErrorContext {
    /// The response's headers (names lower-case), when there was a response.
    pub headers: Vec<(String, String)>,
    /// The wait the response's `Retry-After` asked for, in milliseconds.
    pub retry_after_ms: Option<f64>,
    /// The underlying JavaScript error (the one `fetch` rejected with), when there is one.
    pub cause: Option<JsValue>,
}

impl NexusError {
    /// A client-side error of `kind` with no response behind it.
    pub fn client(kind: ErrorKind, message: impl Into<String>) -> Self {
        NexusError {
            kind,
            status: None,
            code: kind.class_name().to_owned(),
            message: message.into(),
            detail: Detail::None,
            request_id: None,
            context: None,
        }
    }

    /// A `ValidationError` about `field` (a path starting with the argument's name).
    pub fn validation(field: &str, message: impl Into<String>) -> Self {
        NexusError {
            detail: Detail::Field(field.to_owned()),
            ..NexusError::client(ErrorKind::Validation, message)
        }
    }

    /// The error for a non-2xx response with body `body`.
    ///
    /// The message reads `404 ResourceNotFoundError: <server message>`; a body that is not the
    /// documented JSON shape still yields an error of the right class, with the body's start.
    pub fn from_response(status: u16, body: &str, request_id: Option<String>) -> Self {
        let kind = ErrorKind::from_status(status);
        let is_json = serde_json::from_str::<serde::de::IgnoredAny>(body).is_ok();
        let (code, text) = match serde_json::from_str::<nexus_wire::ErrorBody>(body) {
            Ok(error) => (error.code, error.message),
            Err(_) => (kind.class_name().to_owned(), summarize(body)),
        };
        NexusError {
            kind,
            status: Some(status),
            message: format!("{status} {code}: {text}"),
            code,
            detail: if is_json {
                Detail::Body(body.to_owned())
            } else {
                Detail::None
            },
            request_id,
            context: None,
        }
    }
}

/// At most 200 characters of a non-JSON error body, for the message.
fn summarize(body: &str) -> String {
    let trimmed = body.trim();
    if trimmed.is_empty() {
        return "(no error body)".to_owned();
    }
    match trimmed.char_indices().nth(200) {
        Some((cut, _)) => format!("{}…", &trimmed[..cut]),
        None => trimmed.to_owned(),
    }
}

thread_local! {
    /// The classes handed over by [`register_error_classes`].
    static CLASSES: RefCell<Option<Object>> = const { RefCell::new(None) };
}

/// Installs the JavaScript error classes: `classes` maps each class name (`NexusError`,
/// `BadRequestError`, ..., `ValidationError`) to a constructor called as
/// `new Class(message, {status, code, detail, requestId})`. Later calls replace earlier ones.
#[wasm_bindgen(js_name = registerErrorClasses)]
pub fn register_error_classes(classes: Object) -> Result<(), JsValue> {
    for kind in ErrorKind::ALL {
        let ctor = Reflect::get(&classes, &JsValue::from_str(kind.class_name()))?;
        if !ctor.is_function() {
            return Err(JsError::new(&format!(
                "registerErrorClasses: {} must be a constructor",
                kind.class_name()
            ))
            .into());
        }
    }
    CLASSES.with(|slot| *slot.borrow_mut() = Some(classes));
    Ok(())
}

impl From<NexusError> for JsValue {
    fn from(error: NexusError) -> JsValue {
        let props = Object::new();
        let set = |key: &str, value: &JsValue| {
            // Setting a property on a fresh plain object cannot fail.
            let _ = Reflect::set(&props, &JsValue::from_str(key), value);
        };
        set("status", &error.status.map_or(JsValue::NULL, JsValue::from));
        set("code", &JsValue::from_str(&error.code));
        set("detail", &detail_to_js(&error.detail));
        set(
            "requestId",
            &error
                .request_id
                .as_deref()
                .map_or(JsValue::NULL, JsValue::from_str),
        );
        if let Some(context) = &error.context {
            if error.status.is_some() {
                set("headers", &headers_object(&context.headers));
            }
            if let Some(ms) = context.retry_after_ms {
                set("retryAfterMs", &JsValue::from(ms));
            }
            if let Some(cause) = &context.cause {
                set("cause", cause);
            }
        }
        let name = error.kind.class_name();
        let message = JsValue::from_str(&error.message);
        let registered = CLASSES.with(|slot| {
            let classes = slot.borrow();
            let ctor = Reflect::get(classes.as_ref()?, &JsValue::from_str(name)).ok()?;
            let args = Array::of2(&message, &props);
            Reflect::construct::<fn() -> JsValue>(ctor.unchecked_ref(), &args).ok()
        });
        registered.unwrap_or_else(|| {
            let plain = JsError::new(&error.message);
            plain.set_name(name);
            // Copy the own properties onto the Error itself.
            let _ = Object::assign(&plain, &props);
            plain.into()
        })
    }
}

fn detail_to_js(detail: &Detail) -> JsValue {
    match detail {
        Detail::None => JsValue::NULL,
        Detail::Body(body) => JSON::parse(body).unwrap_or(JsValue::NULL),
        Detail::Field(field) => {
            let argument = field.split(['.', '[']).next().unwrap_or_default();
            let object = Object::new();
            let _ = Reflect::set(&object, &"argument".into(), &JsValue::from_str(argument));
            let _ = Reflect::set(&object, &"field".into(), &JsValue::from_str(field));
            object.into()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_map_to_the_documented_classes() {
        let cases = [
            (400, "BadRequestError"),
            (401, "UnauthorizedError"),
            (402, "BadRequestError"),
            (403, "ForbiddenError"),
            (404, "NotFoundError"),
            (405, "BadRequestError"),
            (409, "ConflictError"),
            (413, "BadRequestError"),
            (422, "BadRequestError"),
            (429, "TooManyRequestsError"),
            (500, "InternalServerError"),
            (501, "InternalServerError"),
            (502, "InternalServerError"),
            (503, "ServiceUnavailableError"),
            (504, "GatewayTimeoutError"),
            (599, "InternalServerError"),
        ];
        for (status, class) in cases {
            assert_eq!(
                ErrorKind::from_status(status).class_name(),
                class,
                "{status}"
            );
        }
    }

    #[test]
    fn documented_error_body_gives_code_and_prefixed_message() {
        let body =
            r#"{"code":"ResourceNotFoundError","message":"Requested Project Resource Not Found"}"#;
        let error = NexusError::from_response(404, body, Some("req-1".into()));
        assert_eq!(error.kind, ErrorKind::NotFound);
        assert_eq!(error.status, Some(404));
        assert_eq!(error.code, "ResourceNotFoundError");
        assert_eq!(
            error.message,
            "404 ResourceNotFoundError: Requested Project Resource Not Found"
        );
        assert_eq!(error.detail, Detail::Body(body.into()));
        assert_eq!(error.request_id.as_deref(), Some("req-1"));
    }

    #[test]
    fn non_json_body_keeps_class_and_has_null_detail() {
        let error = NexusError::from_response(502, "<html>bad gateway</html>", None);
        assert_eq!(error.kind, ErrorKind::InternalServer);
        assert_eq!(error.code, "InternalServerError");
        assert_eq!(
            error.message,
            "502 InternalServerError: <html>bad gateway</html>"
        );
        assert_eq!(error.detail, Detail::None);
        let empty = NexusError::from_response(503, "", None);
        assert_eq!(
            empty.message,
            "503 ServiceUnavailableError: (no error body)"
        );
    }

    #[test]
    fn json_body_of_another_shape_is_still_the_detail() {
        let error = NexusError::from_response(400, r#"{"error":"x"}"#, None);
        assert_eq!(error.code, "BadRequestError");
        assert_eq!(error.detail, Detail::Body(r#"{"error":"x"}"#.into()));
    }

    #[test]
    fn long_bodies_are_cut() {
        let error = NexusError::from_response(500, &"x".repeat(1000), None);
        assert!(error.message.len() < 260, "{}", error.message.len());
        assert!(error.message.ends_with('…'));
    }

    #[test]
    fn client_errors_use_the_class_name_as_code() {
        let error = NexusError::client(ErrorKind::RequestTimeout, "timed out");
        assert_eq!(error.code, "RequestTimeoutError");
        assert_eq!(error.status, None);
        let v = NexusError::validation("actions[0].kind", "bad");
        assert_eq!(v.kind, ErrorKind::Validation);
        assert_eq!(v.detail, Detail::Field("actions[0].kind".into()));
    }
}
