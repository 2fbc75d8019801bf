//! Route templates of the Nexus paths, and classification of any request path into its
//! template and project, for request counts, fault filters and log lines.

use nexus_wire::routes::{self, Route, PROJECTS};

/// `GET` list of sequences.
pub const SEQUENCES: &str = Route::Sequences.template();
/// `GET`, `PATCH`, `DELETE` one sequence.
pub const SEQUENCE: &str = Route::Sequence.template();
/// `POST` bulk update.
pub const BULK_UPDATES: &str = Route::BulkUpdates.template();
/// Prefix of the emulator's own admin routes.
pub const ADMIN_PREFIX: &str = "/_emulator";

/// What a request path is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteInfo {
    /// The matching template, or `"other"`.
    pub template: &'static str,
    /// The project the path names, if it names one.
    pub project_id: Option<String>,
    /// Whether the path is under [`ADMIN_PREFIX`].
    pub admin: bool,
}

/// Classifies a request path (without query string).
pub fn classify(path: &str) -> RouteInfo {
    let admin = path == ADMIN_PREFIX || path.starts_with("/_emulator/");
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let project_id = match segments.as_slice() {
        [PROJECTS, project, ..] if !project.is_empty() => Some(project.to_string()),
        _ => None,
    };
    let template = match segments.as_slice() {
        [PROJECTS, p, routes::SEQUENCES] if !p.is_empty() => SEQUENCES,
        [PROJECTS, p, routes::SEQUENCES, s] if !p.is_empty() && !s.is_empty() => SEQUENCE,
        [PROJECTS, p, routes::BULK_UPDATES] if !p.is_empty() => BULK_UPDATES,
        _ if admin => "admin",
        _ => "other",
    };
    RouteInfo {
        template,
        project_id,
        admin,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_nexus_paths() {
        let r = classify("/projects/proj_a/sequences/seq_1");
        assert_eq!(r.template, SEQUENCE);
        assert_eq!(r.project_id.as_deref(), Some("proj_a"));
        assert!(!r.admin);
        assert_eq!(
            classify("/projects/p/sequencesBulkUpdates").template,
            BULK_UPDATES
        );
        assert_eq!(classify("/projects/p/sequences").template, SEQUENCES);
        let other = classify("/projects/p/elsewhere");
        assert_eq!(other.template, "other");
        assert_eq!(other.project_id.as_deref(), Some("p"));
        assert_eq!(classify("/").template, "other");
        assert!(classify("/_emulator/health").admin);
        assert!(!classify("/_emulatorx").admin);
    }
}
