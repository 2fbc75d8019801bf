//! The `pagination` and `filters` arguments of `list` and `iterate`.

use super::{optional_integer, optional_name, optional_object, Checked, Path, Value};

/// Largest page the API serves.
pub const MAX_LIMIT: u32 = 1000;
/// Longest page cursor accepted, in bytes (cursors are the server's own, far shorter).
pub const MAX_CURSOR_BYTES: usize = 4096;

/// A validated list request.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ListQuery {
    /// Page size; the server's default (100) when `None`.
    pub limit: Option<u32>,
    /// Opaque cursor of the page to fetch; the first page when `None`.
    pub page: Option<String>,
    /// Exact-name filter.
    pub name: Option<String>,
}

impl ListQuery {
    /// Checks `pagination` (`{limit?, page?}`) and `filters` (`{name?}`).
    pub fn from_input(pagination: &Value, filters: &Value) -> Checked<ListQuery> {
        let pagination_path = Path::root("pagination");
        let mut query = ListQuery::default();
        if optional_object(pagination, &pagination_path, &["limit", "page"])?.is_some() {
            query.limit = optional_integer(
                pagination.get("limit"),
                &pagination_path.key("limit"),
                1,
                MAX_LIMIT,
            )?;
            query.page = cursor(pagination.get("page"), &pagination_path.key("page"))?;
        }
        let filters_path = Path::root("filters");
        if optional_object(filters, &filters_path, &["name"])?.is_some() {
            query.name = optional_name(filters.get("name"), &filters_path.key("name"))?;
        }
        Ok(query)
    }

    /// The query parameters to send, in a fixed order.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if let Some(limit) = self.limit {
            pairs.push(("limit", limit.to_string()));
        }
        if let Some(page) = &self.page {
            pairs.push(("page", page.clone()));
        }
        if let Some(name) = &self.name {
            pairs.push(("name", name.clone()));
        }
        pairs
    }
}

fn cursor(value: &Value, path: &Path) -> Checked<Option<String>> {
    match value {
        Value::Absent => Ok(None),
        Value::String(s) if !s.is_empty() && s.len() <= MAX_CURSOR_BYTES => Ok(Some(s.clone())),
        _ => Err(path.error(format_args!(
            "must be a page cursor (a non-empty string of at most {MAX_CURSOR_BYTES} bytes)"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::test_support::obj;

    #[test]
    fn absent_arguments_mean_defaults() {
        assert_eq!(
            ListQuery::from_input(&Value::Absent, &Value::Absent),
            Ok(ListQuery::default())
        );
        assert_eq!(
            ListQuery::from_input(&obj(&[]), &obj(&[])),
            Ok(ListQuery::default())
        );
        let nulls = obj(&[("limit", Value::Absent), ("page", Value::Absent)]);
        assert_eq!(
            ListQuery::from_input(&nulls, &obj(&[("name", Value::Absent)])),
            Ok(ListQuery::default())
        );
    }

    #[test]
    fn full_query() {
        let query = ListQuery::from_input(
            &obj(&[
                ("limit", Value::Number(20.0)),
                ("page", Value::String("c1".into())),
            ]),
            &obj(&[("name", Value::String("Patient A".into()))]),
        )
        .unwrap();
        assert_eq!(
            query.to_pairs(),
            vec![
                ("limit", "20".to_owned()),
                ("page", "c1".to_owned()),
                ("name", "Patient A".to_owned())
            ]
        );
    }

    #[test]
    fn bad_inputs_name_the_field() {
        let cases = [
            (
                obj(&[("limit", Value::Number(0.0))]),
                Value::Absent,
                "pagination.limit must be an integer from 1 to 1000",
            ),
            (
                obj(&[("limit", Value::Number(f64::NAN))]),
                Value::Absent,
                "pagination.limit must be an integer from 1 to 1000",
            ),
            (
                obj(&[("limit", Value::String("10".into()))]),
                Value::Absent,
                "pagination.limit must be an integer from 1 to 1000",
            ),
            (
                obj(&[("page", Value::String(String::new()))]),
                Value::Absent,
                "pagination.page must be a page cursor (a non-empty string of at most 4096 bytes)",
            ),
            (
                obj(&[("page", Value::Number(2.0))]),
                Value::Absent,
                "pagination.page must be a page cursor (a non-empty string of at most 4096 bytes)",
            ),
            (
                obj(&[("limt", Value::Number(2.0))]),
                Value::Absent,
                r#"pagination has unknown key "limt""#,
            ),
            (
                Value::Number(5.0),
                Value::Absent,
                "pagination must be an object",
            ),
            (
                Value::Absent,
                Value::String("x".into()),
                "filters must be an object",
            ),
            (
                Value::Absent,
                obj(&[("name", Value::String(String::new()))]),
                "filters.name must be a non-empty string of at most 1024 bytes",
            ),
            (
                Value::Absent,
                obj(&[("nam", Value::String("x".into()))]),
                r#"filters has unknown key "nam""#,
            ),
        ];
        for (pagination, filters, message) in cases {
            assert_eq!(
                ListQuery::from_input(&pagination, &filters)
                    .unwrap_err()
                    .message,
                message
            );
        }
    }
}
