//! The emulator's own admin API under `/_emulator/`: projects, assets, fast seeding, request
//! counts, faults and reset. No auth, never faulted, never counted.

use crate::admin::counts::Counts;
use crate::admin::faults::{FaultSpec, FaultStatus};
use crate::admin::fixture;
use crate::domain::ids::{valid_id, valid_secret_key, ID_RULE, SECRET_KEY_RULE};
use crate::error::ApiError;
use crate::http::extract::{JsonBody, PathParams, QueryParams};
use crate::http::state::AppState;
use crate::store::{assets, now_ms, projects, sequences};
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use nexus_wire::admin::{
    AssetsCreated, Health, NewAsset, NewAssets, NewProject, NewSequences, Project, SequencesCreated,
};
use nexus_wire::rules::MAX_NAME_BYTES;
use rusqlite::{Connection, TransactionBehavior};

/// Most assets or sequences one seeding call may create.
const MAX_SEED_ROWS: u64 = 1_000_000;

/// Routes relative to `/_emulator`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/health", get(health))
        .route("/projects", post(create_project))
        .route("/projects/{projectId}/assets", post(create_assets))
        .route("/projects/{projectId}/sequences", post(create_sequences))
        .route("/requests", get(get_counts).delete(clear_counts))
        .route("/reset", post(reset))
        .route("/export", get(export))
        .route(
            "/faults",
            get(get_faults).put(put_faults).delete(clear_faults),
        )
}

async fn health() -> Json<Health> {
    Json(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    })
}

fn random_hex(bytes_of_uuid: usize) -> String {
    (0..bytes_of_uuid)
        .map(|_| uuid::Uuid::new_v4().simple().to_string())
        .collect()
}

async fn create_project(
    State(state): State<AppState>,
    JsonBody(request): JsonBody<NewProject>,
) -> Result<(StatusCode, Json<Project>), ApiError> {
    let project_id = request
        .project_id
        .unwrap_or_else(|| format!("proj_{}", random_hex(1)));
    if !valid_id(&project_id) {
        return Err(ApiError::bad_request(format!("projectId: {ID_RULE}")));
    }
    let secret_key = request.secret_key.unwrap_or_else(|| random_hex(2));
    if !valid_secret_key(&secret_key) {
        return Err(ApiError::bad_request(format!(
            "secretKey: {SECRET_KEY_RULE}"
        )));
    }
    let created = state
        .store
        .write(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            if projects::exists(&tx, &project_id)? {
                return Err(ApiError::conflict(format!(
                    "projectId: {project_id:?} already exists"
                )));
            }
            let workspace = match projects::workspace_of_key(&tx, &secret_key)? {
                Some(workspace) => workspace,
                None => {
                    let workspace = format!("ws_{}", uuid::Uuid::new_v4().simple());
                    projects::insert_key(&tx, &secret_key, &workspace)?;
                    workspace
                }
            };
            projects::insert(&tx, &project_id, &workspace, now_ms())?;
            tx.commit()?;
            Ok(Project {
                project_id,
                secret_key,
            })
        })
        .await?;
    Ok((StatusCode::CREATED, Json(created)))
}

fn project_not_found(project_id: &str) -> ApiError {
    ApiError::not_found(format!("Project {project_id:?} not found"))
}

async fn create_assets(
    State(state): State<AppState>,
    PathParams(project_id): PathParams<String>,
    JsonBody(request): JsonBody<NewAssets>,
) -> Result<(StatusCode, Json<AssetsCreated>), ApiError> {
    let wanted = match (request.assets, request.count) {
        (Some(assets), None) => assets,
        (None, Some(count)) if count <= MAX_SEED_ROWS => {
            let prefix = request.filename_prefix.unwrap_or_else(|| "image_".into());
            (0..count)
                .map(|i| NewAsset {
                    filename: format!("{prefix}{i}.jpg"),
                    asset_id: None,
                })
                .collect()
        }
        (None, Some(_)) => {
            return Err(ApiError::bad_request(format!(
                "count: at most {MAX_SEED_ROWS}"
            )))
        }
        _ => {
            return Err(ApiError::bad_request(
                "body: expected exactly one of assets and count",
            ))
        }
    };
    for (i, asset) in wanted.iter().enumerate() {
        if asset.filename.is_empty() || asset.filename.len() > MAX_NAME_BYTES {
            return Err(ApiError::bad_request(format!(
                "assets[{i}].filename: expected 1 to {MAX_NAME_BYTES} bytes"
            )));
        }
        if asset.asset_id.as_deref().is_some_and(|id| !valid_id(id)) {
            return Err(ApiError::bad_request(format!(
                "assets[{i}].assetId: {ID_RULE}"
            )));
        }
    }
    let created = state
        .store
        .write(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            if !projects::exists(&tx, &project_id)? {
                return Err(project_not_found(&project_id));
            }
            let mut created = Vec::with_capacity(wanted.len());
            for asset in wanted {
                let id = asset.asset_id.unwrap_or_else(assets::new_id);
                insert_asset(&tx, &project_id, &id, &asset.filename)?;
                created.push(NewAsset {
                    filename: asset.filename,
                    asset_id: Some(id),
                });
            }
            tx.commit()?;
            Ok(created)
        })
        .await?;
    Ok((StatusCode::CREATED, Json(AssetsCreated { assets: created })))
}

