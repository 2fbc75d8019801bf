//! The routes of the API (contract section 2): the path of each call and the methods it takes.
//! The SDK builds its URLs from the segments; the package's proxy (`nexus-sequences/proxy`)
//! forwards exactly these routes, from the table `nexus-wire-js proxy` writes of [`Route::ALL`].

/// The base URL of the real API, the endpoint when none is given.
pub const DEFAULT_ENDPOINT: &str = "https://api.datature.io";

/// The first segment of every route.
pub const PROJECTS: &str = "projects";
/// The segment of the sequences of a project (list, and one sequence below it).
pub const SEQUENCES: &str = "sequences";
/// The segment of the bulk update (one camelCase segment).
pub const BULK_UPDATES: &str = "sequencesBulkUpdates";
/// The prefix of every project id; the SDK adds it when a caller leaves it out.
pub const PROJECT_ID_PREFIX: &str = "proj_";

/// A route of the API.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    /// `/projects/{projectId}/sequences`: list.
    Sequences,
    /// `/projects/{projectId}/sequences/{sequenceId}`: get, patch, delete.
    Sequence,
    /// `/projects/{projectId}/sequencesBulkUpdates`: bulk update.
    BulkUpdates,
}

impl Route {
    /// Every route.
    pub const ALL: [Route; 3] = [Route::Sequences, Route::Sequence, Route::BulkUpdates];

    /// The segment after `/projects/{projectId}/`.
    pub const fn segment(self) -> &'static str {
        match self {
            Route::Sequences | Route::Sequence => SEQUENCES,
            Route::BulkUpdates => BULK_UPDATES,
        }
    }

    /// Whether a sequence id follows [`Route::segment`].
    pub const fn has_sequence_id(self) -> bool {
        matches!(self, Route::Sequence)
    }

    /// The path template, the ids standing as `{projectId}` and `{sequenceId}`: how the
    /// emulator routes the path and names it in its request counts (tested against
    /// [`PROJECTS`] and [`Route::segment`] below).
    pub const fn template(self) -> &'static str {
        match self {
            Route::Sequences => "/projects/{projectId}/sequences",
            Route::Sequence => "/projects/{projectId}/sequences/{sequenceId}",
            Route::BulkUpdates => "/projects/{projectId}/sequencesBulkUpdates",
        }
    }

    /// The methods the route takes.
    pub const fn methods(self) -> &'static [&'static str] {
        match self {
            Route::Sequences => &["GET"],
            Route::Sequence => &["GET", "PATCH", "DELETE"],
            Route::BulkUpdates => &["POST"],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_are_the_segments() {
        for route in Route::ALL {
            let id = if route.has_sequence_id() {
                "/{sequenceId}"
            } else {
                ""
            };
            let built = format!("/{PROJECTS}/{{projectId}}/{}{id}", route.segment());
            assert_eq!(route.template(), built);
        }
    }

    #[test]
    fn every_call_of_the_contract() {
        let calls: Vec<(&str, &str, bool)> = Route::ALL
            .iter()
            .flat_map(|r| {
                r.methods()
                    .iter()
                    .map(move |m| (*m, r.segment(), r.has_sequence_id()))
            })
            .collect();
        assert_eq!(
            calls,
            [
                ("GET", "sequences", false),
                ("GET", "sequences", true),
                ("PATCH", "sequences", true),
                ("DELETE", "sequences", true),
                ("POST", "sequencesBulkUpdates", false),
            ]
        );
    }
}
