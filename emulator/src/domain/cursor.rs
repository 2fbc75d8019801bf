//! Opaque keyset cursors for listing sequences.
//!
//! A cursor holds a direction and a boundary key `(createDate, id)`, never an offset, so a page
//! costs one index seek however deep it is and stays valid while rows come and go. On the wire
//! it is base64url (no padding) of a small versioned JSON object.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::{Deserialize, Serialize};

/// Position of a sequence in list order.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Key {
    /// `createDate`, Unix ms.
    pub create_date: i64,
    /// Sequence id, the tie-breaker.
    pub id: String,
}

/// Which rows a cursor selects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cursor {
    /// The first `limit` rows after the key (after everything's start when `None`).
    After(Option<Key>),
    /// The last `limit` rows before the key (before the end when `None`).
    Before(Option<Key>),
}

const VERSION: u8 = 1;

#[derive(Serialize, Deserialize)]
struct Wire {
    v: u8,
    /// `"a"` after, `"b"` before.
    d: String,
    k: Option<(i64, String)>,
}

impl Cursor {
    /// The opaque string form.
    pub fn encode(&self) -> String {
        let (d, key) = match self {
            Cursor::After(k) => ("a", k),
            Cursor::Before(k) => ("b", k),
        };
        let wire = Wire {
            v: VERSION,
            d: d.to_string(),
            k: key.as_ref().map(|k| (k.create_date, k.id.clone())),
        };
        // Serializing a struct of plain fields cannot fail.
        let json = serde_json::to_vec(&wire).unwrap_or_default();
        URL_SAFE_NO_PAD.encode(json)
    }

    /// Parses a cursor produced by [`Cursor::encode`]; `None` when it is not one.
    pub fn decode(text: &str) -> Option<Cursor> {
        if text.len() > 2048 {
            return None;
        }
        let bytes = URL_SAFE_NO_PAD.decode(text.trim_end_matches('=')).ok()?;
        let wire: Wire = serde_json::from_slice(&bytes).ok()?;
        if wire.v != VERSION {
            return None;
        }
        let key = wire.k.map(|(create_date, id)| Key { create_date, id });
        match wire.d.as_str() {
            "a" => Some(Cursor::After(key)),
            "b" => Some(Cursor::Before(key)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        for cursor in [
            Cursor::After(None),
            Cursor::Before(Some(Key {
                create_date: 1_705_475_663_570,
                id: "seq_x".into(),
            })),
        ] {
            let text = cursor.encode();
            assert!(text
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
            assert_eq!(Cursor::decode(&text), Some(cursor));
        }
    }

    #[test]
    fn rejects_garbage() {
        assert_eq!(Cursor::decode("not a cursor"), None);
        assert_eq!(Cursor::decode(""), None);
        assert_eq!(
            Cursor::decode(&URL_SAFE_NO_PAD.encode(b"{\"v\":2,\"d\":\"a\",\"k\":null}")),
            None
        );
    }
}
