//! What JavaScript callers pass in: every argument becomes a typed Rust value through
//! serde-wasm-bindgen, then a short check of what serde cannot say (ranges, byte lengths,
//! which kind of bulk action an object is).
//!
//! The way in, for every argument ([`read`]):
//! 1. [`guard::copy`] copies the caller's value into fresh plain data using only calls that catch
//!    JavaScript exceptions, so a throwing getter, a Proxy trap or a revoked Proxy becomes a
//!    `ValidationError` here instead of an exception unwinding through wasm;
//! 2. `serde_wasm_bindgen` deserializes that copy into the argument's serde type, with
//!    `serde_path_to_error` keeping the path of whatever does not fit;
//! 3. objects are read through [`strict::Strict`], so unknown keys are rejected
//!    (`actions[0]: unknown field "asset_filname"`) and snake_case aliases work.
//!
//! Every rejection is a `ValidationError` whose message starts with where the value is, written
//! the way JavaScript would reach it: `actions[3].sequence.ord`, `patch.attributes["a b"]`.
//! `undefined` and `null` both mean "absent".

pub mod bulk;
pub mod guard;
pub mod ids;
pub mod io;
pub mod list;
pub mod number;
pub mod options;
pub mod patch;
pub mod strict;

use std::fmt;

use serde::de::DeserializeOwned;
use wasm_bindgen::JsValue;

use crate::errors::NexusError;

pub use nexus_wire::rules::MAX_NAME_BYTES;

/// Shorthand for the result of a check.
pub type Checked<T> = Result<T, NexusError>;

/// Reads the argument `value`, found at `path`, as a `T` (see the module documentation).
pub fn read<T: DeserializeOwned>(value: &JsValue, path: &Path) -> Checked<T> {
    read_except(value, path, &[])
}

/// [`read`], leaving out the top-level keys `skipped` (values that are not plain data, such as
/// an options object's `signal`, which the caller reads itself).
pub fn read_except<T: DeserializeOwned>(
    value: &JsValue,
    path: &Path,
    skipped: &[&str],
) -> Checked<T> {
    let copy = guard::copy(value, path, skipped)?;
    serde_path_to_error::deserialize(serde_wasm_bindgen::Deserializer::from(copy)).map_err(
        |error| {
            // serde-wasm-bindgen's errors are JS `Error`s, printed as "Error: <message>".
            let message = error.inner().to_string();
            let message = message.strip_prefix("Error: ").unwrap_or(&message);
            // The path of an unknown key ends with that key; the message names it already.
            let message = SerdeMessage::parse(message);
            let steps = error.path().iter().count();
            let steps = steps.saturating_sub(usize::from(matches!(
                message,
                SerdeMessage::UnknownField(_)
            )));
            reworded(&path.join(error.path().iter().take(steps)), &message)
        },
    )
}

