//! The one error type of the HTTP surface: a status, a stable `code` and a human `message`,
//! rendered as the contract's `{"code","message"}` body.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use nexus_wire::{error_code, ErrorBody};

/// An error answered to the client as `{"code": ..., "message": ...}` with its status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// HTTP status of the response.
    pub status: StatusCode,
    /// Stable error code, e.g. `BadRequestError`.
    pub code: &'static str,
    /// Human-readable explanation; never contains the secret key.
    pub message: String,
    /// Seconds for the `Retry-After` header (429 only).
    pub retry_after: Option<u64>,
}

/// hyper's defaults: its read buffer (8 KiB + 100 × 4 KiB) bounds a request head, and it
/// parses at most 100 headers.
const HEAD_LIMIT_BYTES: usize = 8192 + 4096 * 100;
const MAX_HEADERS: usize = 100;

impl ApiError {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            retry_after: None,
        }
    }

    /// 400: the request is malformed; `message` says what and where.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, error_code::BAD_REQUEST, message)
    }

    /// 401: no `Secret-Key` header.
    pub fn unauthorized() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            error_code::UNAUTHORIZED,
            "Missing Secret-Key header",
        )
    }

    /// 403: the key does not grant the project. One message for every cause, so that a caller
    /// cannot tell an unknown key from someone else's project or a project that does not exist.
    pub fn forbidden() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            error_code::FORBIDDEN,
            "The secret key does not grant access to this project",
        )
    }

    /// 404 with a message naming what was not found.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            error_code::RESOURCE_NOT_FOUND,
            message,
        )
    }

    /// 405 for a known path with a method it does not support.
    pub fn method_not_allowed(method: &str, path: &str) -> Self {
        Self::new(
            StatusCode::METHOD_NOT_ALLOWED,
            error_code::METHOD_NOT_ALLOWED,
            format!("Method {method} is not allowed on {path}"),
        )
    }

    /// 409: the change collides with existing state.
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, error_code::CONFLICT, message)
    }

    /// 413: the body is larger than the server accepts.
    pub fn payload_too_large(limit_bytes: usize) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            error_code::PAYLOAD_TOO_LARGE,
            format!("Request body exceeds the limit of {limit_bytes} bytes"),
        )
    }

    /// 422: an `Idempotency-Key` reused for a different request.
    pub fn idempotency_key_reused() -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            error_code::IDEMPOTENCY_KEY_REUSED,
            "This Idempotency-Key was already used for a different request",
        )
    }

    /// 429 with `Retry-After`.
    pub fn too_many_requests(retry_after_seconds: u64) -> Self {
        ApiError {
            retry_after: Some(retry_after_seconds),
            ..Self::new(
                StatusCode::TOO_MANY_REQUESTS,
                error_code::TOO_MANY_REQUESTS,
                "Too many requests; retry later",
            )
        }
    }

    /// 500 with a generic message; the detail goes to the log only.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        tracing::error!(%detail, "internal error");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            error_code::INTERNAL_SERVER,
            "The server encountered an internal error",
        )
    }

    /// A request hyper could not parse (see [`crate::http::rejection`]), with the status hyper chose.
    pub fn malformed_http(status: StatusCode, error: &hyper::Error) -> Self {
        match status {
            StatusCode::URI_TOO_LONG => Self::new(
                status,
                error_code::URI_TOO_LONG,
                "request URI: longer than 65534 bytes",
            ),
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE => Self::new(
                status,
                error_code::REQUEST_HEADER_FIELDS_TOO_LARGE,
                format!(
                    "request head: over {HEAD_LIMIT_BYTES} bytes or over {MAX_HEADERS} headers"
                ),
            ),
            _ => Self::bad_request(format!("malformed HTTP request: {error}")),
        }
    }

    /// The `{"code","message"}` body.
    pub fn body_json(&self) -> String {
        let body = ErrorBody {
            code: self.code.to_string(),
            message: self.message.clone(),
        };
        serde_json::to_string(&body).unwrap_or_default()
    }

    /// A 5xx chosen by fault injection, with the code that status has in the error hierarchy.
    pub fn server_fault(status: StatusCode) -> Self {
        let code = match status.as_u16() {
            502 => error_code::BAD_GATEWAY,
            503 => error_code::SERVICE_UNAVAILABLE,
            504 => error_code::GATEWAY_TIMEOUT,
            _ => error_code::INTERNAL_SERVER,
        };
        Self::new(status, code, format!("Injected fault: {status}"))
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(err: rusqlite::Error) -> Self {
        ApiError::internal(format!("sqlite: {err}"))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = self.body_json();
        let content_type = HeaderValue::from_static("application/json");
        let mut response =
            (self.status, [(header::CONTENT_TYPE, content_type)], body).into_response();
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.status.as_u16(),
            self.code,
            self.message
        )
    }
}

impl std::error::Error for ApiError {}
