//! An emulator of the Datature Nexus Sequences API on SQLite, for developing and testing
//! against offline. The binary `nexus-emulator` wraps [`Server`]; tests embed it.
//!
//! ```no_run
//! # async fn run() -> Result<(), nexus_emulator::StartError> {
//! let server = nexus_emulator::Server::bind(nexus_emulator::Config::ephemeral()).await?;
//! println!("listening on http://{}", server.local_addr().expect("bound"));
//! server.run(std::future::pending()).await;
//! # Ok(())
//! # }
//! ```
//!
//! # Layout
//!
//! A request goes down the layers and its answer comes back up; each file holds one concept.
//!
//! - `server`: one instance: opens the store, imports or seeds, binds, runs the accept loop
//!   and drains on shutdown. `config` is what it needs; `cli` turns the command line into
//!   that.
//! - `http/`: the HTTP edge. `app` (the router and middleware stack), `route` (route
//!   templates), `extract` and `request` (bodies, paths and queries read and checked),
//!   `auth` (`Secret-Key`), `cors`, `uri`, `request_log`, `rejection` (what hyper refuses
//!   before routing), `state` (what every handler shares).
//! - `api/`: the Nexus endpoints, thin handlers over the domain, and `idempotency`.
//! - `domain/`: the contract's rules on rows, inside the caller's transaction: `bulk` (the
//!   bulk-update engine), `sequence_ops` (patch and remove), `attributes`, `cursor`, `ids`.
//! - `store/`: SQLite: the connections, the schema, and one file of queries per table.
//! - `admin/`: what the real API does not have: the `/_emulator/` routes, `faults`, request
//!   `counts`, `fixture` import and export, the demo `seed`.
//! - `error`: `ApiError`, which every layer returns and the edge renders
//!   as the contract's `{code, message}` body.
//!
//! Modules are private: what is public below is what the binary and the tests use, and the
//! types named in those items' signatures and fields.

mod admin;
mod api;
mod cli;
mod config;
mod domain;
mod error;
mod http;
mod server;
mod store;

pub use admin::faults::{Fault, FaultRule, FaultSpec};
pub use admin::fixture::{
    Fixture, FixtureAsset, FixtureItem, FixtureKey, FixtureProject, FixtureSequence,
};
pub use admin::seed::DemoProject;
pub use cli::{Cli, Command, ExportArgs, Seed, ServeArgs};
pub use config::{Config, DEFAULT_MAX_ITEMS_PER_SEQUENCE};
pub use server::{Server, StartError};
pub use store::{DbLocation, OpenError};