/// Inserts an asset, 409 when its id or filename is taken.
fn insert_asset(
    conn: &Connection,
    project_id: &str,
    asset_id: &str,
    filename: &str,
) -> Result<(), ApiError> {
    if assets::filename_taken(conn, project_id, filename)? {
        return Err(ApiError::conflict(format!(
            "filename {filename:?} already exists in this project"
        )));
    }
    if assets::id_taken(conn, asset_id)? {
        return Err(ApiError::conflict(format!(
            "assetId {asset_id:?} already exists"
        )));
    }
    assets::insert(conn, project_id, asset_id, filename)?;
    Ok(())
}

async fn create_sequences(
    State(state): State<AppState>,
    PathParams(project_id): PathParams<String>,
    JsonBody(request): JsonBody<NewSequences>,
) -> Result<(StatusCode, Json<SequencesCreated>), ApiError> {
    let max_items = state.max_items_per_sequence;
    if request.count > MAX_SEED_ROWS
        || request.count.saturating_mul(request.items_per_sequence) > MAX_SEED_ROWS
    {
        return Err(ApiError::bad_request(format!(
            "count, itemsPerSequence: at most {MAX_SEED_ROWS} sequences and items in all"
        )));
    }
    if request.items_per_sequence > max_items.unsigned_abs() {
        return Err(ApiError::bad_request(format!(
            "itemsPerSequence: at most {max_items} (the item cap)"
        )));
    }
    let count = request.count;
    state
        .store
        .write(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            if !projects::exists(&tx, &project_id)? {
                return Err(project_not_found(&project_id));
            }
            let now = now_ms();
            for i in 0..request.count {
                let name = format!("{}{i}", request.name_prefix);
                if name.len() > MAX_NAME_BYTES {
                    return Err(ApiError::bad_request(
                        "namePrefix: names would exceed 1024 bytes",
                    ));
                }
                if sequences::head_by_name(&tx, &project_id, &name)?.is_some() {
                    return Err(ApiError::conflict(format!(
                        "a sequence named {name:?} already exists"
                    )));
                }
                let head = sequences::insert(&tx, &project_id, &name, now)?;
                for ord in 0..request.items_per_sequence as i64 {
                    let asset_id = assets::new_id();
                    insert_asset(
                        &tx,
                        &project_id,
                        &asset_id,
                        &format!("{name}/item_{ord}.jpg"),
                    )?;
                    assets::place(&tx, &asset_id, &head.id, None, ord)?;
                }
                sequences::add_items(&tx, &head.id, request.items_per_sequence as i64)?;
            }
            tx.commit()?;
            Ok(())
        })
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(SequencesCreated { created: count }),
    ))
}

async fn get_counts(
    State(state): State<AppState>,
    QueryParams(query): QueryParams,
) -> Json<Counts> {
    Json(
        state
            .counts
            .snapshot(query.get("projectId").map(String::as_str)),
    )
}

async fn clear_counts(State(state): State<AppState>) -> StatusCode {
    state.counts.clear();
    StatusCode::NO_CONTENT
}

async fn reset(State(state): State<AppState>) -> Result<StatusCode, ApiError> {
    state
        .store
        .write(|conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            projects::wipe(&tx)?;
            tx.commit()?;
            Ok(())
        })
        .await?;
    state.counts.clear();
    state.faults.clear();
    Ok(StatusCode::NO_CONTENT)
}

async fn get_faults(State(state): State<AppState>) -> Json<FaultStatus> {
    Json(state.faults.status())
}

async fn put_faults(
    State(state): State<AppState>,
    JsonBody(spec): JsonBody<FaultSpec>,
) -> Result<Json<FaultStatus>, ApiError> {
    spec.validate().map_err(ApiError::bad_request)?;
    state.faults.set(spec);
    Ok(Json(state.faults.status()))
}

async fn clear_faults(State(state): State<AppState>) -> StatusCode {
    state.faults.clear();
    StatusCode::NO_CONTENT
}

/// The whole state as a fixture (the format of `nexus-emulator export` and `serve --import`).
async fn export(State(state): State<AppState>) -> Result<Response, ApiError> {
    let text = state.store.read(|conn| Ok(fixture::export(conn)?)).await?;
    Ok(([(header::CONTENT_TYPE, "application/json")], text).into_response())
}
