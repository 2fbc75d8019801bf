//! Resource ids. Only `[A-Za-z0-9_-]{1,256}` is accepted ([`is_valid_id`], the contract's rule
//! in `nexus-wire`), so an id can never change the shape of a URL or smuggle anything into a
//! request body.

use nexus_wire::routes::PROJECT_ID_PREFIX as PROJECT_PREFIX;
use nexus_wire::rules::{is_valid_id, MAX_ID_LEN};
use wasm_bindgen::JsValue;

use super::{read, Checked, Path};

/// A required id argument at `path`.
pub fn required_id(value: &JsValue, path: &Path) -> Checked<String> {
    check_id(read(value, path)?, path)
}

/// Checks an id read at `path`; `None` (absent) is refused like a malformed one.
pub fn check_id(id: Option<String>, path: &Path) -> Checked<String> {
    match id {
        Some(id) if is_valid_id(&id) => Ok(id),
        _ => Err(path.error(format_args!("must match [A-Za-z0-9_-]{{1,{MAX_ID_LEN}}}"))),
    }
}

/// The project id, with `proj_` added when missing (`"b705a"` becomes `"proj_b705a"`).
pub fn project_id(value: &JsValue) -> Checked<String> {
    let path = Path::root("projectId");
    with_project_prefix(required_id(value, &path)?, &path)
}

/// `id` with `proj_` added when missing, checked again.
fn with_project_prefix(id: String, path: &Path) -> Checked<String> {
    let full = if id.starts_with(PROJECT_PREFIX) {
        id
    } else {
        format!("{PROJECT_PREFIX}{id}")
    };
    if full.len() == PROJECT_PREFIX.len() || !is_valid_id(&full) {
        return Err(path.error(format_args!(
            "must be \"proj_\" followed by 1 to {} characters of [A-Za-z0-9_-]",
            MAX_ID_LEN - PROJECT_PREFIX.len()
        )));
    }
    Ok(full)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_ids() {
        let error = check_id(Some("../x".into()), &Path::root("sequenceId")).unwrap_err();
        assert_eq!(error.message, "sequenceId must match [A-Za-z0-9_-]{1,256}");
        assert!(check_id(None, &Path::root("sequenceId")).is_err());
    }

    #[test]
    fn project_prefix_is_added_once() {
        let path = Path::root("projectId");
        let prefixed = |id: &str| with_project_prefix(id.into(), &path);
        assert_eq!(prefixed("b705a"), Ok("proj_b705a".into()));
        assert_eq!(prefixed("proj_b705a"), Ok("proj_b705a".into()));
        assert_eq!(prefixed(&"a".repeat(251)).map(|id| id.len()), Ok(256));
        for bad in ["proj_", &"a".repeat(252)] {
            let error = prefixed(bad).unwrap_err();
            assert!(
                error.message.starts_with("projectId must"),
                "{}",
                error.message
            );
        }
    }
}
