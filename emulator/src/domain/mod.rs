//! The contract's rules on sequences, free of HTTP: what a bulk action or a patch does to the
//! rows, the attribute budget, cursors, ids. Called inside a transaction the caller owns, so one
//! request's changes commit or roll back together.

pub mod attributes;
pub mod bulk;
pub mod cursor;
pub mod ids;
pub mod sequence_ops;
