//! `Idempotency-Key` on every write (the bulk POST, PATCH and DELETE): a key remembers the
//! request (by a hash of its method, target and parsed body) and its successful answer for 24
//! hours. Records are written in the same transaction as the changes they describe, so a crash
//! can never keep one without the other, and writes are serialized, so a request applies at
//! most once per key.

use crate::error::ApiError;
use crate::http::extract::single_header;
use crate::http::wire_header;
use crate::store::{now_ms, Store};
use std::sync::LazyLock;

use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use nexus_wire::header::IDEMPOTENCY_KEY;
use nexus_wire::rules::{is_valid_idempotency_key, MAX_IDEMPOTENCY_KEY_LEN};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// Response header set on a replayed response (`Idempotent-Replayed`).
static REPLAYED_HEADER: LazyLock<HeaderName> =
    LazyLock::new(|| wire_header(nexus_wire::header::IDEMPOTENT_REPLAYED));
/// How long a key is remembered.
pub const TTL_MS: i64 = 24 * 60 * 60 * 1000;

/// What the store knows about a key.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Prior {
    /// Unused (or expired): apply the request.
    Fresh,
    /// Used for the same request: answer this again.
    Replay {
        /// Stored status.
        status: u16,
        /// Stored JSON body.
        body: String,
    },
    /// Used for another request.
    Mismatch,
}

/// The key of a request and the hash of what it asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keyed {
    key: String,
    hash: String,
}

impl Keyed {
    /// The request's key, if it has one (400 when it is empty, too long or not visible ASCII),
    /// with the hash of `request`: whatever makes two requests the same, e.g. method, target
    /// and parsed body.
    pub fn from_request(
        headers: &HeaderMap,
        request: &impl Serialize,
    ) -> Result<Option<Keyed>, ApiError> {
        let Some(value) = single_header(headers, IDEMPOTENCY_KEY)? else {
            return Ok(None);
        };
        let key = value
            .to_str()
            .ok()
            .filter(|k| is_valid_idempotency_key(k.as_bytes()))
            .ok_or_else(|| {
                ApiError::bad_request(format!(
                    "Idempotency-Key header: expected 1 to {MAX_IDEMPOTENCY_KEY_LEN} visible ASCII characters"
                ))
            })?;
        Ok(Some(Keyed {
            key: key.to_string(),
            hash: request_hash(request)?,
        }))
    }
}

/// A hash of a parsed request: the same request hashes the same whatever its formatting, key
/// order, or `null`s that mean absent, because it is hashed as the emulator re-serializes it.
pub fn request_hash(request: &impl Serialize) -> Result<String, ApiError> {
    let canonical = serde_json::to_vec(request)
        .map_err(|e| ApiError::internal(format!("serialize request for its hash: {e}")))?;
    let digest = Sha256::digest(&canonical);
    Ok(digest.iter().map(|b| format!("{b:02x}")).collect())
}

/// What a write decided: its answer, and whether its changes stand (`false` rolls them back;
/// the answer is recorded all the same).
pub struct Outcome<T> {
    /// The 200 body.
    pub answer: T,
    /// Commit the changes.
    pub keep: bool,
}

/// Runs `apply` (given the connection inside one write transaction and the request's time) at
/// most once per key: a key already used for this request replays the recorded answer with
/// `Idempotent-Replayed: true`, a key used for another request is a 422. An error from `apply`
/// rolls everything back and is not recorded, so a retry is answered afresh.
pub async fn write_once<T, F>(
    store: &Store,
    project: String,
    keyed: Option<Keyed>,
    apply: F,
) -> Result<Response, ApiError>
where
    T: Serialize,
    F: FnOnce(&Connection, i64) -> Result<Outcome<T>, ApiError> + Send + 'static,
{
    let (status, body, replayed) = store
        .write(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let now = now_ms();
            if let Some(Keyed { key, hash }) = &keyed {
                match lookup(&tx, &project, key, hash, now)? {
                    Prior::Replay { status, body } => return Ok((status, body, true)),
                    Prior::Mismatch => return Err(ApiError::idempotency_key_reused()),
                    Prior::Fresh => {}
                }
            }
            let outcome = apply(&tx, now)?;
            let body = serde_json::to_string(&outcome.answer)
                .map_err(|e| ApiError::internal(format!("serialize answer: {e}")))?;
            let tx = if outcome.keep {
                tx
            } else {
                // Nothing to keep; the answer alone is recorded, under the same writer lock.
                tx.rollback()?;
                conn.transaction_with_behavior(TransactionBehavior::Immediate)?
            };
            let status = StatusCode::OK.as_u16();
            if let Some(Keyed { key, hash }) = &keyed {
                record(&tx, &project, key, hash, status, &body, now)?;
            }
            tx.commit()?;
            Ok((status, body, false))
        })
        .await?;
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    let mut response = (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response();
    if replayed {
        response
            .headers_mut()
            .insert(&*REPLAYED_HEADER, HeaderValue::from_static("true"));
    }
    Ok(response)
}

/// Looks a key up, ignoring records older than [`TTL_MS`].
fn lookup(
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
fn record(
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
