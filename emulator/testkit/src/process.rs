//! The real `nexus-emulator` binary as a child process: `serve --addr 127.0.0.1:0 --db FILE`,
//! ready once it has printed its listening line, killed when dropped so that a failing test or
//! benchmark leaves nothing running.

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use crate::Error;

/// How long a start may take before it is given up.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(30);
/// The start of the first stdout line, fixed by the emulator's command-line contract.
const LISTENING_PREFIX: &str = "listening on ";
/// Lines of the emulator's log quoted when it fails to start.
const LOG_TAIL_LINES: usize = 20;

/// A running `nexus-emulator serve` on an ephemeral loopback port.
#[derive(Debug)]
pub struct EmulatorProcess {
    child: Child,
    base_url: String,
    log: PathBuf,
    /// The directory of [`EmulatorProcess::start_temporary`], removed after the process.
    _temporary: Option<tempfile::TempDir>,
}

impl EmulatorProcess {
    /// Starts `binary` on the database file `db` (created when missing), appending its stderr
    /// (the tracing log) to `log`, and waits for its listening line.
    pub fn start(binary: &Path, db: &Path, log: &Path) -> Result<Self, Error> {
        let log_file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
            .map_err(|e| {
                Error::Process(format!(
                    "cannot open the emulator log {}: {e}",
                    log.display()
                ))
            })?;
        let mut child = Command::new(binary)
            .arg("serve")
            .args(["--addr", "127.0.0.1:0", "--db"])
            .arg(db)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::from(log_file))
            .spawn()
            .map_err(|e| Error::Process(format!("cannot start {}: {e}", binary.display())))?;
        let listening = match child.stdout.take() {
            Some(stdout) => read_listening_line(stdout),
            None => Err("the emulator's stdout was not captured".to_string()),
        };
        match listening {
            Ok(base_url) => Ok(EmulatorProcess {
                child,
                base_url,
                log: log.to_path_buf(),
                _temporary: None,
            }),
            Err(error) => {
                // It may already be gone; either way it must not outlive the caller.
                let _ = child.kill();
                let _ = child.wait();
                Err(Error::Process(format!(
                    "{error} (emulator log {}, last lines:\n{})",
                    log.display(),
                    log_tail(log)
                )))
            }
        }
    }

    /// Starts `binary` on a new database in a temporary directory, which goes (with the log)
    /// when this value is dropped.
    pub fn start_temporary(binary: &Path) -> Result<Self, Error> {
        let directory = tempfile::Builder::new()
            .prefix("nexus-emulator-")
            .tempdir()
            .map_err(|e| Error::Process(format!("cannot create a temporary directory: {e}")))?;
        let mut process = Self::start(
            binary,
            &directory.path().join("emulator.db"),
            &directory.path().join("emulator.log"),
        )?;
        process._temporary = Some(directory);
        Ok(process)
    }

    /// The base URL it listens on, e.g. `http://127.0.0.1:41234`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Where its stderr (the tracing log) goes, for error messages.
    pub fn log_path(&self) -> &Path {
        &self.log
    }

    /// Whether the process has exited on its own.
    pub fn has_exited(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(Some(_)))
    }

    /// SIGKILL (`kill -9`): no shutdown code runs, whatever was in flight is cut off.
    pub fn kill_9(mut self) -> Result<(), Error> {
        self.child
            .kill()
            .map_err(|e| Error::Process(format!("cannot kill the emulator: {e}")))?;
        self.child
            .wait()
            .map_err(|e| Error::Process(format!("cannot reap the emulator: {e}")))?;
        Ok(())
    }
}

impl Drop for EmulatorProcess {
    fn drop(&mut self) {
        // Already gone after kill_9 or a crash; nothing more to do if this fails.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Waits (at most [`STARTUP_TIMEOUT`]) for the first stdout line and returns the URL in it; a
/// background thread then keeps draining stdout so that the emulator never blocks or fails
/// writing into a full or closed pipe.
fn read_listening_line(stdout: ChildStdout) -> Result<String, String> {
    let (first_line, on_first_line) = mpsc::channel();
    thread::spawn(move || {
        let mut reader = BufReader::new(stdout);
        let mut line = String::new();
        let first = reader.read_line(&mut line).map(|_| line.clone());
        // The caller may have stopped waiting; that is fine.
        let _ = first_line.send(first);
        loop {
            line.clear();
            match reader.read_line(&mut line) {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
        }
    });
    let line = on_first_line
        .recv_timeout(STARTUP_TIMEOUT)
        .map_err(|_| format!("no listening line within {STARTUP_TIMEOUT:?}"))?
        .map_err(|e| format!("cannot read the emulator's stdout: {e}"))?;
    parse_listening_line(&line)
}

/// The base URL in `listening on http://127.0.0.1:PORT`.
fn parse_listening_line(line: &str) -> Result<String, String> {
    let line = line.trim_end();
    match line.strip_prefix(LISTENING_PREFIX) {
        Some(url) if url.starts_with("http://") => Ok(url.to_string()),
        _ if line.is_empty() => Err("the emulator exited before its listening line".to_string()),
        _ => Err(format!(
            "expected `{LISTENING_PREFIX}http://<ip>:<port>` first, got {line:?}"
        )),
    }
}

/// The last lines of the log, which say why a start failed.
fn log_tail(log: &Path) -> String {
    let Ok(file) = File::open(log) else {
        return "(unreadable)".to_string();
    };
    let lines: Vec<String> = BufReader::new(file).lines().map_while(Result::ok).collect();
    lines[lines.len().saturating_sub(LOG_TAIL_LINES)..].join("\n")
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
