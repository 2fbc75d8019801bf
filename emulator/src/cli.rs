//! The command line: `nexus-emulator serve [options]` and `nexus-emulator export`.

use crate::config::{Config, DEFAULT_MAX_ITEMS_PER_SEQUENCE};
use crate::faults::FaultSpec;
use crate::fixture::{self, Fixture};
use crate::store::DbLocation;
use clap::{Args, Parser, Subcommand, ValueEnum};
use rusqlite::{Connection, OpenFlags};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

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
    /// Write the state of a database file as a fixture (JSON) to standard output.
    Export(ExportArgs),
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
    /// Start from this fixture (the JSON that `export` writes): its state replaces the
    /// database's. A bad file is refused before the database is opened.
    #[arg(long, value_name = "FILE")]
    pub import: Option<PathBuf>,
    /// Stop, as on SIGTERM, when standard input is closed: the parent process holding the
    /// other end of a pipe takes the server with it however it ends, SIGKILL included.
    #[arg(long)]
    pub stop_on_stdin_close: bool,
}

/// Options of `export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// SQLite file to read (never written). Default: as for `serve`.
    #[arg(long)]
    pub db: Option<String>,
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
        let import = self
            .import
            .as_deref()
            .map(|path| read_fixture(path, self.max_items_per_sequence))
            .transpose()?;
        Ok(Config {
            addr: self.addr,
            db,
            import,
            seed_demo: self.seed == Some(Seed::Demo),
            max_items_per_sequence: self.max_items_per_sequence,
            faults,
        })
    }
}

fn read_fixture(path: &Path, max_items_per_sequence: u32) -> Result<Fixture, String> {
    let at = format!("--import {}", path.display());
    let bytes = std::fs::read(path).map_err(|e| format!("{at}: {e}"))?;
    fixture::parse(&bytes, max_items_per_sequence).map_err(|e| format!("{at}: {e}"))
}

impl ExportArgs {
    /// The fixture text of the database, which must exist.
    pub fn run(self) -> Result<String, String> {
        let path = match self.db.as_deref() {
            Some(":memory:") => return Err("--db: an in-memory database has nothing to export; use GET /_emulator/export on the running server".into()),
            Some(path) => PathBuf::from(path),
            None => default_db_path()?,
        };
        let at = path.display();
        if !path.is_file() {
            return Err(format!("--db {at}: no such database file"));
        }
        let conn = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(|e| format!("--db {at}: {e}"))?;
        conn.busy_timeout(std::time::Duration::from_secs(10))
            .map_err(|e| format!("--db {at}: {e}"))?;
        fixture::export(&conn).map_err(|e| format!("--db {at}: {e}"))
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
