//! Where the secret key may go, and keeping it out of sight.
//!
//! A client may have no key at all (behind a server that adds it); when it has one, the key is
//! sent only to the configured endpoint (redirects are refused by the transport, so
//! it cannot follow one elsewhere), never over plain `http://` to a host that is not loopback
//! unless the caller opts in with `allowInsecureHttp`, and never printed: [`SecretKey`]'s
//! `Debug` is redacted and every error is scrubbed of it ([`NexusError::redacted`]), whatever
//! a server or proxy echoes back.

use std::fmt;

#[cfg(target_arch = "wasm32")]
use js_sys::JSON;
use nexus_wire::routes::DEFAULT_ENDPOINT;
use wasm_bindgen::JsValue;

use crate::errors::{Detail, NexusError};
use crate::input::{Checked, Path};

/// Longest secret key accepted.
const MAX_KEY_LEN: usize = 4096;

/// The secret key; its `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretKey(String);

impl SecretKey {
    /// Reads the constructor's `secretKey`: `null` means a keyless client, for use behind a
    /// server that adds the key itself; a string is checked by [`SecretKey::new`]. `undefined`
    /// is refused, not read as `null`: an unset environment variable must not quietly make a
    /// client without a key.
    pub fn optional(key: &JsValue) -> Checked<Option<SecretKey>> {
        if key.is_null() {
            return Ok(None);
        }
        SecretKey::new(key.as_string()).map(Some)
    }

    /// Checks a key: 1 to 4096 visible ASCII characters, so it is a valid header value.
    /// The message never contains the key.
    pub fn new(key: Option<String>) -> Checked<SecretKey> {
        match key {
            Some(key)
                if !key.is_empty()
                    && key.len() <= MAX_KEY_LEN
                    && key.bytes().all(|b| b.is_ascii_graphic()) =>
            {
                Ok(SecretKey(key))
            }
            _ => Err(Path::root("secretKey").error(format_args!(
                "must be a string of 1 to {MAX_KEY_LEN} visible ASCII characters, or null for a \
                 client without a key (behind a server that adds it)"
            ))),
        }
    }

    /// The key, for the `Secret-Key` header and for redaction only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey([redacted])")
    }
}

/// A checked base URL: scheme, authority and path, no trailing slash, no query or fragment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint(String);

impl Endpoint {
    /// Checks `endpoint` (default [`DEFAULT_ENDPOINT`]); plain `http://` is allowed only to a
    /// loopback host (`localhost`, `127.0.0.0/8`, `[::1]`) unless `allow_insecure_http`.
    /// A path (`/api/nexus`) is resolved against the page's origin (`location.origin`), which
    /// only a page has: elsewhere it is refused, saying so.
    pub fn parse(endpoint: Option<&str>, allow_insecure_http: bool) -> Checked<Endpoint> {
        let path = Path::root("options").key("endpoint");
        let text = endpoint.unwrap_or(DEFAULT_ENDPOINT);
        let malformed = || -> NexusError {
            path.error("must be an http(s) URL without credentials, query or fragment, e.g. https://api.datature.io, or in a page a path such as /api/nexus")
        };
        let resolved;
        let text = if text.starts_with('/') && !text.starts_with("//") {
            let origin = page_origin().ok_or_else(|| {
                path.error(format_args!(
                    "is a path ({}), which resolves against a page's origin, and there is no page here \
                     (no globalThis.location): give a full URL, e.g. http://127.0.0.1:8787{}",
                    shown(text),
                    shown(text)
                ))
            })?;
            resolved = format!("{origin}{text}");
            resolved.as_str()
        } else {
            text
        };
        if !text.bytes().all(|b| b.is_ascii_graphic()) || text.contains(['?', '#', '@', '\\']) {
            return Err(malformed());
        }
        let (scheme, rest) = text.split_once("://").ok_or_else(malformed)?;
        let scheme = scheme.to_ascii_lowercase();
        if scheme != "https" && scheme != "http" {
            return Err(malformed());
        }
        let (authority, url_path) = rest.find('/').map_or((rest, ""), |i| rest.split_at(i));
        let host = host_of(authority).ok_or_else(malformed)?;
        if scheme == "http" && !allow_insecure_http && !is_loopback(&host) {
            return Err(path.error(
                "uses plain http:// to a host that is not loopback, which would send the secret key unencrypted; \
                 use https:// or pass allowInsecureHttp: true",
            ));
        }
        Ok(Endpoint(format!(
            "{scheme}://{authority}{}",
            url_path.trim_end_matches('/')
        )))
    }

