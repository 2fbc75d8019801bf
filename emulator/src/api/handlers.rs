//! The Nexus Sequences endpoints. Handlers are thin: authenticate, parse, run one store
//! operation, shape the answer.

use crate::api::idempotency::{self, Keyed, Outcome};
use crate::domain::bulk;
use crate::domain::cursor::Cursor;
use crate::domain::sequence_ops::{self, ChangeSet, PatchRejection};
use crate::error::ApiError;
use crate::http::auth::ProjectAccess;
use crate::http::extract::{JsonBody, PathParams, QueryParams};
use crate::http::request;
use crate::http::route;
use crate::http::state::AppState;
use crate::store::sequences;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Json, Router};
use nexus_wire::rules::{DEFAULT_LIMIT, MAX_LIMIT};
use nexus_wire::{
    BulkUpdateRequest, DeleteSequenceResponse, Page, Sequence, SequenceBulkUpdateResponse,
    SequencePatch, ATTRIBUTE_BYTES_TOTAL,
};

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
    headers: HeaderMap,
    PathParams((_, sequence_id)): PathParams<(String, String)>,
    JsonBody(patch): JsonBody<SequencePatch>,
) -> Result<Response, ApiError> {
    request::check_patch(&patch)?;
    let keyed = Keyed::from_request(&headers, &("PATCH", &sequence_id, &patch))?;
    let project = access.project_id;
    idempotency::write_once(&state.store, project.clone(), keyed, move |conn, now| {
        let head = sequences::head_by_id(conn, &project, &sequence_id)?
            .ok_or_else(|| sequence_not_found(&sequence_id))?;
        let mut changes = ChangeSet::new(now);
        match sequence_ops::patch(conn, &project, &head, &patch, &mut changes)? {
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
        changes.write_dates(conn)?;
        let sequence = sequences::load(conn, &project, &sequence_id)?
            .ok_or_else(|| ApiError::internal("patched sequence vanished"))?;
        Ok(Outcome {
            answer: sequence,
            keep: true,
        })
    })
    .await
}

async fn delete_sequence(
    State(state): State<AppState>,
    access: ProjectAccess,
    headers: HeaderMap,
    PathParams((_, sequence_id)): PathParams<(String, String)>,
) -> Result<Response, ApiError> {
    let keyed = Keyed::from_request(&headers, &("DELETE", &sequence_id))?;
    let project = access.project_id;
    idempotency::write_once(&state.store, project.clone(), keyed, move |conn, _| {
        let head = sequences::head_by_id(conn, &project, &sequence_id)?
            .ok_or_else(|| sequence_not_found(&sequence_id))?;
        sequence_ops::remove(conn, &head)?;
        Ok(Outcome {
            answer: DeleteSequenceResponse {
                deleted: true,
                id: head.id,
            },
            keep: true,
        })
    })
    .await
}

async fn bulk_update(
    State(state): State<AppState>,
    access: ProjectAccess,
    headers: HeaderMap,
    JsonBody(update): JsonBody<BulkUpdateRequest>,
) -> Result<Response, ApiError> {
    // The body is checked before the key is looked up: a malformed body is a 400 under any key.
    request::check_bulk(&update)?;
    let keyed = Keyed::from_request(&headers, &("POST", route::BULK_UPDATES, &update))?;
    let project = access.project_id;
    let max_items = state.max_items_per_sequence;
    idempotency::write_once(&state.store, project.clone(), keyed, move |conn, now| {
        let outcome = bulk::apply(conn, &project, &update, max_items, now)?;
        Ok(Outcome {
            answer: SequenceBulkUpdateResponse {
                actions: outcome.results,
            },
            keep: outcome.keep,
        })
    })
    .await
}
