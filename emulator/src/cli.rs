//! The command line: `nexus-emulator serve [options]`.

use crate::config::{Config, DEFAULT_MAX_ITEMS_PER_SEQUENCE};
use crate::faults::FaultSpec;
use crate::store::DbLocation;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::net::SocketAddr;
use std::path::PathBuf;

/// A local, persistent emulator of the Datature Nexus Sequences API.
#[derive(Debug, Parser)]
#[command(name = "nexus-emulator", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the API until SIGINT or SIGTERM.
    Serve(ServeArgs),
}

/// Options of `serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, default_value = "127.0.0.1:4100")]
    pub addr: SocketAddr,
    /// SQLite file, or `:memory:`. Default: $NEXUS_EMULATOR_DATA, else
    /// $XDG_DATA_HOME/nexus-emulator/emulator.db, else ~/.local/share/nexus-emulator/emulator.db.
    #[arg(long)]
    pub db: Option<String>,
    /// Data to create on start.
    #[arg(long, value_enum)]
    pub seed: Option<Seed>,
    /// Item cap of one sequence.
    #[arg(long, default_value_t = DEFAULT_MAX_ITEMS_PER_SEQUENCE, value_parser = clap::value_parser!(u32).range(1..))]
    pub max_items_per_sequence: u32,
    /// Faults to inject, e.g. `503:0.2,429:0.1,reset:0.1,delay=300:0.1,reset-after-commit:0.1`.
    #[arg(long)]
    pub faults: Option<String>,
    /// Seed of the fault RNG.
    #[arg(long, default_value_t = 0)]
    pub fault_seed: u64,
}

/// Seed data sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Seed {
    /// The demo project (fixed id and key, 300 assets, six sequences).
    Demo,
}

impl ServeArgs {
    /// The server config these options describe.
    pub fn into_config(self) -> Result<Config, String> {
        let db = match self.db.as_deref() {
            Some(":memory:") => DbLocation::Memory,
            Some(path) => DbLocation::File(PathBuf::from(path)),
            None => DbLocation::File(default_db_path()?),
        };
        let faults = self
            .faults
            .as_deref()
            .map(|text| FaultSpec::parse_compact(text, self.fault_seed))
            .transpose()
            .map_err(|e| format!("--faults: {e}"))?;
        Ok(Config {
            addr: self.addr,
            db,
            seed_demo: self.seed == Some(Seed::Demo),
            max_items_per_sequence: self.max_items_per_sequence,
            faults,
        })
    }
}

fn default_db_path() -> Result<PathBuf, String> {
    let non_empty = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    if let Some(path) = non_empty("NEXUS_EMULATOR_DATA") {
        return Ok(PathBuf::from(path));
    }
    let data_home = non_empty("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| non_empty("HOME").map(|home| PathBuf::from(home).join(".local/share")))
        .ok_or("no --db given and neither NEXUS_EMULATOR_DATA, XDG_DATA_HOME nor HOME is set")?;
    Ok(data_home.join("nexus-emulator").join("emulator.db"))
}
