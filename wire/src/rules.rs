//! The rules of the contract that both sides enforce: the SDK before it sends, the emulator
//! when it answers. Each is defined here once; the messages that cite them stay with their
//! callers, which word them for their own audience.

/// Longest name, filename, role or attribute key, in UTF-8 bytes (none may be empty).
pub const MAX_NAME_BYTES: usize = 1024;

/// The attribute budget of one sequence: UTF-8 bytes of every key and value together.
pub const ATTRIBUTE_BYTES_TOTAL: u64 = 1_048_576;

/// The largest `ord` of an item.
pub const MAX_ORD: u32 = i32::MAX as u32;

/// Page size when the request gives no `limit`.
pub const DEFAULT_LIMIT: u32 = 100;

/// Largest page size (`limit`).
pub const MAX_LIMIT: u32 = 1000;

/// Largest request body the API accepts, in bytes (a larger one is answered 413). No string of
/// any argument can be longer than this and still be sent, whatever its own field's limit.
pub const MAX_BODY_BYTES: usize = 32 * 1024 * 1024;

/// Longest resource id (`[A-Za-z0-9_-]{1,256}`).
pub const MAX_ID_LEN: usize = 256;

/// Longest `Idempotency-Key` (1 to 255 visible ASCII characters).
pub const MAX_IDEMPOTENCY_KEY_LEN: usize = 255;

/// The id syntax of [`is_valid_id`] as a regular expression, for JavaScript (the package's proxy
/// checks the ids of the paths it forwards with it).
pub const ID_PATTERN: &str = "^[A-Za-z0-9_-]{1,256}$";

/// Whether `id` matches `[A-Za-z0-9_-]{1,256}`: such an id can never change the shape of a URL
/// (`/`, `?`, `#`, `..`) or smuggle anything into a request body.
pub fn is_valid_id(id: &str) -> bool {
    (1..=MAX_ID_LEN).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Whether `key` is a valid `Idempotency-Key`: 1 to [`MAX_IDEMPOTENCY_KEY_LEN`] visible ASCII
/// characters.
pub fn is_valid_idempotency_key(key: &[u8]) -> bool {
    (1..=MAX_IDEMPOTENCY_KEY_LEN).contains(&key.len()) && key.iter().all(u8::is_ascii_graphic)
}

/// The names of the HTTP headers of the contract.
pub mod header {
    /// The request header carrying the project's secret key.
    pub const SECRET_KEY: &str = "Secret-Key";
    /// The request header that makes a write safe to retry.
    pub const IDEMPOTENCY_KEY: &str = "Idempotency-Key";
    /// The response header naming the request, for support and logs.
    pub const REQUEST_ID: &str = "X-Request-Id";
    /// The response header of a 429 or 503: seconds to wait before retrying.
    pub const RETRY_AFTER: &str = "Retry-After";
    /// The response header marking an answer replayed for a reused `Idempotency-Key`.
    pub const IDEMPOTENT_REPLAYED: &str = "Idempotent-Replayed";
    /// The request headers a page of any origin may send (CORS `Access-Control-Allow-Headers`).
    pub const CORS_ALLOWED: [&str; 5] = [
        SECRET_KEY,
        "Content-Type",
        IDEMPOTENCY_KEY,
        REQUEST_ID,
        "Accept",
    ];
    /// The response headers a page's JavaScript may read (CORS `Access-Control-Expose-Headers`).
    pub const CORS_EXPOSED: [&str; 3] = [REQUEST_ID, RETRY_AFTER, IDEMPOTENT_REPLAYED];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        for good in [
            "seq_f77a1a3d-2ea2-45fc-a3f5-dc916a56f28c",
            "a",
            &"x".repeat(256),
        ] {
            assert!(is_valid_id(good), "{good}");
        }
        for bad in [
            "",
            "a/b",
            "a?b",
            "a#b",
            "..",
            "a.b",
            "a b",
            "é",
            "a%2F",
            &"x".repeat(257),
        ] {
            assert!(!is_valid_id(bad), "{bad}");
        }
    }

    #[test]
    fn idempotency_keys() {
        assert!(is_valid_idempotency_key(b"k"));
        assert!(is_valid_idempotency_key(b"key-1"));
        assert!(is_valid_idempotency_key(&[b'k'; 255]));
        for bad in [&b""[..], &[b'k'; 256], b"a b", b"a\nb", "é".as_bytes()] {
            assert!(!is_valid_idempotency_key(bad));
        }
    }
}
