//! The wire shapes of the Datature Nexus Sequences API (contract sections 2 and 3): one serde
//! definition of every JSON body, shared by the SDK, which writes requests and reads responses,
//! and the emulator, which does the opposite. Keys are camelCase and enum values PascalCase, as
//! on the wire.
//!
//! Request bodies are read strictly, as the emulator needs them: an object only, unknown keys
//! refused, a `null` where the contract allows it read as absent, and every nested error left
//! where `serde_path_to_error` can name its path (`actions[3].sequence.ord`). Reading never
//! changes how a shape is written.
//!
//! It also holds the routes of the API ([`routes`]), every rule both sides enforce ([`rules`]:
//! limits, the id syntax, header names)
//! and every public name both sides spell: the action kinds and the keys of each, the result
//! strings, the error classes and codes ([`ErrorKind`], [`error_code`]).
//!
//! With the `typescript` feature, every shape that JavaScript callers receive also derives its
//! TypeScript declaration (tsify, in its serde-wasm-bindgen mode), so the package's types are
//! these definitions and cannot drift from them.

pub mod admin;
#[macro_use]
mod object;
mod bulk;
mod errors;
pub mod routes;
pub mod rules;
mod sequence;

pub use bulk::{
    Action, ActionKey, AssetRef, BulkUpdateRequest, LinkTarget, SequenceBulkUpdateAbortMode,
    SequenceBulkUpdateActionKind, SequenceBulkUpdateResponse, SequenceBulkUpdateResult,
    SequenceLink, SequenceMergeMode, SequenceRef,
};
pub use errors::{error_code, ErrorKind};
pub use rules::{header, ATTRIBUTE_BYTES_TOTAL, MAX_ORD};
pub use sequence::{
    DeleteSequenceResponse, ErrorBody, Page, Sequence, SequenceAttributes, SequenceItem,
    SequencePatch,
};
