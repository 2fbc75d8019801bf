//! Datature Nexus Sequences API client for JavaScript, compiled to WebAssembly.
//!
//! The exported JavaScript surface: the classes [`client::Client`], [`project::Project`],
//! [`sequences::Sequences`] and [`pagination::SequenceIterator`], and the function
//! `registerErrorClasses` ([`errors::register_error_classes`]). Everything below the exported
//! classes is plain Rust: input checking ([`input`]), the wire shapes ([`wire`]) and their JSON writer ([`encode`]), the transport
//! core ([`transport`]) with its retry policy ([`retry`]), response checking ([`decode`], [`json`]) and
//! the key-handling rules ([`security`]).

pub mod client;
pub mod decode;
pub mod encode;
pub mod errors;
pub mod input;
pub mod json;
pub mod pagination;
pub mod project;
pub mod retry;
pub mod security;
pub mod sequences;
pub mod transport;
pub mod wire;
