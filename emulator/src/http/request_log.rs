//! Request ids and access logs: every response gets a unique `X-Request-Id`, and every request
//! one log line (method, route template, status, duration, id). Keys are never logged.

use crate::http::route::classify;
use crate::http::wire_header;
use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use std::sync::LazyLock;
use std::time::Instant;

/// Response header naming the request (`X-Request-Id`).
pub static REQUEST_ID_HEADER: LazyLock<HeaderName> =
    LazyLock::new(|| wire_header(nexus_wire::header::REQUEST_ID));

/// A fresh request id, `req_<32 hex>`.
pub fn new_request_id() -> String {
    format!("req_{}", uuid::Uuid::new_v4().simple())
}

/// Middleware: assigns the id, logs the outcome.
pub async fn middleware(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let id = new_request_id();
    let method = request.method().clone();
    let template = classify(request.uri().path()).template;
    let mut response = next.run(request).await;
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(&*REQUEST_ID_HEADER, value);
    }
    tracing::info!(
        target: "nexus_emulator::access",
        %method,
        route = template,
        status = response.status().as_u16(),
        ms = started.elapsed().as_millis() as u64,
        request_id = %id,
    );
    response
}
