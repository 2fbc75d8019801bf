//! `Secret-Key` authentication: which project a request may touch.

use crate::error::ApiError;
use crate::http::extract::single_header;
use crate::http::state::AppState;
use crate::store::projects;
use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::request::Parts;
use nexus_wire::header::SECRET_KEY;
// Longer project ids cannot exist, so they are refused without a lookup.
use nexus_wire::rules::MAX_ID_LEN;

/// Proof that the request's key grants the project named in its path.
#[derive(Debug, Clone)]
pub struct ProjectAccess {
    /// The `{projectId}` of the path, exactly as given.
    pub project_id: String,
}

impl FromRequestParts<AppState> for ProjectAccess {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let key = match single_header(&parts.headers, SECRET_KEY)? {
            None => return Err(ApiError::unauthorized()),
            Some(value) if value.is_empty() => return Err(ApiError::unauthorized()),
            // A key that is not text cannot exist.
            Some(value) => value
                .to_str()
                .map_err(|_| ApiError::forbidden())?
                .to_string(),
        };
        let params = RawPathParams::from_request_parts(parts, state)
            .await
            // Only undecodable text fails here, and `uri::middleware` refuses that first.
            .map_err(|e| ApiError::bad_request(format!("path: {e}")))?;
        let project_id = params
            .iter()
            .find(|(name, _)| *name == "projectId")
            .map(|(_, value)| value.to_string())
            .ok_or_else(|| ApiError::internal("route without {projectId}"))?;
        if project_id.len() > MAX_ID_LEN {
            return Err(ApiError::forbidden());
        }
        let project = project_id.clone();
        let granted = state
            .store
            .read(move |conn| Ok(projects::key_grants(conn, &key, &project)?))
            .await?;
        if granted {
            Ok(ProjectAccess { project_id })
        } else {
            Err(ApiError::forbidden())
        }
    }
}
