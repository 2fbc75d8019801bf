//! The emulator's test kit: what its tests (`emulator/tests`), the crash test and the benchmark
//! (`bench/emulator`) drive it with, so that none of them keeps a copy.
//!
//! - [`EmulatorProcess`]: the real `nexus-emulator` binary as a child process (`serve` with the
//!   caller's options, see [`Launch`]), ready when its listening line arrives, stopped with
//!   SIGTERM or `kill -9`, killed when dropped.
//! - [`Client`]: the admin routes that set up a test and the Nexus routes it checks, read into
//!   `nexus-wire` types (the emulator's own definitions), with an [`Error`] that tells a
//!   connection that failed (a killed emulator) from an answer that was wrong.
//! - [`link_in_order`]: the Link actions that fill a new sequence with given assets.

mod actions;
mod client;
mod error;
mod process;

pub use actions::link_in_order;
pub use client::{expect, Client};
pub use error::Error;
pub use nexus_wire::admin::Project;
pub use process::{EmulatorProcess, Launch};
