//! The messages of the transport's own errors, each naming the request and how many attempts it
//! took.

use super::Method;

/// No complete response within `timeout_ms`.
pub fn timed_out(method: Method, url: &str, timeout_ms: u32, retry: u32) -> String {
    format!(
        "{} {url}: no complete response within {timeout_ms} ms{}",
        method.as_str(),
        attempts_note(retry)
    )
}

/// The connection failed for `cause`.
pub fn connection_failed(method: Method, url: &str, cause: &str, retry: u32) -> String {
    format!("{} {url}: {cause}{}", method.as_str(), attempts_note(retry))
}

/// A redirect answered (browsers hide an opaque redirect's status: 0).
pub fn redirect_refused(status: u16) -> String {
    let shown = if status == 0 {
        String::new()
    } else {
        format!(" {status}")
    };
    format!(
        "the server answered with a redirect{shown}, which is not followed: the secret key is \
         sent to the configured endpoint only"
    )
}

/// Appended to a 404 answering the retry of a delete whose earlier attempt got no answer.
pub const DELETE_MAY_HAVE_HAPPENED: &str =
    " (an earlier attempt of this delete got no answer and may have deleted it)";

/// How many attempts a failure took, when more than one.
pub fn attempts_note(retry: u32) -> String {
    if retry == 0 {
        String::new()
    } else {
        format!(" (after {} attempts)", retry + 1)
    }
}