/// A serde error message taken apart. serde-wasm-bindgen hands over nothing but the English
/// text of serde's errors (its error type wraps a JavaScript `Error`), so [`SerdeMessage::parse`]
/// is the one place that reads it, and its test has serde write every form it recognises: a
/// change of wording in a serde upgrade fails that test instead of reaching a caller.
#[derive(Clone, Copy, Debug, PartialEq)]
enum SerdeMessage<'a> {
    /// `invalid type: <found>, expected <expected>`, or `invalid value: ...`.
    Invalid { found: &'a str, expected: &'a str },
    /// ``missing field `<name>` ``.
    MissingField(&'a str),
    /// ``unknown field `<name>`, expected ...``.
    UnknownField(&'a str),
    /// ``duplicate field `<name>` ``.
    DuplicateField(&'a str),
    /// ``unknown variant `<found>`, expected <expected>``.
    UnknownVariant { found: &'a str, expected: &'a str },
    /// Anything else, shown as it is.
    Other(&'a str),
}

impl<'a> SerdeMessage<'a> {
    fn parse(message: &'a str) -> SerdeMessage<'a> {
        let name = || message.split('`').nth(1).unwrap_or_default();
        if let Some(rest) = message
            .strip_prefix("invalid type: ")
            .or_else(|| message.strip_prefix("invalid value: "))
        {
            let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, "?"));
            SerdeMessage::Invalid { found, expected }
        } else if message.starts_with("missing field `") {
            SerdeMessage::MissingField(name())
        } else if message.starts_with("unknown field `") {
            SerdeMessage::UnknownField(name())
        } else if message.starts_with("duplicate field `") {
            SerdeMessage::DuplicateField(name())
        } else if let Some(rest) = message.strip_prefix("unknown variant `") {
            let (found, expected) = rest.split_once("`, expected ").unwrap_or((rest, "?"));
            SerdeMessage::UnknownVariant { found, expected }
        } else {
            SerdeMessage::Other(message)
        }
    }
}

/// serde's message about the value at `path`, said the way the SDK's own checks say things
/// (`patch.name must be a string, not 5`), and with its field where it names one.
fn reworded(path: &Path, message: &SerdeMessage<'_>) -> NexusError {
    match *message {
        SerdeMessage::Invalid { found, expected } => path.error(format_args!(
            "must be {}, not {}",
            expected_text(expected),
            found_text(found)
        )),
        SerdeMessage::MissingField(field) => path.key(field).error("is required"),
        SerdeMessage::UnknownField(field) => {
            path.error(format_args!("has unknown key {}", quoted(field)))
        }
        SerdeMessage::DuplicateField(field) => path.error(format_args!(
            "has both {field} and {}, two spellings of one key",
            snake_case(field)
        )),
        SerdeMessage::UnknownVariant { found, expected } => path.error(format_args!(
            "must be {}, not {}",
            expected.replace('`', "\""),
            quoted(found)
        )),
        SerdeMessage::Other(text) => path.error(format_args!("is invalid: {text}")),
    }
}

/// serde's name for what was expected, as the SDK's messages say it.
fn expected_text(expected: &str) -> &str {
    match expected {
        "u32" | "u64" => "a non-negative integer",
        "a sequence" => "an array",
        "a map" => "an object",
        other if other.starts_with("enum ") => "one of the documented strings",
        other => other,
    }
}

/// serde's description of the value found, as JavaScript would write it.
fn found_text(found: &str) -> String {
    match found {
        "unit value" => "null".to_owned(),
        "map" => "an object".to_owned(),
        "sequence" => "an array".to_owned(),
        other => match other.split_once(" `") {
            // integer `5`, floating point `1.5` (and `-1.0`, which JavaScript prints as -1),
            // boolean `true`
            Some((_, value)) => {
                let value = value.trim_end_matches('`');
                value.strip_suffix(".0").unwrap_or(value).to_owned()
            }
            // string "x"
            None => other.strip_prefix("string ").unwrap_or(other).to_owned(),
        },
    }
}

/// `assetFilename` as `asset_filename`: the other spelling that inputs accept.
fn snake_case(camel: &str) -> String {
    let mut out = String::with_capacity(camel.len() + 2);
    for c in camel.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
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
        let is_identifier = !key.is_empty()
            && key.chars().enumerate().all(|(i, c)| {
                c == '_' || c == '$' || c.is_ascii_alphabetic() || (i > 0 && c.is_ascii_digit())
            });
        let text = if is_identifier {
            format!("{}.{key}", self.text)
        } else {
            format!("{}[{}]", self.text, quoted(key))
        };
        Path { text }
    }

    /// The element `index` below this path.
    pub fn index(&self, index: usize) -> Path {
        Path {
            text: format!("{}[{index}]", self.text),
        }
    }

    /// This path followed by the steps serde took below it.
    fn join<'a>(&self, steps: impl Iterator<Item = &'a serde_path_to_error::Segment>) -> Path {
        use serde_path_to_error::Segment;
        steps.fold(self.clone(), |path, step| match step {
            Segment::Seq { index } => path.index(*index),
            Segment::Map { key } | Segment::Enum { variant: key } => path.key(key),
            Segment::Unknown => path,
        })
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

/// `text` as a JSON string literal, which is also how JavaScript quotes it.
pub fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

/// Checks a name-like string: non-empty, at most [`MAX_NAME_BYTES`] UTF-8 bytes.
pub fn check_name(name: &str, path: &Path) -> Checked<()> {
    if name.is_empty() || name.len() > MAX_NAME_BYTES {
        return Err(path.error(format_args!(
            "must be a non-empty string of at most {MAX_NAME_BYTES} bytes"
        )));
    }
    Ok(())
}

/// Checks that an optional number is an integer in `min..=max`. The fields it checks are read
/// as any number, so that `-5`, `0` and `1.5` get this one wording for one rule.
pub fn check_range(value: Option<f64>, path: &Path, min: u32, max: u32) -> Checked<Option<u32>> {
    match value {
        None => Ok(None),
        Some(n) if n.fract() == 0.0 && (f64::from(min)..=f64::from(max)).contains(&n) => {
            Ok(Some(n as u32))
        }
        Some(n) => Err(path.error(format_args!(
            "must be an integer from {min} to {max}, not {}",
            number::js_number_to_string(n)
        ))),
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
        assert!(check_name("a", &path).is_ok());
        assert!(check_name(&"é".repeat(MAX_NAME_BYTES / 2), &path).is_ok());
        for bad in [String::new(), "x".repeat(MAX_NAME_BYTES + 1)] {
            assert_eq!(
                check_name(&bad, &path).unwrap_err().message,
                "filters.name must be a non-empty string of at most 1024 bytes"
            );
        }
    }

    #[test]
    fn serde_messages_are_reworded() {
        let path = Path::root("actions").index(2);
        let cases = [
            (
                "invalid type: string \"1\", expected u32",
                "actions[2] must be a non-negative integer, not \"1\"",
            ),
            (
                "invalid type: floating point `1.5`, expected u32",
                "actions[2] must be a non-negative integer, not 1.5",
            ),
            (
                "invalid type: unit value, expected an object",
                "actions[2] must be an object, not null",
            ),
            (
                "invalid type: map, expected a sequence",
                "actions[2] must be an array, not an object",
            ),
            ("missing field `name`", "actions[2].name is required"),
            (
                "unknown field `frob`, expected one of `kind`, `assetId`",
                r#"actions[2] has unknown key "frob""#,
            ),
            (
                "duplicate field `sequenceName`",
                "actions[2] has both sequenceName and sequence_name, two spellings of one key",
            ),
            (
                "unknown variant `Sometimes`, expected `None` or `AbortOnAnyFailed`",
                r#"actions[2] must be "None" or "AbortOnAnyFailed", not "Sometimes""#,
            ),
            ("something else", "actions[2] is invalid: something else"),
        ];
        for (message, expected) in cases {
            assert_eq!(
                reworded(&path, &SerdeMessage::parse(message)).message,
                expected
            );
        }
    }

    #[test]
    fn serde_still_writes_every_form_that_is_parsed() {
        use serde::de::{Error as _, Unexpected};
        type E = serde::de::value::Error;
        let parsed = |error: E| {
            let text = error.to_string();
            let parsed = SerdeMessage::parse(&text);
            format!("{parsed:?}")
        };
        let invalid = |found: &str, expected: &str| {
            format!("{:?}", SerdeMessage::Invalid { found, expected })
        };
        let cases = [
            (
                E::invalid_type(Unexpected::Str("1"), &"u32"),
                invalid("string \"1\"", "u32"),
            ),
            (
                E::invalid_type(Unexpected::Float(1.5), &"u32"),
                invalid("floating point `1.5`", "u32"),
            ),
            (
                E::invalid_value(Unexpected::Signed(-1), &"u32"),
                invalid("integer `-1`", "u32"),
            ),
            (
                E::invalid_type(Unexpected::Bool(true), &"a string"),
                invalid("boolean `true`", "a string"),
            ),
            (
                E::invalid_type(Unexpected::Unit, &"an object"),
                invalid("unit value", "an object"),
            ),
            (
                E::invalid_type(Unexpected::Map, &"a sequence"),
                invalid("map", "a sequence"),
            ),
            (
                E::invalid_type(Unexpected::Seq, &"a map"),
                invalid("sequence", "a map"),
            ),
            (
                E::missing_field("name"),
                format!("{:?}", SerdeMessage::MissingField("name")),
            ),
            (
                E::unknown_field("frob", &["kind", "assetId"]),
                format!("{:?}", SerdeMessage::UnknownField("frob")),
            ),
            (
                E::duplicate_field("sequenceName"),
                format!("{:?}", SerdeMessage::DuplicateField("sequenceName")),
            ),
            (
                E::unknown_variant("Sometimes", &["None", "AbortOnAnyFailed"]),
                format!(
                    "{:?}",
                    SerdeMessage::UnknownVariant {
                        found: "Sometimes",
                        expected: "`None` or `AbortOnAnyFailed`"
                    }
                ),
            ),
            (
                E::custom("something else"),
                format!("{:?}", SerdeMessage::Other("something else")),
            ),
        ];
        for (error, expected) in cases {
            assert_eq!(parsed(error), expected);
        }
    }

    #[test]
    fn ranges_are_checked() {
        let path = Path::root("pagination").key("limit");
        assert_eq!(check_range(None, &path, 1, 1000), Ok(None));
        assert_eq!(check_range(Some(1000.0), &path, 1, 1000), Ok(Some(1000)));
        for (bad, shown) in [(0.0, "0"), (-5.0, "-5"), (1001.0, "1001"), (1.5, "1.5")] {
            assert_eq!(
                check_range(Some(bad), &path, 1, 1000).unwrap_err().message,
                format!("pagination.limit must be an integer from 1 to 1000, not {shown}")
            );
        }
    }
}
