//! An emulator of the Datature Nexus Sequences API on SQLite, for developing and testing
//! against offline. The binary `nexus-emulator` wraps [`server::Server`]; tests embed it.

pub mod admin;
pub mod api;
pub mod app;
pub mod attributes;
pub mod auth;
pub mod bulk;
pub mod cli;
pub mod config;
pub mod cors;
pub mod counts;
pub mod cursor;
pub mod error;
pub mod extract;
pub mod faults;
pub mod fixture;
pub mod idempotency;
pub mod ids;
pub mod rejection;
pub mod request;
pub mod request_log;
pub mod route;
pub mod seed;
pub mod sequence_ops;
pub mod server;
pub mod state;
pub mod store;
pub mod uri;