    /// The base URL, to which API paths are appended.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The origin of the page this runs in (`location.origin`), if there is one; `null` origins
/// (`file:` pages, sandboxed frames) are none.
#[cfg(target_arch = "wasm32")]
fn page_origin() -> Option<String> {
    let location = js_sys::Reflect::get(&js_sys::global(), &"location".into()).ok()?;
    if !location.is_object() {
        return None;
    }
    let origin = js_sys::Reflect::get(&location, &"origin".into())
        .ok()?
        .as_string()?;
    (origin != "null").then_some(origin)
}

/// Native builds (the unit tests) never run in a page.
#[cfg(not(target_arch = "wasm32"))]
fn page_origin() -> Option<String> {
    None
}

/// A caller's endpoint for a message: its first 100 characters, only when they are visible ASCII.
fn shown(text: &str) -> &str {
    if text.bytes().all(|b| b.is_ascii_graphic()) {
        text.get(..100).unwrap_or(text)
    } else {
        "not shown: it has characters a URL cannot hold"
    }
}

/// The lowercased host of `host[:port]` or `[v6][:port]`, if well formed.
fn host_of(authority: &str) -> Option<String> {
    let (host, port) = if let Some(rest) = authority.strip_prefix('[') {
        let (v6, after) = rest.split_once(']')?;
        if v6.is_empty()
            || !v6
                .bytes()
                .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
        {
            return None;
        }
        let port = match after {
            "" => None,
            _ => Some(after.strip_prefix(':')?),
        };
        (format!("[{v6}]"), port)
    } else {
        let (host, port) = match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        };
        if host.is_empty()
            || !host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
        {
            return None;
        }
        (host.to_owned(), port)
    };
    if let Some(port) = port {
        if port.is_empty()
            || port.len() > 5
            || !port.bytes().all(|b| b.is_ascii_digit())
            || port.parse::<u32>().ok()? > 65535
        {
            return None;
        }
    }
    Some(host.to_ascii_lowercase())
}

/// `localhost`, an IPv4 address in 127.0.0.0/8, or `[::1]`.
fn is_loopback(host: &str) -> bool {
    if host == "localhost" || host == "[::1]" {
        return true;
    }
    let octets: Vec<&str> = host.split('.').collect();
    octets.len() == 4
        && octets[0] == "127"
        && octets.iter().all(|o| {
            !o.is_empty()
                && o.len() <= 3
                && o.bytes().all(|b| b.is_ascii_digit())
                && o.parse::<u16>().is_ok_and(|n| n <= 255)
        })
}

// Redaction: whatever a server or proxy echoes back, the key never reaches the caller.

impl NexusError {
    /// The same error with the secret key masked in every field (message, code, request id and
    /// the error body), so a server or proxy that echoes the key cannot leak it through us.
    /// The body is compared in its decoded form, so a key sent back `\u`-escaped is found too.
    pub fn redacted(mut self, secret: &str) -> Self {
        self.message = redact(&self.message, secret);
        self.code = redact(&self.code, secret);
        self.request_id = self.request_id.map(|id| redact(&id, secret));
        if let Detail::Body(body) = &self.detail {
            // In JSON text a string holds the key in its escaped form: a key with `"` or `\`
            // in it reads `\"` or `\\` there, and is masked in that form.
            self.detail = match (unescaped(body), json_escaped(secret)) {
                (Some(body), Some(secret)) => Detail::Body(redact(&body, &secret)),
                _ => Detail::None,
            };
        }
        self
    }
}

/// `text` as it stands inside a JSON string written by [`unescaped`]'s writer (the same writer,
/// so the escapes agree), or `None` if it cannot be written.
#[cfg(target_arch = "wasm32")]
fn json_escaped(text: &str) -> Option<String> {
    let quoted = String::from(JSON::stringify(&wasm_bindgen::JsValue::from_str(text)).ok()?);
    Some(quoted[1..quoted.len() - 1].to_owned())
}

