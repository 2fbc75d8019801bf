//! CORS for browsers: any origin; preflights answered here with 204 and no key required.

use axum::extract::Request;
use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

// PUT is for the admin surface (`PUT /_emulator/faults`), which browser tests drive too.
const ALLOW_METHODS: &str = "GET, POST, PUT, PATCH, DELETE, OPTIONS";
const ALLOW_HEADERS: &str = "Secret-Key, Content-Type, Idempotency-Key, X-Request-Id, Accept";
const EXPOSE_HEADERS: &str = "X-Request-Id, Retry-After, Idempotent-Replayed";
/// How long browsers may cache a preflight, in seconds.
const MAX_AGE: &str = "600";

/// Middleware: answers `OPTIONS` itself and adds the CORS headers to every other response.
pub async fn middleware(request: Request, next: Next) -> Response {
    if request.method() == Method::OPTIONS {
        let mut response = StatusCode::NO_CONTENT.into_response();
        insert_static(
            &mut response,
            &[
                (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
                (header::ACCESS_CONTROL_ALLOW_METHODS, ALLOW_METHODS),
                (header::ACCESS_CONTROL_ALLOW_HEADERS, ALLOW_HEADERS),
                (header::ACCESS_CONTROL_MAX_AGE, MAX_AGE),
            ],
        );
        return response;
    }
    let mut response = next.run(request).await;
    insert_static(
        &mut response,
        &[
            (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
            (header::ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSE_HEADERS),
        ],
    );
    response
}

/// Sets each `(name, value)` on the response, replacing any earlier value.
fn insert_static(response: &mut Response, pairs: &[(HeaderName, &'static str)]) {
    let headers = response.headers_mut();
    for (name, value) in pairs {
        headers.insert(name.clone(), HeaderValue::from_static(value));
    }
}
