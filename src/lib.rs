//! Datature Nexus Sequences API client for JavaScript, compiled to WebAssembly.
//!
//! The exported JavaScript surface: the classes [`client::Client`], [`project::Project`],
//! [`sequences::Sequences`] and [`pagination::SequenceIterator`], and the functions
//! `registerErrorClasses` ([`errors::register_error_classes`]) and `wasmMemoryBytes`
//! ([`diagnostics::wasm_memory_bytes`]). Below them: arguments read
//! through serde-wasm-bindgen ([`input`]), the wire shapes (the `nexus_wire` crate, shared with
//! the emulator), responses parsed by serde_json and handed back as plain objects ([`decode`]),
//! the transport core ([`transport`]) with its retry policy ([`retry`]), pagination
//! ([`pagination`]) and the key-handling rules ([`security`]).

pub mod client;
pub mod decode;
pub mod diagnostics;
pub mod errors;
pub mod input;
pub mod pagination;
pub mod project;
pub mod retry;
pub mod security;
pub mod sequences;
pub mod transport;