/// `text` as it stands inside a JSON string written by serde_json (native builds).
#[cfg(not(target_arch = "wasm32"))]
fn json_escaped(text: &str) -> Option<String> {
    let quoted = serde_json::to_string(text).ok()?;
    Some(quoted[1..quoted.len() - 1].to_owned())
}

/// The JSON text `body` written again with only the escapes JSON requires (so `\u0041` reads
/// `A`), or `None` when it is not JSON. On wasm, JavaScript's own `JSON.parse` and
/// `JSON.stringify` do it, which keeps a JSON value type out of the binary.
#[cfg(target_arch = "wasm32")]
fn unescaped(body: &str) -> Option<String> {
    let parsed = JSON::parse(body).ok()?;
    JSON::stringify(&parsed).ok().map(String::from)
}

/// The JSON text `body` written again with only the escapes JSON requires, or `None` when it is
/// not JSON (native builds, for the unit tests).
#[cfg(not(target_arch = "wasm32"))]
fn unescaped(body: &str) -> Option<String> {
    serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .map(|parsed| parsed.to_string())
}

/// What stands in place of the secret key wherever it would have appeared.
pub const REDACTED: &str = "[redacted]";

/// Keys at least this long are masked wherever they appear, glued to other text or not.
const MASK_ANYWHERE_LEN: usize = 8;

