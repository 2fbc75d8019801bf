//! The `pagination` and `filters` arguments of `list` and `iterate`.

use serde::Deserialize;
use tsify::Tsify;
use wasm_bindgen::JsValue;

use super::strict::Strict;
use super::{check_name, check_range, read, Checked, Path};

pub use nexus_wire::rules::MAX_LIMIT;
/// Longest page cursor accepted, in bytes (cursors are the server's own, far shorter).
pub const MAX_CURSOR_BYTES: usize = 4096;

/// Which page of sequences to fetch.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Tsify)]
#[serde(deny_unknown_fields)]
pub struct Pagination {
    /// Sequences per page, an integer from 1 to 1000 (default 100).
    #[tsify(optional)]
    pub limit: Option<f64>,
    /// Cursor from a previous page's `nextPage` or `prevPage`; absent for the first page.
    #[tsify(optional, type = "string | null")]
    pub page: Option<String>,
}

/// Narrows a listing.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Tsify)]
#[serde(deny_unknown_fields)]
pub struct SequenceFilters {
    /// Only the sequence with exactly this name.
    #[tsify(optional, type = "string | null")]
    pub name: Option<String>,
}

/// A checked list request.
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
    /// Reads `pagination` (`{limit?, page?}`) and `filters` (`{name?}`).
    pub fn read(pagination: &JsValue, filters: &JsValue) -> Checked<ListQuery> {
        let pagination: Option<Strict<Pagination>> = read(pagination, &Path::root("pagination"))?;
        let filters: Option<Strict<SequenceFilters>> = read(filters, &Path::root("filters"))?;
        ListQuery::check(
            pagination.map(|Strict(p)| p).unwrap_or_default(),
            filters.map(|Strict(f)| f).unwrap_or_default(),
        )
    }

    /// Checks what serde cannot: the limit's range, the cursor's and the name's lengths.
    fn check(pagination: Pagination, filters: SequenceFilters) -> Checked<ListQuery> {
        let limit = check_range(
            pagination.limit,
            &Path::root("pagination").key("limit"),
            1,
            MAX_LIMIT,
        )?;
        if let Some(page) = &pagination.page {
            if page.is_empty() || page.len() > MAX_CURSOR_BYTES {
                return Err(Path::root("pagination").key("page").error(format_args!(
                    "must be a page cursor (a non-empty string of at most {MAX_CURSOR_BYTES} bytes)"
                )));
            }
        }
        if let Some(name) = &filters.name {
            check_name(name, &Path::root("filters").key("name"))?;
        }
        Ok(ListQuery {
            limit,
            page: pagination.page,
            name: filters.name,
        })
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

#[cfg(test)]
mod tests {
    use super::*;

    fn pagination(limit: Option<f64>, page: Option<&str>) -> Pagination {
        Pagination {
            limit,
            page: page.map(str::to_owned),
        }
    }

    fn name(name: &str) -> SequenceFilters {
        SequenceFilters {
            name: Some(name.to_owned()),
        }
    }

    #[test]
    fn full_query() {
        let query =
            ListQuery::check(pagination(Some(20.0), Some("c1")), name("Patient A")).unwrap();
        assert_eq!(
            query.to_pairs(),
            vec![
                ("limit", "20".to_owned()),
                ("page", "c1".to_owned()),
                ("name", "Patient A".to_owned())
            ]
        );
        let defaults = ListQuery::check(Pagination::default(), SequenceFilters::default());
        assert_eq!(defaults, Ok(ListQuery::default()));
    }

    #[test]
    fn bad_inputs_name_the_field() {
        let none = SequenceFilters::default;
        let cases = [
            (
                pagination(Some(0.0), None),
                none(),
                "pagination.limit must be an integer from 1 to 1000, not 0",
            ),
            (
                pagination(Some(1001.0), None),
                none(),
                "pagination.limit must be an integer from 1 to 1000, not 1001",
            ),
            (
                pagination(None, Some("")),
                none(),
                "pagination.page must be a page cursor (a non-empty string of at most 4096 bytes)",
            ),
            (
                pagination(None, Some(&"c".repeat(4097))),
                none(),
                "pagination.page must be a page cursor (a non-empty string of at most 4096 bytes)",
            ),
            (
                Pagination::default(),
                name(""),
                "filters.name must be a non-empty string of at most 1024 bytes",
            ),
        ];
        for (pagination, filters, message) in cases {
            assert_eq!(
                ListQuery::check(pagination, filters).unwrap_err().message,
                message
            );
        }
    }
}
