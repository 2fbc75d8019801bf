//! The emulator under test, as a child process on a throw-away database.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use anyhow::{anyhow, bail, Context, Result};

/// How long the emulator may take to print its listening line.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(30);

/// The prefix of the first stdout line, fixed by the emulator's command-line contract.
const LISTENING_PREFIX: &str = "listening on ";

/// A running `nexus-emulator serve` on an ephemeral loopback port.
///
/// The process is killed when this value is dropped, and its database (in a temporary
/// directory) is removed with it.
pub struct EmulatorProcess {
    child: Child,
    base_url: String,
    log_path: PathBuf,
    // Declared last so that it is removed after the process is gone.
    _data_dir: tempfile::TempDir,
}

impl EmulatorProcess {
    /// Starts `binary serve --addr 127.0.0.1:0 --db <temp file>` and waits for its
    /// listening line.
    pub fn start(binary: &Path) -> Result<Self> {
        if !binary.is_file() {
            bail!(
                "no emulator binary at {}; build it first with \
                 `cargo build --release -p nexus-emulator` or pass --emulator PATH",
                binary.display()
            );
        }
        let data_dir = tempfile::Builder::new()
            .prefix("emulator-bench-")
            .tempdir()
            .context("creating a temporary directory for the benchmark database")?;
        let db_path = data_dir.path().join("bench.db");
        let log_path = data_dir.path().join("emulator.log");
        let log = File::create(&log_path)
            .with_context(|| format!("creating the emulator log {}", log_path.display()))?;

        let mut child = Command::new(binary)
            .arg("serve")
            .args(["--addr", "127.0.0.1:0", "--db"])
            .arg(&db_path)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::from(log))
            .spawn()
            .with_context(|| format!("starting {}", binary.display()))?;

        let base_url = match child.stdout.take() {
            Some(stdout) => read_listening_line(stdout),
            None => Err(anyhow!("the emulator's stdout was not captured")),
        };
        let base_url = match base_url {
            Ok(url) => url,
            Err(error) => {
                // Best effort: the process may already have exited.
                let _ = child.kill();
                let _ = child.wait();
                let log = std::fs::read_to_string(&log_path).unwrap_or_default();
                return Err(error.context(format!("emulator log:\n{log}")));
            }
        };
        Ok(EmulatorProcess {
            child,
            base_url,
            log_path,
            _data_dir: data_dir,
        })
    }

    /// The base URL it listens on, e.g. `http://127.0.0.1:41234`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Where its stderr (tracing logs) goes, for error messages.
    pub fn log_path(&self) -> &Path {
        &self.log_path
    }
}

impl Drop for EmulatorProcess {
    fn drop(&mut self) {
        // Nothing useful can be done if the process is already gone.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Reads the first stdout line (`listening on http://ip:port`) within [`STARTUP_TIMEOUT`],
/// then keeps draining stdout on a background thread so the emulator never blocks or
/// fails writing to a full or closed pipe.
fn read_listening_line(stdout: std::process::ChildStdout) -> Result<String> {
    let (first_line_tx, first_line_rx) = mpsc::channel();
    thread::spawn(move || {
        let mut reader = BufReader::new(stdout);
        let mut line = String::new();
        let first = reader.read_line(&mut line).map(|_| line.clone());
        // The receiver may have given up already; that is fine.
        let _ = first_line_tx.send(first);
        loop {
            line.clear();
            match reader.read_line(&mut line) {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
        }
    });
    let line = first_line_rx
        .recv_timeout(STARTUP_TIMEOUT)
        .map_err(|_| anyhow!("the emulator printed no listening line within {STARTUP_TIMEOUT:?}"))?
        .context("reading the emulator's stdout")?;
    parse_listening_line(&line)
}

/// Extracts the base URL from `listening on http://127.0.0.1:PORT`.
fn parse_listening_line(line: &str) -> Result<String> {
    let line = line.trim_end();
    if line.is_empty() {
        bail!("the emulator exited before printing its listening line");
    }
    match line.strip_prefix(LISTENING_PREFIX) {
        Some(url) if url.starts_with("http://") => Ok(url.to_string()),
        _ => bail!("expected `{LISTENING_PREFIX}http://<ip>:<port>` as the emulator's first line, got {line:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_listening_line() {
        assert_eq!(
            parse_listening_line("listening on http://127.0.0.1:4100\n").unwrap(),
            "http://127.0.0.1:4100"
        );
        assert!(parse_listening_line("").is_err());
        assert!(parse_listening_line("hello").is_err());
    }
}
