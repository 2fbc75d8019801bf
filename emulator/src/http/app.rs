//! The whole HTTP application: Nexus routes, admin routes, JSON fallbacks and the middleware
//! stack (outermost first: request id + log, counts, CORS, a path and query that are text,
//! faults, body limit).

use crate::admin::{counts, faults};
use crate::error::ApiError;
use crate::http::state::AppState;
use crate::http::{cors, request_log, uri};
use crate::{admin, api};
use axum::extract::{DefaultBodyLimit, OriginalUri, Request};
use axum::http::Method;
use axum::middleware;
use axum::Router;
use nexus_wire::rules::MAX_BODY_BYTES;

/// Builds the application for a state.
pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(api::router())
        .nest("/_emulator", admin::router())
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            faults::middleware,
        ))
        .layer(middleware::from_fn(uri::middleware))
        .layer(middleware::from_fn(cors::middleware))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            counts::middleware,
        ))
        .layer(middleware::from_fn(request_log::middleware))
        .with_state(state)
}

async fn not_found(request: Request) -> ApiError {
    ApiError::not_found(format!(
        "No route for {} {}",
        request.method(),
        request.uri().path()
    ))
}

async fn method_not_allowed(OriginalUri(uri): OriginalUri, method: Method) -> ApiError {
    ApiError::method_not_allowed(method.as_str(), uri.path())
}
