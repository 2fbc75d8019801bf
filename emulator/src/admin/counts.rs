//! Request counts per route template, overall and per project, for tests that assert how
//! many calls a client made (retries included).

use crate::http::route::classify;
use crate::http::state::AppState;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

/// Counters of requests to the Nexus paths (admin paths are never counted).
#[derive(Default)]
pub struct RequestCounts {
    inner: Mutex<Tally>,
}

#[derive(Default)]
struct Tally {
    all: Counts,
    by_project: HashMap<String, Counts>,
}

/// Counts as the admin API returns them.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Counts {
    /// All counted requests.
    pub total: u64,
    /// Per `METHOD <route template>`.
    pub routes: BTreeMap<String, u64>,
}

impl Counts {
    fn add(&mut self, route: &str) {
        self.total += 1;
        *self.routes.entry(route.to_string()).or_insert(0) += 1;
    }
}

impl RequestCounts {
    /// Counts one request.
    pub fn record(&self, route: &str, project_id: Option<&str>) {
        let Ok(mut tally) = self.inner.lock() else {
            return;
        };
        tally.all.add(route);
        if let Some(project) = project_id {
            tally
                .by_project
                .entry(project.to_string())
                .or_default()
                .add(route);
        }
    }

    /// The counts, of every request or of the requests naming one project.
    pub fn snapshot(&self, project_id: Option<&str>) -> Counts {
        let Ok(tally) = self.inner.lock() else {
            return Counts::default();
        };
        match project_id {
            None => tally.all.clone(),
            Some(project) => tally.by_project.get(project).cloned().unwrap_or_default(),
        }
    }

    /// Back to zero.
    pub fn clear(&self) {
        if let Ok(mut tally) = self.inner.lock() {
            *tally = Tally::default();
        }
    }
}

/// Middleware: counts every non-admin request before anything can reject it.
pub async fn middleware(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let route = classify(request.uri().path());
    if !route.admin {
        let key = format!("{} {}", request.method(), route.template);
        state.counts.record(&key, route.project_id.as_deref());
    }
    next.run(request).await
}
