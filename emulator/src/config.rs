//! Settings of one server instance, whether from the command line or from a test.

use crate::faults::FaultSpec;
use crate::fixture::Fixture;
use crate::store::DbLocation;
use std::net::SocketAddr;

/// Default item cap of a sequence.
pub const DEFAULT_MAX_ITEMS_PER_SEQUENCE: u32 = 10_000;

/// How to run the server.
#[derive(Debug, Clone)]
pub struct Config {
    /// Address to bind; port 0 picks a free one.
    pub addr: SocketAddr,
    /// Database location.
    pub db: DbLocation,
    /// A checked fixture whose state replaces the database's on start (before any seed).
    pub import: Option<Fixture>,
    /// Whether to create the demo project.
    pub seed_demo: bool,
    /// Item cap of one sequence (at least 1).
    pub max_items_per_sequence: u32,
    /// Fault rules active from the start.
    pub faults: Option<FaultSpec>,
}

impl Config {
    /// A config for an in-memory database on a free loopback port.
    pub fn ephemeral() -> Self {
        Config {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            db: DbLocation::Memory,
            import: None,
            seed_demo: false,
            max_items_per_sequence: DEFAULT_MAX_ITEMS_PER_SEQUENCE,
            faults: None,
        }
    }
}
