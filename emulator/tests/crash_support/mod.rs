//! Pieces of the crash test (`tests/crash.rs`) that the emulator's test kit
//! (`nexus-emulator-testkit`: the killable child process, the client) does not hold: the
//! ledger of attempted bulk updates with its all-or-nothing check.

pub mod ledger;
