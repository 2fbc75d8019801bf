//! Resource ids. Only `[A-Za-z0-9_-]{1,256}` is accepted, so an id can never change the
//! shape of a URL (`/`, `?`, `#`, `..`) or smuggle anything into a request body.

use super::{Checked, Path, Value};

/// Longest id accepted.
pub const MAX_ID_LEN: usize = 256;

/// The prefix of every project id; added when the caller leaves it out.
const PROJECT_PREFIX: &str = "proj_";

/// Whether `id` matches `[A-Za-z0-9_-]{1,256}`.
pub fn is_valid_id(id: &str) -> bool {
    (1..=MAX_ID_LEN).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// A required id at `path`.
pub fn required_id(value: &Value, path: &Path) -> Checked<String> {
    match value {
        Value::String(s) if is_valid_id(s) => Ok(s.clone()),
        _ => Err(path.error(format_args!("must match [A-Za-z0-9_-]{{1,{MAX_ID_LEN}}}"))),
    }
}

/// An optional id at `path`.
pub fn optional_id(value: &Value, path: &Path) -> Checked<Option<String>> {
    match value {
        Value::Absent => Ok(None),
        other => required_id(other, path).map(Some),
    }
}

/// The project id, with `proj_` added when missing (`"b705a"` becomes `"proj_b705a"`).
pub fn project_id(value: &Value) -> Checked<String> {
    let path = Path::root("projectId");
    let id = required_id(value, &path)?;
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

    fn s(text: &str) -> Value {
        Value::String(text.into())
    }

    #[test]
    fn valid_ids() {
        assert!(is_valid_id("seq_f77a1a3d-2ea2-45fc-a3f5-dc916a56f28c"));
        assert!(is_valid_id("a"));
        assert!(is_valid_id(&"x".repeat(256)));
    }

    #[test]
    fn invalid_ids() {
        for bad in [
            "",
            "a/b",
            "a?b",
            "a#b",
            "..",
            "a.b",
            "a b",
            "é",
            "a%2F",
            &"x".repeat(257),
        ] {
            assert!(!is_valid_id(bad), "{bad}");
        }
        let error = required_id(&s("../x"), &Path::root("sequenceId")).unwrap_err();
        assert_eq!(error.message, "sequenceId must match [A-Za-z0-9_-]{1,256}");
        assert!(required_id(&Value::Number(1.0), &Path::root("sequenceId")).is_err());
        assert!(required_id(&Value::Absent, &Path::root("sequenceId")).is_err());
    }

    #[test]
    fn project_prefix_is_added_once() {
        assert_eq!(project_id(&s("b705a")), Ok("proj_b705a".into()));
        assert_eq!(project_id(&s("proj_b705a")), Ok("proj_b705a".into()));
        assert_eq!(project_id(&s(&"a".repeat(251))).map(|id| id.len()), Ok(256));
    }

    #[test]
    fn bad_project_ids() {
        for bad in [
            s(""),
            s("proj_"),
            s("a/b"),
            s(&"a".repeat(252)),
            Value::Absent,
        ] {
            let error = project_id(&bad).unwrap_err();
            assert!(
                error.message.starts_with("projectId must"),
                "{}",
                error.message
            );
        }
    }
}
