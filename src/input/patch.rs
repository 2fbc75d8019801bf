//! The `patch` argument of `patch`, and the `patch` of a PatchSequence action.

use super::number::js_number_to_string;
use super::{optional_name, optional_object, Checked, Path, Value, MAX_NAME_BYTES};
use crate::wire::{Attributes, SequencePatch};

/// Largest attribute map: keys and values together, in UTF-8 bytes.
pub const MAX_ATTRIBUTE_BYTES: usize = 1_048_576;

/// Checks a sequence patch `{name?, attributes?}` found at `path`.
pub fn sequence_patch(value: &Value, path: &Path) -> Checked<SequencePatch> {
    if optional_object(value, path, &["name", "attributes"])?.is_none() {
        return Err(path.error("must be an object"));
    }
    Ok(SequencePatch {
        name: optional_name(value.get("name"), &path.key("name"))?,
        attributes: attributes(value.get("attributes"), &path.key("attributes"))?,
    })
}

/// Attribute values may be strings, finite numbers or booleans; all are sent as `String(v)`.
fn attributes(value: &Value, path: &Path) -> Checked<Option<Attributes>> {
    let entries = match value {
        Value::Absent => return Ok(None),
        Value::Object(entries) => entries,
        _ => {
            return Err(
                path.error("must be an object mapping names to strings, numbers or booleans")
            )
        }
    };
    let mut total = 0;
    let mut out = Vec::with_capacity(entries.len());
    for (key, item) in entries {
        let item_path = path.key(key);
        if key.is_empty() || key.len() > MAX_NAME_BYTES {
            return Err(item_path.error(format_args!(
                "has an invalid name: attribute names must be non-empty strings of at most {MAX_NAME_BYTES} bytes"
            )));
        }
        let text = match item {
            Value::String(s) => s.clone(),
            Value::Bool(b) => b.to_string(),
            Value::Number(n) if n.is_finite() => js_number_to_string(*n),
            Value::Number(_) => return Err(item_path.error("must be a finite number")),
            _ => return Err(item_path.error("must be a string, number or boolean")),
        };
        total += key.len() + text.len();
        out.push((key.clone(), text));
    }
    if total > MAX_ATTRIBUTE_BYTES {
        return Err(path.error(format_args!(
            "must total at most {MAX_ATTRIBUTE_BYTES} bytes of UTF-8 keys and values (got {total})"
        )));
    }
    Ok(Some(Attributes(out)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::test_support::obj;

    fn check(value: &Value) -> Checked<SequencePatch> {
        sequence_patch(value, &Path::root("patch"))
    }

    #[test]
    fn empty_patch_changes_nothing() {
        assert_eq!(
            check(&obj(&[])),
            Ok(SequencePatch {
                name: None,
                attributes: None
            })
        );
        let nulls = obj(&[("name", Value::Absent), ("attributes", Value::Absent)]);
        assert_eq!(
            check(&nulls),
            Ok(SequencePatch {
                name: None,
                attributes: None
            })
        );
    }

    #[test]
    fn attribute_values_become_strings() {
        let patch = check(&obj(&[
            ("name", Value::String("Patient A".into())),
            (
                "attributes",
                obj(&[
                    ("age", Value::Number(20.0)),
                    ("ratio", Value::Number(1.5)),
                    ("ok", Value::Bool(true)),
                    ("note", Value::String(String::new())),
                ]),
            ),
        ]))
        .unwrap();
        assert_eq!(patch.name.as_deref(), Some("Patient A"));
        assert_eq!(
            patch.attributes,
            Some(Attributes(vec![
                ("age".into(), "20".into()),
                ("ratio".into(), "1.5".into()),
                ("ok".into(), "true".into()),
                ("note".into(), String::new()),
            ]))
        );
    }

    #[test]
    fn empty_attribute_map_clears_all() {
        let patch = check(&obj(&[("attributes", obj(&[]))])).unwrap();
        assert_eq!(patch.attributes, Some(Attributes(vec![])));
    }

    #[test]
    fn bad_patches() {
        let attrs = |v: Value| obj(&[("attributes", obj(&[("age", v)]))]);
        let cases = [
            (Value::Absent, "patch must be an object"),
            (Value::String("x".into()), "patch must be an object"),
            (
                obj(&[("nme", Value::Absent)]),
                r#"patch has unknown key "nme""#,
            ),
            (
                obj(&[("name", Value::String(String::new()))]),
                "patch.name must be a non-empty string of at most 1024 bytes",
            ),
            (
                obj(&[("name", Value::Number(3.0))]),
                "patch.name must be a non-empty string of at most 1024 bytes",
            ),
            (
                obj(&[("attributes", Value::Array(vec![]))]),
                "patch.attributes must be an object mapping names to strings, numbers or booleans",
            ),
            (
                attrs(Value::Number(f64::NAN)),
                "patch.attributes.age must be a finite number",
            ),
            (
                attrs(Value::Number(f64::INFINITY)),
                "patch.attributes.age must be a finite number",
            ),
            (
                attrs(Value::Absent),
                "patch.attributes.age must be a string, number or boolean",
            ),
            (
                attrs(obj(&[])),
                "patch.attributes.age must be a string, number or boolean",
            ),
            (
                attrs(Value::Unsupported("a function")),
                "patch.attributes.age must be a string, number or boolean",
            ),
            (
                obj(&[("attributes", obj(&[("", Value::String("x".into()))]))]),
                r#"patch.attributes[""] has an invalid name: attribute names must be non-empty strings of at most 1024 bytes"#,
            ),
        ];
        for (value, message) in cases {
            assert_eq!(check(&value).unwrap_err().message, message);
        }
    }

    #[test]
    fn attribute_budget_is_enforced() {
        let fits = obj(&[(
            "attributes",
            obj(&[("k", Value::String("v".repeat(MAX_ATTRIBUTE_BYTES - 1)))]),
        )]);
        assert!(check(&fits).is_ok());
        let over = obj(&[(
            "attributes",
            obj(&[("k", Value::String("v".repeat(MAX_ATTRIBUTE_BYTES)))]),
        )]);
        assert_eq!(
            check(&over).unwrap_err().message,
            "patch.attributes must total at most 1048576 bytes of UTF-8 keys and values (got 1048577)"
        );
    }
}
