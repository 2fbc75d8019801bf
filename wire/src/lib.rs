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
//! With the `typescript` feature, every shape that JavaScript callers receive also derives its
//! TypeScript declaration (tsify, in its serde-wasm-bindgen mode), so the package's types are
//! these definitions and cannot drift from them.

pub mod admin;
#[macro_use]
mod object;
mod bulk;
mod sequence;

pub use bulk::{
    Action, AssetRef, BulkUpdateRequest, LinkTarget, SequenceBulkUpdateAbortMode,
    SequenceBulkUpdateResponse, SequenceBulkUpdateResult, SequenceLink, SequenceMergeMode,
    SequenceRef,
};
pub use sequence::{
    DeleteSequenceResponse, ErrorBody, Page, Sequence, SequenceAttributes, SequenceItem,
    SequencePatch,
};

/// The attribute budget of one sequence: UTF-8 bytes of every key and value together.
pub const ATTRIBUTE_BYTES_TOTAL: u64 = 1_048_576;

/// The largest `ord` of an item.
pub const MAX_ORD: u32 = i32::MAX as u32;
