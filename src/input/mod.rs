//! Validation and normalization of what JavaScript callers pass in.
//!
//! Inputs are first copied into [`Value`] (see [`js`]), a small tree that keeps exactly the
//! distinctions JavaScript makes and JSON does not (NaN, Infinity, functions, class instances),
//! and then checked by pure functions that build the typed requests of [`crate::wire`]. Every
//! rejection is a `ValidationError` whose message names the argument, index and field, e.g.
//! `actions[3].sequence.ord must be a non-negative integer`.
//!
//! Unknown keys are rejected too (`actions[0] has unknown key "asset_filname"`): a typo would
//! otherwise silently drop a field. `undefined` and `null` both mean "absent".

pub mod bulk;
pub mod ids;
pub mod js;
pub mod list;
pub mod number;
pub mod options;
pub mod patch;

#[cfg(test)]
pub(crate) mod test_support {
    use super::Value;

    /// A JS object literal as a [`Value`], for tests.
    pub fn obj(entries: &[(&str, Value)]) -> Value {
        Value::Object(
            entries
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        )
    }
}

use std::fmt;

use crate::encode::{to_json, write_str};
use crate::errors::NexusError;

/// Largest name, filename, role or attribute key, in UTF-8 bytes.
pub const MAX_NAME_BYTES: usize = 1024;

/// A JavaScript input value, copied out of the JS heap.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `undefined` or `null`.
    Absent,
    /// A boolean.
    Bool(bool),
    /// Any number, including NaN and the infinities.
    Number(f64),
    /// A string.
    String(String),
    /// An array (holes read as `Absent`).
    Array(Vec<Value>),
    /// A plain object's own enumerable string keys, in order.
    Object(Vec<(String, Value)>),
    /// Anything else (function, symbol, bigint, `Map`, class instance...), described for messages.
    Unsupported(&'static str),
}

impl Value {
    /// Whether the value is `undefined` or `null`.
    pub fn is_absent(&self) -> bool {
        matches!(self, Value::Absent)
    }

    /// The entry `key` of an object (`Absent` when missing or when `self` is not an object).
    pub fn get(&self, key: &str) -> &Value {
        match self {
            Value::Object(entries) => entries
                .iter()
                .find(|(k, _)| k == key)
                .map_or(&Value::Absent, |(_, v)| v),
            _ => &Value::Absent,
        }
    }
}

/// Where a value sits inside a call's arguments, printed the way JavaScript code would reach
/// it: `actions[3].sequence.ord`, `patch.attributes["a b"]`.
#[derive(Clone, Debug)]
pub struct Path {
    text: String,
}

impl Path {
    /// The argument itself.
    pub fn root(argument: &'static str) -> Path {
        Path {
            text: argument.to_owned(),
        }
    }

    /// The property `key` below this path.
    pub fn key(&self, key: &str) -> Path {
        let is_identifier = key.chars().enumerate().all(|(i, c)| {
            c == '_' || c == '$' || c.is_ascii_alphabetic() || (i > 0 && c.is_ascii_digit())
        }) && !key.is_empty();
        let text = if is_identifier {
            format!("{}.{key}", self.text)
        } else {
            let mut text = format!("{}[", self.text);
            write_str(&mut text, key);
            text.push(']');
            text
        };
        Path { text }
    }

    /// The element `index` below this path.
    pub fn index(&self, index: usize) -> Path {
        Path {
            text: format!("{}[{index}]", self.text),
        }
    }

    /// A `ValidationError` reading `<path> <problem>`.
    pub fn error(&self, problem: impl fmt::Display) -> NexusError {
        NexusError::validation(&self.text, format!("{} {problem}", self.text))
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// Shorthand for the result of a check.
pub type Checked<T> = Result<T, NexusError>;

/// The entries of an optional object; `Absent` gives `None`, any other non-object an error.
/// Keys outside `allowed` are rejected.
pub fn optional_object<'v>(
    value: &'v Value,
    path: &Path,
    allowed: &[&str],
) -> Checked<Option<&'v [(String, Value)]>> {
    match value {
        Value::Absent => Ok(None),
        Value::Object(entries) => {
            reject_unknown_keys(entries, path, allowed)?;
            Ok(Some(entries))
        }
        _ => Err(path.error("must be an object")),
    }
}

/// Rejects the first key of `entries` not in `allowed`.
pub fn reject_unknown_keys(
    entries: &[(String, Value)],
    path: &Path,
    allowed: &[&str],
) -> Checked<()> {
    match entries.iter().find(|(k, _)| !allowed.contains(&k.as_str())) {
        Some((key, _)) => {
            Err(path.error(format_args!("has unknown key {}", to_json(key.as_str()))))
        }
        None => Ok(()),
    }
}

