//! Pieces of the crash test (`tests/crash.rs`): the emulator as a killable child process, a
//! small HTTP client for the routes the test uses, the ledger of attempted bulk updates
//! with its all-or-nothing check, and a seeded random source.

pub mod client;
pub mod emulator_process;
pub mod ledger;
pub mod rng;
