//! The HTTP edge: everything between bytes on a socket and a handler's typed input, and back.
//! Handlers in `api` and `admin` see parsed, checked values; what the wire can get wrong is
//! answered here with the contract's `{code, message}` errors.

pub mod app;
pub mod auth;
pub mod cors;
pub mod extract;
pub mod rejection;
pub mod request;
pub mod request_log;
pub mod route;
pub mod state;
pub mod uri;

use axum::http::HeaderName;

/// The header `name` of the contract (`nexus_wire::header`, spelt `X-Request-Id`) as the
/// lower-case `HeaderName` that responses carry.
pub fn wire_header(name: &'static str) -> HeaderName {
    HeaderName::from_bytes(name.as_bytes()).expect("the contract's header names are valid")
}
