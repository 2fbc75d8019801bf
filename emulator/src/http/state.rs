//! State shared by every request handler.

use crate::admin::counts::RequestCounts;
use crate::admin::faults::Faults;
use crate::store::Store;
use std::sync::Arc;

/// Everything a handler may need; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub store: Store,
    /// Per-route request counters.
    pub counts: Arc<RequestCounts>,
    /// Active fault rules.
    pub faults: Arc<Faults>,
    /// Item cap of one sequence.
    pub max_items_per_sequence: i64,
}