/// An optional name-like string: non-empty, at most [`MAX_NAME_BYTES`] UTF-8 bytes.
pub fn optional_name(value: &Value, path: &Path) -> Checked<Option<String>> {
    match value {
        Value::Absent => Ok(None),
        Value::String(s) if !s.is_empty() && s.len() <= MAX_NAME_BYTES => Ok(Some(s.clone())),
        _ => Err(path.error(format_args!(
            "must be a non-empty string of at most {MAX_NAME_BYTES} bytes"
        ))),
    }
}

/// A required name-like string (see [`optional_name`]).
pub fn required_name(value: &Value, path: &Path) -> Checked<String> {
    optional_name(value, path)?.ok_or_else(|| {
        path.error(format_args!(
            "must be a non-empty string of at most {MAX_NAME_BYTES} bytes"
        ))
    })
}

/// An optional integer in `min..=max`.
pub fn optional_integer(value: &Value, path: &Path, min: u32, max: u32) -> Checked<Option<u32>> {
    match value {
        Value::Absent => Ok(None),
        Value::Number(n) if n.fract() == 0.0 && *n >= f64::from(min) && *n <= f64::from(max) => {
            Ok(Some(*n as u32))
        }
        _ => Err(path.error(format_args!("must be an integer from {min} to {max}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_print_like_javascript() {
        let actions = Path::root("actions");
        assert_eq!(
            actions.index(3).key("sequence").key("ord").to_string(),
            "actions[3].sequence.ord"
        );
        let attrs = Path::root("patch").key("attributes");
        assert_eq!(attrs.key("a b").to_string(), r#"patch.attributes["a b"]"#);
        assert_eq!(attrs.key("1x").to_string(), r#"patch.attributes["1x"]"#);
        assert_eq!(attrs.key("").to_string(), r#"patch.attributes[""]"#);
        assert_eq!(attrs.key("x1_$").to_string(), "patch.attributes.x1_$");
        assert_eq!(attrs.key("\"").to_string(), r#"patch.attributes["\""]"#);
    }

    #[test]
    fn path_errors_carry_the_field() {
        let error = Path::root("actions").index(0).key("kind").error("is wrong");
        assert_eq!(error.message, "actions[0].kind is wrong");
        assert_eq!(
            error.detail,
            crate::errors::Detail::Field("actions[0].kind".into())
        );
    }

    #[test]
    fn names_are_bounded() {
        let path = Path::root("filters").key("name");
        assert_eq!(optional_name(&Value::Absent, &path), Ok(None));
        assert_eq!(
            optional_name(&Value::String("a".into()), &path),
            Ok(Some("a".into()))
        );
        let max = "é".repeat(MAX_NAME_BYTES / 2);
        assert_eq!(
            optional_name(&Value::String(max.clone()), &path),
            Ok(Some(max))
        );
        for bad in [
            Value::String(String::new()),
            Value::String("x".repeat(MAX_NAME_BYTES + 1)),
            Value::Number(1.0),
            Value::Bool(true),
            Value::Object(vec![]),
        ] {
            let error = optional_name(&bad, &path).unwrap_err();
            assert_eq!(
                error.message,
                "filters.name must be a non-empty string of at most 1024 bytes"
            );
        }
    }

    #[test]
    fn integers_are_bounded() {
        let path = Path::root("pagination").key("limit");
        assert_eq!(
            optional_integer(&Value::Number(1.0), &path, 1, 1000),
            Ok(Some(1))
        );
        assert_eq!(
            optional_integer(&Value::Number(1000.0), &path, 1, 1000),
            Ok(Some(1000))
        );
        for bad in [
            0.0,
            1001.0,
            1.5,
            -1.0,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ] {
            let error = optional_integer(&Value::Number(bad), &path, 1, 1000).unwrap_err();
            assert_eq!(
                error.message,
                "pagination.limit must be an integer from 1 to 1000"
            );
        }
        assert!(optional_integer(&Value::String("5".into()), &path, 1, 1000).is_err());
    }

    #[test]
    fn unknown_keys_are_named() {
        let entries = vec![("asset_filname".to_owned(), Value::Absent)];
        let error = reject_unknown_keys(&entries, &Path::root("actions").index(2), &["assetId"])
            .unwrap_err();
        assert_eq!(
            error.message,
            r#"actions[2] has unknown key "asset_filname""#
        );
    }

    #[test]
    fn non_objects_are_refused() {
        let path = Path::root("patch");
        assert_eq!(optional_object(&Value::Absent, &path, &[]), Ok(None));
        let error = optional_object(&Value::Array(vec![]), &path, &[]).unwrap_err();
        assert_eq!(error.message, "patch must be an object");
    }
}
