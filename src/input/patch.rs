//! The `patch` argument of `patch`, and the `patch` of a PatchSequence action.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;
use tsify::Tsify;

use super::number::js_number_to_string;
use super::strict::Strict;
use super::{check_name, Checked, Path, MAX_NAME_BYTES};

/// Largest attribute map: keys and values together, in UTF-8 bytes.
pub const MAX_ATTRIBUTE_BYTES: usize = nexus_wire::ATTRIBUTE_BYTES_TOTAL as usize;

/// A change to a sequence. An absent or `null` field is left unchanged.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Tsify)]
#[serde(deny_unknown_fields)]
#[tsify(rename = "SequencePatch")]
pub struct SequencePatchInput {
    /// The new name.
    #[tsify(optional, type = "string | null")]
    pub name: Option<String>,
    /// The whole new attribute map: keys left out are removed.
    #[tsify(optional, type = "Record<string, AttributeValue> | null")]
    pub attributes: Option<Strict<BTreeMap<String, AttributeValue>>>,
}

/// An attribute value as given: a string, a number or a boolean, held as the string sent for
/// it (`String(v)`).
#[derive(Clone, Debug, PartialEq, Tsify)]
#[tsify(type = "string | number | boolean")]
pub struct AttributeValue(pub String);

/// Whether a patch may exceed the attribute budget: a single `patch()` may not (the server
/// would refuse it whole), a bulk action may, so that the server's
/// `FailedPatchSequenceAttributeSizeWouldExceedLimit` reaches the caller and, with abort mode
/// `None`, the other actions still apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Budget {
    /// Refuse a patch over [`MAX_ATTRIBUTE_BYTES`].
    Enforced,
    /// Leave the budget to the server.
    LeftToServer,
}

impl SequencePatchInput {
    /// Checks what serde cannot (name and key lengths, the budget) and gives the wire patch.
    pub fn check(self, path: &Path, budget: Budget) -> Checked<nexus_wire::SequencePatch> {
        if let Some(name) = &self.name {
            check_name(name, &path.key("name"))?;
        }
        let attributes = match self.attributes {
            None => None,
            Some(Strict(attributes)) => Some(check_attributes(
                attributes,
                &path.key("attributes"),
                budget,
            )?),
        };
        Ok(nexus_wire::SequencePatch {
            name: self.name,
            attributes,
        })
    }
}

fn check_attributes(
    attributes: BTreeMap<String, AttributeValue>,
    path: &Path,
    budget: Budget,
) -> Checked<BTreeMap<String, String>> {
    let mut total = 0;
    for (key, AttributeValue(value)) in &attributes {
        if key.is_empty() || key.len() > MAX_NAME_BYTES {
            return Err(path.key(key).error(format_args!(
                "has an invalid name: attribute names must be non-empty strings of at most {MAX_NAME_BYTES} bytes"
            )));
        }
        total += key.len() + value.len();
    }
    if budget == Budget::Enforced && total > MAX_ATTRIBUTE_BYTES {
        return Err(path.error(format_args!(
            "must total at most {MAX_ATTRIBUTE_BYTES} bytes of UTF-8 keys and values (got {total})"
        )));
    }
    Ok(attributes
        .into_iter()
        .map(|(key, AttributeValue(value))| (key, value))
        .collect())
}

impl<'de> Deserialize<'de> for AttributeValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(AttributeValueVisitor)
    }
}

struct AttributeValueVisitor;

impl Visitor<'_> for AttributeValueVisitor {
    type Value = AttributeValue;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string, number or boolean")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<AttributeValue, E> {
        Ok(AttributeValue(value.to_owned()))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<AttributeValue, E> {
        Ok(AttributeValue(value))
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<AttributeValue, E> {
        Ok(AttributeValue(value.to_string()))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<AttributeValue, E> {
        Ok(AttributeValue(value.to_string()))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<AttributeValue, E> {
        Ok(AttributeValue(value.to_string()))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<AttributeValue, E> {
        Ok(AttributeValue(js_number_to_string(value)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn patch(name: Option<&str>, attributes: &[(&str, &str)]) -> SequencePatchInput {
        SequencePatchInput {
            name: name.map(str::to_owned),
            attributes: Some(Strict(
                attributes
                    .iter()
                    .map(|(k, v)| (k.to_string(), AttributeValue(v.to_string())))
                    .collect(),
            )),
        }
    }

    #[test]
    fn empty_patch_changes_nothing() {
        let checked = SequencePatchInput::default().check(&Path::root("patch"), Budget::Enforced);
        assert_eq!(checked, Ok(nexus_wire::SequencePatch::default()));
    }

    #[test]
    fn attribute_values_keep_their_text() {
        let checked = patch(Some("Patient A"), &[("age", "20"), ("note", "")])
            .check(&Path::root("patch"), Budget::Enforced)
            .unwrap();
        assert_eq!(checked.name.as_deref(), Some("Patient A"));
        let attributes = checked.attributes.unwrap();
        assert_eq!(attributes["age"], "20");
        assert_eq!(attributes["note"], "");
    }

    #[test]
    fn bad_names_are_refused() {
        let path = Path::root("patch");
        assert_eq!(
            patch(Some(""), &[])
                .check(&path, Budget::Enforced)
                .unwrap_err()
                .message,
            "patch.name must be a non-empty string of at most 1024 bytes"
        );
        assert_eq!(
            patch(None, &[("", "x")])
                .check(&path, Budget::Enforced)
                .unwrap_err()
                .message,
            r#"patch.attributes[""] has an invalid name: attribute names must be non-empty strings of at most 1024 bytes"#
        );
    }

    #[test]
    fn attribute_budget_is_enforced_only_when_asked() {
        let path = Path::root("patch");
        let fits = "v".repeat(MAX_ATTRIBUTE_BYTES - 1);
        assert!(patch(None, &[("k", &fits)])
            .check(&path, Budget::Enforced)
            .is_ok());
        let over = "v".repeat(MAX_ATTRIBUTE_BYTES);
        assert_eq!(
            patch(None, &[("k", &over)]).check(&path, Budget::Enforced).unwrap_err().message,
            "patch.attributes must total at most 1048576 bytes of UTF-8 keys and values (got 1048577)"
        );
        assert!(patch(None, &[("k", &over)])
            .check(&path, Budget::LeftToServer)
            .is_ok());
    }
}
