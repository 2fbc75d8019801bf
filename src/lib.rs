//! Datature Nexus Sequences API client for JavaScript, compiled to WebAssembly.
//!
//! The exported JavaScript surface is what this crate re-exports: the classes [`Client`],
//! [`Project`], [`Sequences`] and [`SequenceIterator`], and the functions `registerErrorClasses`
//! ([`register_error_classes`]) and `wasmMemoryBytes` ([`wasm_memory_bytes`]). Every failure is
//! a [`NexusError`] of an [`ErrorKind`] until it crosses into JavaScript. Everything else is
//! private to the crate.
//!
//! # Layout
//!
//! The crate is built in layers, from what JavaScript calls down to the network:
//!
//! * `client`, `project`, `sequences`: the exported classes. A method reads its arguments,
//!   states its route and its types, and hands the rest to the transport; `sequences::pages`
//!   is the page source that `list` and `iterate` read through.
//! * `pagination`: the async iterator over every page, with its read-ahead and its stop.
//! * `input`: reading the caller's arguments: the guard that copies hostile values into plain
//!   data (`input::guard`), serde-wasm-bindgen into the argument types, then the checks the types
//!   cannot express (ids, names, ranges, which kind a bulk action is).
//! * `transport`: one request from URL to reply: `url`, one attempt under its abort guard
//!   (`attempt`), the retry loop (`send`), the messages of its errors, the fallback
//!   idempotency key. `retry` is the policy it follows (what is retried, how long to wait).
//! * `response`: what a caller sees of a response besides its body (`lastResponse`, the
//!   `headers` of an error).
//! * `decode`: response bodies read by serde_json into the `nexus_wire` types and handed to
//!   JavaScript as plain objects.
//! * `errors`: the error value and its conversion into the package's JavaScript classes.
//! * `security`: where the secret key may go (the endpoint check), and redaction everywhere
//!   else.
//! * `diagnostics`: `wasmMemoryBytes`, for the memory tests.
//!
//! The wire shapes, the contract's rules and its public names live in the `nexus_wire` crate,
//! shared with the emulator.

mod client;
mod decode;
mod diagnostics;
mod errors;
mod input;
mod pagination;
mod project;
mod response;
mod retry;
mod security;
mod sequences;
mod transport;

pub use client::Client;
pub use diagnostics::wasm_memory_bytes;
pub use errors::{register_error_classes, Detail, ErrorKind, NexusError};
pub use pagination::SequenceIterator;
pub use project::Project;
pub use sequences::Sequences;
