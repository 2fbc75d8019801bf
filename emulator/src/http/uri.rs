//! The request target must be text: every path segment and every query parameter name and
//! value has to percent-decode to UTF-8, on every route. Otherwise path parameters could not be
//! extracted (once a 500) and query values would be read with U+FFFD in place of the bytes.

use crate::error::ApiError;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use percent_encoding::percent_decode;

/// Longest piece of a raw URI quoted in a message.
const QUOTE_CHARS: usize = 64;

/// Middleware: a 400 naming the first piece of the path or query that is not UTF-8.
pub async fn middleware(request: Request, next: Next) -> Response {
    match check(request.uri().path(), request.uri().query()) {
        Ok(()) => next.run(request).await,
        Err(error) => error.into_response(),
    }
}

fn check(path: &str, query: Option<&str>) -> Result<(), ApiError> {
    for (i, segment) in path.split('/').enumerate().skip(1) {
        if !is_utf8(segment) {
            return Err(ApiError::bad_request(format!(
                "path segment {i} ({}): percent-encoded bytes that are not UTF-8",
                quote(segment)
            )));
        }
    }
    for pair in query.unwrap_or("").split('&') {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let name = name.replace('+', " ");
        if !is_utf8(&name) {
            return Err(ApiError::bad_request(format!(
                "query parameter name {}: percent-encoded bytes that are not UTF-8",
                quote(&name)
            )));
        }
        if !is_utf8(&value.replace('+', " ")) {
            return Err(ApiError::bad_request(format!(
                "query parameter {}: value {}: percent-encoded bytes that are not UTF-8",
                quote(&name),
                quote(value)
            )));
        }
    }
    Ok(())
}

fn is_utf8(raw: &str) -> bool {
    percent_decode(raw.as_bytes()).decode_utf8().is_ok()
}

/// A raw (ASCII) piece of the URI in quotes, cut short.
fn quote(raw: &str) -> String {
    let shown: String = raw.chars().take(QUOTE_CHARS).collect();
    let more = if shown.len() < raw.len() { "..." } else { "" };
    format!("{shown:?}{more}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(path: &str, query: Option<&str>) -> String {
        check(path, query).unwrap_err().message
    }

    #[test]
    fn names_the_piece_that_is_not_utf8() {
        assert!(check(
            "/projects/p/sequences/caf%C3%A9",
            Some("name=%C3%A9+x&limit=2")
        )
        .is_ok());
        assert_eq!(
            message("/projects/%FF/sequences", None),
            r#"path segment 2 ("%FF"): percent-encoded bytes that are not UTF-8"#
        );
        assert_eq!(
            message("/projects/p/sequences/%C0%AF", None),
            r#"path segment 4 ("%C0%AF"): percent-encoded bytes that are not UTF-8"#
        );
        assert_eq!(
            message("/projects/p/sequences", Some("limit=1&name=%FF")),
            r#"query parameter "name": value "%FF": percent-encoded bytes that are not UTF-8"#
        );
        assert_eq!(
            message("/", Some("%FE=1")),
            r#"query parameter name "%FE": percent-encoded bytes that are not UTF-8"#
        );
    }
}
