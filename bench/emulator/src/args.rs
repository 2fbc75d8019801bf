//! Command-line options of the benchmark.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{bail, Context, Result};

/// What one benchmark run does, as chosen on the command line.
#[derive(Debug, Clone)]
pub struct Options {
    /// How many sequences to seed before measuring.
    pub sequences: u64,
    /// Path of the (release) `nexus-emulator` binary to start.
    pub emulator: PathBuf,
    /// Concurrent clients in the throughput measurement.
    pub concurrency: usize,
    /// How long each throughput measurement runs.
    pub duration: Duration,
}

/// The text printed for `--help`.
pub const USAGE: &str = "\
usage: emulator-bench [--sequences N] [--emulator PATH] [--concurrency N] [--seconds N]

  --sequences N    sequences to seed, 2 items each (default 100000)
  --emulator PATH  the nexus-emulator binary to start (default: the release build in
                   $CARGO_TARGET_DIR, else <workspace>/target/release/nexus-emulator)
  --concurrency N  concurrent clients for the throughput measurement (default 16)
  --seconds N      duration of each throughput measurement (default 5)";

impl Options {
    /// Parses the options from the process arguments (without the program name).
    ///
    /// Returns `Ok(None)` when `--help` was asked for.
    pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Option<Self>> {
        let mut options = Options {
            sequences: 100_000,
            emulator: default_emulator_path(),
            concurrency: 16,
            duration: Duration::from_secs(5),
        };
        let mut args = args.into_iter();
        while let Some(flag) = args.next() {
            if flag == "--help" || flag == "-h" {
                return Ok(None);
            }
            let value = args
                .next()
                .with_context(|| format!("{flag} needs a value\n\n{USAGE}"))?;
            match flag.as_str() {
                "--sequences" => options.sequences = positive(&flag, &value)?,
                "--emulator" => options.emulator = PathBuf::from(value),
                "--concurrency" => {
                    options.concurrency = usize::try_from(positive(&flag, &value)?)
                        .with_context(|| format!("{flag} {value} is too large"))?;
                }
                "--seconds" => options.duration = Duration::from_secs(positive(&flag, &value)?),
                _ => bail!("unknown argument {flag:?}\n\n{USAGE}"),
            }
        }
        Ok(Some(options))
    }
}

/// Parses a flag's value as an integer of at least 1.
fn positive(flag: &str, value: &str) -> Result<u64> {
    match value.parse::<u64>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => bail!("{flag} must be a whole number of at least 1, got {value:?}"),
    }
}

/// The release emulator binary of this workspace, honouring `CARGO_TARGET_DIR`.
fn default_emulator_path() -> PathBuf {
    let target_dir = std::env::var_os("CARGO_TARGET_DIR").map_or_else(
        // This crate sits at <workspace>/bench/emulator.
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target"),
        PathBuf::from,
    );
    target_dir.join("release").join("nexus-emulator")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Option<Options>> {
        Options::parse(args.iter().map(ToString::to_string))
    }

    #[test]
    fn defaults_and_overrides() {
        let defaults = parse(&[]).unwrap().unwrap();
        assert_eq!(defaults.sequences, 100_000);
        assert_eq!(defaults.concurrency, 16);
        let chosen = parse(&[
            "--sequences",
            "500",
            "--emulator",
            "/x/emu",
            "--seconds",
            "2",
        ])
        .unwrap()
        .unwrap();
        assert_eq!(chosen.sequences, 500);
        assert_eq!(chosen.emulator, PathBuf::from("/x/emu"));
        assert_eq!(chosen.duration, Duration::from_secs(2));
    }

    #[test]
    fn rejects_bad_values() {
        assert!(parse(&["--sequences", "0"]).is_err());
        assert!(parse(&["--sequences", "many"]).is_err());
        assert!(parse(&["--sequences"]).is_err());
        assert!(parse(&["--frobnicate", "1"]).is_err());
        assert!(parse(&["--help"]).unwrap().is_none());
    }
}