/// `text` with `secret` replaced by `[redacted]`: every occurrence of a key of at least
/// [`MASK_ANYWHERE_LEN`] characters; for a shorter (test) key only whole-token occurrences, a
/// token being bounded by characters that cannot be part of a key (keys are visible ASCII, so
/// letters, digits, `-` and `_` on either side mean the match is part of a longer word), so that
/// a key `k` does not mask every `k` of a message.
pub fn redact(text: &str, secret: &str) -> String {
    if secret.is_empty() {
        return text.to_owned();
    }
    let is_word = |c: Option<char>| {
        secret.len() < MASK_ANYWHERE_LEN
            && c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    };
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for (start, _) in text.match_indices(secret) {
        let end = start + secret.len();
        if start < copied
            || is_word(text[..start].chars().next_back())
            || is_word(text[end..].chars().next())
        {
            continue;
        }
        out.push_str(&text[copied..start]);
        out.push_str(REDACTED);
        copied = end;
    }
    out.push_str(&text[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::errors::Detail;

    #[test]
    fn redaction_removes_the_secret_everywhere() {
        let key = "sk-123456789";
        let body = r#"{"code":"ForbiddenError","message":"key sk-123456789 is not valid"}"#;
        let error = NexusError::from_response(403, body, Some(key.into())).redacted(key);
        assert_eq!(
            error.message,
            "403 ForbiddenError: key [redacted] is not valid"
        );
        assert_eq!(
            error.detail,
            Detail::Body(
                r#"{"code":"ForbiddenError","message":"key [redacted] is not valid"}"#.into()
            )
        );
        assert_eq!(error.request_id.as_deref(), Some("[redacted]"));
        assert!(!format!("{error:?}").contains(key));
    }

    #[test]
    fn redaction_finds_glued_and_escaped_keys() {
        let key = "sk-123456789";
        assert_eq!(redact("key=sk-123456789abc", key), "key=[redacted]abc");
        // The body holds the key with its letters and digits \u-escaped.
        let body = r#"{"code":"X","message":"\u0073k-123456789","extra":["sk-\u0031\u0032\u00333456789"]}"#;
        let error = NexusError::from_response(400, body, None).redacted(key);
        assert!(!error.message.contains(key), "{}", error.message);
        let Detail::Body(detail) = &error.detail else {
            panic!("the body stays, masked")
        };
        assert!(
            !detail.contains(key) && detail.contains("[redacted]"),
            "{detail}"
        );
    }

    #[test]
    fn redaction_finds_a_key_whose_characters_json_escapes() {
        let key = r#"sk-12"34\5678"#;
        let body =
            r#"{"code":"X","message":"sk-12\"34\\5678","echo":["sk-\u0031\u0032\"34\\5678"]}"#;
        let error = NexusError::from_response(400, body, None).redacted(key);
        let Detail::Body(detail) = &error.detail else {
            panic!("the body stays, masked")
        };
        let value: serde_json::Value = serde_json::from_str(detail).expect("still JSON");
        assert_eq!(value["message"], "[redacted]");
        assert_eq!(value["echo"][0], "[redacted]");
        assert!(!error.message.contains(key), "{}", error.message);
    }

    #[test]
    fn redaction_leaves_words_that_merely_contain_a_short_key() {
        let body =
            r#"{"code":"ForbiddenError","message":"The secret key k does not grant access"}"#;
        let error = NexusError::from_response(403, body, None).redacted("k");
        assert_eq!(
            error.message,
            "403 ForbiddenError: The secret key [redacted] does not grant access"
        );
        assert_eq!(redact("key=abc,abc.", "abc"), "key=[redacted],[redacted].");
        assert_eq!(redact("xabc abcx abc", "abc"), "xabc abcx [redacted]");
        assert_eq!(redact("aaaa", "aa"), "aaaa");
        assert_eq!(redact("text", ""), "text");
    }

    fn parse(url: &str) -> Checked<String> {
        Endpoint::parse(Some(url), false).map(|e| e.0)
    }

    #[test]
    fn default_endpoint() {
        assert_eq!(
            Endpoint::parse(None, false).unwrap().as_str(),
            "https://api.datature.io"
        );
    }

    #[test]
    fn paths_are_kept_and_trailing_slashes_dropped() {
        assert_eq!(
            parse("https://example.com/api/v1/"),
            Ok("https://example.com/api/v1".into())
        );
        assert_eq!(
            parse("HTTPS://Example.com:8443"),
            Ok("https://Example.com:8443".into())
        );
        assert_eq!(
            parse("https://example.com/"),
            Ok("https://example.com".into())
        );
    }

    #[test]
    fn loopback_http_is_allowed() {
        for url in [
            "http://127.0.0.1:4100",
            "http://127.1.2.3",
            "http://localhost:4100/x",
            "http://LOCALHOST",
            "http://[::1]:4100",
            "http://[::1]",
        ] {
            assert!(parse(url).is_ok(), "{url}");
        }
    }

    #[test]
    fn remote_http_needs_opt_in() {
        for url in [
            "http://example.com",
            "http://128.0.0.1",
            "http://127.0.0.1.example.com",
            "http://localhost.example.com",
            "http://[::2]",
            "http://10.0.0.1:4100",
        ] {
            let error = parse(url).unwrap_err();
            assert!(
                error.message.contains("not loopback"),
                "{url}: {}",
                error.message
            );
            assert!(Endpoint::parse(Some(url), true).is_ok(), "{url}");
        }
    }

    #[test]
    fn malformed_endpoints() {
        for url in [
            "",
            "example.com",
            "ftp://example.com",
            "https://",
            "https://user:pw@example.com",
            "https://example.com?x=1",
            "https://example.com#x",
            "https://exa mple.com",
            "https://example.com:",
            "https://example.com:99999",
            "https://example.com:80a",
            "https://[zz]",
            "https://[::1",
            "https://[::1]x",
            "https://ex_ample.com",
        ] {
            let error = parse(url).unwrap_err();
            assert!(
                error
                    .message
                    .starts_with("options.endpoint must be an http(s) URL"),
                "{url}: {}",
                error.message
            );
        }
    }

    #[test]
    fn paths_need_a_page() {
        let error = parse("/api/nexus").unwrap_err();
        assert_eq!(
            error.message,
            "options.endpoint is a path (/api/nexus), which resolves against a page's origin, and \
             there is no page here (no globalThis.location): give a full URL, e.g. \
             http://127.0.0.1:8787/api/nexus"
        );
        // Protocol-relative URLs are not paths.
        assert!(parse("//example.com/x")
            .unwrap_err()
            .message
            .starts_with("options.endpoint must be an http(s) URL"));
    }

    #[test]
    fn secret_key_is_checked_and_hidden() {
        let key = SecretKey::new(Some("sk-12345".into())).unwrap();
        assert_eq!(key.expose(), "sk-12345");
        assert!(!format!("{key:?}").contains("sk-12345"));
        for bad in [
            None,
            Some(String::new()),
            Some("a b".into()),
            Some("a\nb".into()),
            Some("é".into()),
        ] {
            let error = SecretKey::new(bad.clone()).unwrap_err();
            assert_eq!(
                error.message,
                "secretKey must be a string of 1 to 4096 visible ASCII characters, or null for a \
                 client without a key (behind a server that adds it)"
            );
        }
    }
}
