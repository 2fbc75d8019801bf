//! The Nexus Sequences endpoints. Handlers are thin: authenticate, parse, run one store
//! operation, shape the answer.

use crate::auth::ProjectAccess;
use crate::bulk;
use crate::cursor::Cursor;
use crate::error::ApiError;
use crate::extract::{JsonBody, PathParams, QueryParams};
use crate::idempotency::{self, Prior};
use crate::request;
use crate::route;
use crate::sequence_ops::{self, ChangeSet, PatchRejection};
use crate::state::AppState;
use crate::store::{now_ms, sequences};
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use nexus_wire::{
    BulkUpdateRequest, DeleteSequenceResponse, Page, Sequence, SequenceBulkUpdateResponse,
    SequencePatch, ATTRIBUTE_BYTES_TOTAL,
};
use rusqlite::TransactionBehavior;

/// Default page size.
const DEFAULT_LIMIT: u32 = 100;
/// Largest page size.
const MAX_LIMIT: u32 = 1000;

/// Routes of the Nexus API.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(route::SEQUENCES, get(list))
        .route(
            route::SEQUENCE,
            get(get_sequence)
                .patch(patch_sequence)
                .delete(delete_sequence),
        )
        .route(route::BULK_UPDATES, post(bulk_update))
}

async fn list(
    State(state): State<AppState>,
    access: ProjectAccess,
    QueryParams(query): QueryParams,
) -> Result<Json<Page<Sequence>>, ApiError> {
    let limit = match query.get("limit") {
        None => DEFAULT_LIMIT,
        Some(text) => text
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=MAX_LIMIT).contains(n))
            .ok_or_else(|| {
                ApiError::bad_request(format!(
                    "limit: expected an integer from 1 to {MAX_LIMIT}, got {text:?}"
                ))
            })?,
    };
    let cursor = match query.get("page") {
        None => Cursor::After(None),
        Some(text) => Cursor::decode(text).ok_or_else(|| {
            ApiError::bad_request(
                "page: not a cursor returned by this API (use nextPage or prevPage as given)",
            )
        })?,
    };
    let name = query.get("name").cloned();
    let project = access.project_id;
    let page = state
        .store
        .read(move |conn| {
            Ok(sequences::page(
                conn,
                &project,
                name.as_deref(),
                &cursor,
                limit,
            )?)
        })
        .await?;
    Ok(Json(page))
}

fn sequence_not_found(id: &str) -> ApiError {
    ApiError::not_found(format!("Sequence {id:?} not found in this project"))
}

async fn get_sequence(
    State(state): State<AppState>,
    access: ProjectAccess,
    PathParams((_, sequence_id)): PathParams<(String, String)>,
) -> Result<Json<Sequence>, ApiError> {
    let project = access.project_id;
    let id = sequence_id.clone();
    let found = state
        .store
        .read(move |conn| Ok(sequences::load(conn, &project, &id)?))
        .await?;
    found
        .map(Json)
        .ok_or_else(|| sequence_not_found(&sequence_id))
}

async fn patch_sequence(
    State(state): State<AppState>,
    access: ProjectAccess,
    PathParams((_, sequence_id)): PathParams<(String, String)>,
    JsonBody(patch): JsonBody<SequencePatch>,
) -> Result<Json<Sequence>, ApiError> {
    request::check_patch(&patch)?;
    let project = access.project_id;
    let sequence = state
        .store
        .write(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let head = sequences::head_by_id(&tx, &project, &sequence_id)?
                .ok_or_else(|| sequence_not_found(&sequence_id))?;
            let mut changes = ChangeSet::new(now_ms());
            match sequence_ops::patch(&tx, &project, &head, &patch, &mut changes)? {
                Err(PatchRejection::RenameWouldDuplicate) => {
                    return Err(ApiError::conflict(format!(
                        "name: another sequence of this project is already named {:?}",
                        patch.name.unwrap_or_default()
                    )))
                }
                Err(PatchRejection::AttributesTooLarge { bytes }) => {
                    return Err(ApiError::bad_request(format!(
                        "attributes: {bytes} bytes exceed the limit of {ATTRIBUTE_BYTES_TOTAL} bytes"
                    )))
                }
                Ok(()) => {}
            }
            changes.write_dates(&tx)?;
            let sequence = sequences::load(&tx, &project, &sequence_id)?
                .ok_or_else(|| ApiError::internal("patched sequence vanished"))?;
            tx.commit()?;
            Ok(sequence)
        })
        .await?;
    Ok(Json(sequence))
}

async fn delete_sequence(
    State(state): State<AppState>,
    access: ProjectAccess,
    PathParams((_, sequence_id)): PathParams<(String, String)>,
) -> Result<Json<DeleteSequenceResponse>, ApiError> {
    let project = access.project_id;
    let deleted = state
        .store
        .write(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let head = sequences::head_by_id(&tx, &project, &sequence_id)?
                .ok_or_else(|| sequence_not_found(&sequence_id))?;
            sequence_ops::remove(&tx, &head)?;
            tx.commit()?;
            Ok(DeleteSequenceResponse {
                deleted: true,
                id: head.id,
            })
        })
        .await?;
    Ok(Json(deleted))
}

/// How a bulk update was answered.
enum BulkAnswer {
    Applied(String),
    Replayed { status: u16, body: String },
}

async fn bulk_update(
    State(state): State<AppState>,
    access: ProjectAccess,
    headers: HeaderMap,
    JsonBody(update): JsonBody<BulkUpdateRequest>,
) -> Result<Response, ApiError> {
    let key = idempotency::key_from_headers(&headers)?;
    request::check_bulk(&update)?;
    let keyed = match key {
        Some(key) => Some((key, idempotency::request_hash(&update)?)),
        None => None,
    };
    let project = access.project_id;
    let max_items = state.max_items_per_sequence;
    let answer = state
        .store
        .write(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let now = now_ms();
            if let Some((key, hash)) = &keyed {
                match idempotency::lookup(&tx, &project, key, hash, now)? {
                    Prior::Replay { status, body } => {
                        return Ok(BulkAnswer::Replayed { status, body })
                    }
                    Prior::Mismatch => return Err(ApiError::idempotency_key_reused()),
                    Prior::Fresh => {}
                }
            }
            let outcome = bulk::apply(&tx, &project, &update, max_items, now)?;
            let body = serde_json::to_string(&SequenceBulkUpdateResponse {
                actions: outcome.results,
            })
            .map_err(|e| ApiError::internal(format!("serialize bulk response: {e}")))?;
            let tx = if outcome.keep {
                tx
            } else {
                // Nothing to keep; the response alone is recorded, under the same writer lock.
                tx.rollback()?;
                conn.transaction_with_behavior(TransactionBehavior::Immediate)?
            };
            if let Some((key, hash)) = &keyed {
                idempotency::record(
                    &tx,
                    &project,
                    key,
                    hash,
                    StatusCode::OK.as_u16(),
                    &body,
                    now,
                )?;
            }
            tx.commit()?;
            Ok(BulkAnswer::Applied(body))
        })
        .await?;
    Ok(match answer {
        BulkAnswer::Applied(body) => json_response(StatusCode::OK, body),
        BulkAnswer::Replayed { status, body } => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
            let mut response = json_response(status, body);
            response.headers_mut().insert(
                idempotency::REPLAYED_HEADER,
                HeaderValue::from_static("true"),
            );
            response
        }
    })
}

/// A response whose body is already-serialized JSON.
fn json_response(status: StatusCode, body: String) -> Response {
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response()
}
