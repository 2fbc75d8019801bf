//! The URL of a request: the endpoint, then path segments and query components, each
//! percent-encoded so that no value can change the URL's shape.

/// Percent-encodes everything but the RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`),
/// so a value can sit in a path segment or a query component without changing the URL's shape.
pub fn percent_encode(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(byte >> 4)] as char);
            out.push(HEX[usize::from(byte & 15)] as char);
        }
    }
    out
}

/// `base` + `/segment`... + `?key=value&...`, every segment and query component encoded.
pub fn build_url(base: &str, segments: &[&str], query: &[(&str, String)]) -> String {
    let mut url = base.to_owned();
    for segment in segments {
        url.push('/');
        url.push_str(&percent_encode(segment));
    }
    for (i, (key, value)) in query.iter().enumerate() {
        url.push(if i == 0 { '?' } else { '&' });
        url.push_str(&percent_encode(key));
        url.push('=');
        url.push_str(&percent_encode(value));
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreserved_characters_pass_through() {
        assert_eq!(percent_encode("AZaz09-._~"), "AZaz09-._~");
    }

    #[test]
    fn everything_else_is_encoded() {
        assert_eq!(
            percent_encode("a b&c+d/e?f#g=h%i"),
            "a%20b%26c%2Bd%2Fe%3Ff%23g%3Dh%25i"
        );
        assert_eq!(percent_encode("é"), "%C3%A9");
        assert_eq!(percent_encode("患者"), "%E6%82%A3%E8%80%85");
        assert_eq!(percent_encode("🙂"), "%F0%9F%99%82");
    }

    #[test]
    fn urls_keep_the_base_path_and_encode_parts() {
        assert_eq!(
            build_url(
                "https://api.datature.io",
                &["projects", "proj_1", "sequences"],
                &[]
            ),
            "https://api.datature.io/projects/proj_1/sequences"
        );
        assert_eq!(
            build_url(
                "http://127.0.0.1:4100/prefix",
                &["projects", "proj_1", "sequences"],
                &[("limit", "2".into()), ("page", "a+b/c=".into()), ("name", "Patient A & B".into())]
            ),
            "http://127.0.0.1:4100/prefix/projects/proj_1/sequences?limit=2&page=a%2Bb%2Fc%3D&name=Patient%20A%20%26%20B"
        );
        assert_eq!(
            build_url("https://x", &["a b"], &[("name", "é".into())]),
            "https://x/a%20b?name=%C3%A9"
        );
    }
}
