//! `Idempotency-Key` on the bulk POST: a key remembers the request (by hash) and its response
//! for 24 hours. Records are written in the same transaction as the changes they describe, so
//! a crash can never keep one without the other.

use crate::error::ApiError;
use axum::http::HeaderMap;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// Request header carrying the key.
pub const HEADER: &str = "idempotency-key";
/// Response header set on a replayed response.
pub const REPLAYED_HEADER: &str = "idempotent-replayed";
/// How long a key is remembered.
pub const TTL_MS: i64 = 24 * 60 * 60 * 1000;
/// Longest key accepted.
const MAX_KEY_LEN: usize = 255;

/// What the store knows about a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Prior {
    /// Unused (or expired): apply the request.
    Fresh,
    /// Used with the same body: answer this again.
    Replay {
        /// Stored status.
        status: u16,
        /// Stored JSON body.
        body: String,
    },
    /// Used with another body.
    Mismatch,
}

/// The key of a request, if it has one; 400 when it is empty, too long or not visible ASCII.
pub fn key_from_headers(headers: &HeaderMap) -> Result<Option<String>, ApiError> {
    let Some(value) = headers.get(HEADER) else {
        return Ok(None);
    };
    let key = value
        .to_str()
        .ok()
        .filter(|k| {
            !k.is_empty() && k.len() <= MAX_KEY_LEN && k.bytes().all(|b| b.is_ascii_graphic())
        })
        .ok_or_else(|| {
            ApiError::bad_request(format!(
                "Idempotency-Key header: expected 1 to {MAX_KEY_LEN} visible ASCII characters"
            ))
        })?;
    Ok(Some(key.to_string()))
}

/// A hash of a parsed request body: the same request hashes the same whatever its formatting,
/// key order, or `null`s that mean absent, because it is hashed as the emulator re-serializes it.
pub fn request_hash(body: &impl Serialize) -> Result<String, ApiError> {
    let canonical = serde_json::to_vec(body)
        .map_err(|e| ApiError::internal(format!("serialize request for its hash: {e}")))?;
    let digest = Sha256::digest(&canonical);
    Ok(digest.iter().map(|b| format!("{b:02x}")).collect())
}

/// Looks a key up, ignoring records older than [`TTL_MS`].
pub fn lookup(
    conn: &Connection,
    project_id: &str,
    key: &str,
    hash: &str,
    now: i64,
) -> rusqlite::Result<Prior> {
    let row: Option<(String, u16, String)> = conn
        .query_row(
            "SELECT request_hash, status, response FROM idempotency_records
             WHERE project_id = ?1 AND key = ?2 AND create_date > ?3",
            params![project_id, key, now - TTL_MS],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )
        .optional()?;
    Ok(match row {
        None => Prior::Fresh,
        Some((stored, status, body)) if stored == hash => Prior::Replay { status, body },
        Some(_) => Prior::Mismatch,
    })
}

/// Remembers a response for a key, dropping expired records on the way.
pub fn record(
    conn: &Connection,
    project_id: &str,
    key: &str,
    hash: &str,
    status: u16,
    body: &str,
    now: i64,
) -> rusqlite::Result<()> {
    conn.execute(
        "DELETE FROM idempotency_records WHERE create_date <= ?1",
        [now - TTL_MS],
    )?;
    conn.execute(
        "INSERT OR REPLACE INTO idempotency_records
         (project_id, key, request_hash, status, response, create_date)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![project_id, key, hash, status, body, now],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use nexus_wire::BulkUpdateRequest;

    fn hash(text: &str) -> String {
        let request: BulkUpdateRequest = serde_json::from_str(text).unwrap();
        request_hash(&request).unwrap()
    }

    #[test]
    fn hash_ignores_formatting_key_order_and_defaults() {
        let a = hash(r#"{"actions":[],"abortMode":"None"}"#);
        assert_eq!(a, hash("{ \"abortMode\": null,\n \"actions\": [] }"));
        assert_eq!(a, hash(r#"{"actions": []}"#));
        assert_ne!(
            a,
            hash(r#"{"actions": [], "abortMode": "AbortOnAnyFailed"}"#)
        );
    }
}
