//! CORS for browsers: any origin; preflights answered here with 204 and no key required.

use std::sync::LazyLock;

use axum::extract::Request;
use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use nexus_wire::header::{CORS_ALLOWED, CORS_EXPOSED};

// PUT is for the admin surface (`PUT /_emulator/faults`), which browser tests drive too.
const ALLOW_METHODS: &str = "GET, POST, PUT, PATCH, DELETE, OPTIONS";
/// How long browsers may cache a preflight, in seconds.
const MAX_AGE: &str = "600";

/// `names` as one header value, `A, B, C`.
fn listed(names: &[&str]) -> HeaderValue {
    HeaderValue::from_str(&names.join(", ")).expect("header names are valid header values")
}

static ALLOW_HEADERS: LazyLock<HeaderValue> = LazyLock::new(|| listed(&CORS_ALLOWED));
static EXPOSE_HEADERS: LazyLock<HeaderValue> = LazyLock::new(|| listed(&CORS_EXPOSED));

/// Middleware: answers `OPTIONS` itself and adds the CORS headers to every other response.
pub async fn middleware(request: Request, next: Next) -> Response {
    if request.method() == Method::OPTIONS {
        let mut response = StatusCode::NO_CONTENT.into_response();
        insert(
            &mut response,
            [
                (
                    header::ACCESS_CONTROL_ALLOW_ORIGIN,
                    HeaderValue::from_static("*"),
                ),
                (
                    header::ACCESS_CONTROL_ALLOW_METHODS,
                    HeaderValue::from_static(ALLOW_METHODS),
                ),
                (header::ACCESS_CONTROL_ALLOW_HEADERS, ALLOW_HEADERS.clone()),
                (
                    header::ACCESS_CONTROL_MAX_AGE,
                    HeaderValue::from_static(MAX_AGE),
                ),
            ],
        );
        return response;
    }
    let mut response = next.run(request).await;
    insert(
        &mut response,
        [
            (
                header::ACCESS_CONTROL_ALLOW_ORIGIN,
                HeaderValue::from_static("*"),
            ),
            (
                header::ACCESS_CONTROL_EXPOSE_HEADERS,
                EXPOSE_HEADERS.clone(),
            ),
        ],
    );
    response
}

/// Sets each `(name, value)` on the response, replacing any earlier value.
fn insert<const N: usize>(response: &mut Response, pairs: [(HeaderName, HeaderValue); N]) {
    let headers = response.headers_mut();
    for (name, value) in pairs {
        headers.insert(name, value);
    }
}
