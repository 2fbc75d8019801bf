//! The real `nexus-emulator` binary as a child process: `serve --addr 127.0.0.1:0` and the
//! caller's options, ready once it has printed its listening line, killed when dropped so that
//! a failing test or benchmark leaves nothing running.

use std::ffi::OsStr;
use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::{Duration, Instant};

use crate::Error;

/// How long a start, or a further stdout line, may take before it is given up.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a stop (SIGTERM, or stdin closed) may take.
const STOP_TIMEOUT: Duration = Duration::from_secs(10);
/// The start of the first stdout line, fixed by the emulator's command-line contract.
const LISTENING_PREFIX: &str = "listening on ";
/// Lines of the emulator's log quoted when it fails to start.
const LOG_TAIL_LINES: usize = 20;

/// A running `nexus-emulator serve` on an ephemeral loopback port.
#[derive(Debug)]
pub struct EmulatorProcess {
    child: Child,
    base_url: String,
    /// Every stdout line after the listening line, read on a thread of its own.
    lines: Receiver<io::Result<String>>,
    log: Option<PathBuf>,
    /// The directory of [`EmulatorProcess::start_temporary`], removed after the process.
    _temporary: Option<tempfile::TempDir>,
}

/// A `serve` about to start: [`EmulatorProcess::serve`], options, then [`Launch::start`].
#[derive(Debug)]
pub struct Launch {
    command: Command,
    log: Option<PathBuf>,
}

impl Launch {
    /// Adds command-line arguments after `serve --addr 127.0.0.1:0`.
    pub fn args<I: IntoIterator<Item = S>, S: AsRef<OsStr>>(mut self, args: I) -> Self {
        self.command.args(args);
        self
    }

    /// `--db FILE`.
    pub fn db(self, db: &Path) -> Self {
        self.args([OsStr::new("--db"), db.as_os_str()])
    }

    /// Sets an environment variable of the process.
    pub fn env(mut self, key: &str, value: impl AsRef<OsStr>) -> Self {
        self.command.env(key, value);
        self
    }

    /// Appends the process's stderr (the tracing log) to `log`; by default it is discarded.
    pub fn log(mut self, log: &Path) -> Self {
        self.log = Some(log.to_path_buf());
        self
    }

    /// Gives the process a stdin pipe, for [`EmulatorProcess::close_stdin`]; by default its
    /// stdin is empty.
    pub fn stdin_piped(mut self) -> Self {
        self.command.stdin(Stdio::piped());
        self
    }

    /// Starts the process and waits for its listening line.
    pub fn start(mut self) -> Result<EmulatorProcess, Error> {
        let stderr = match &self.log {
            Some(log) => Stdio::from(
                OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(log)
                    .map_err(|e| {
                        Error::Process(format!(
                            "cannot open the emulator log {}: {e}",
                            log.display()
                        ))
                    })?,
            ),
            None => Stdio::null(),
        };
        let program = self.command.get_program().to_owned();
        let mut child = self
            .command
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .map_err(|e| {
                Error::Process(format!(
                    "cannot start {}: {e}",
                    Path::new(&program).display()
                ))
            })?;
        let lines = match child.stdout.take() {
            Some(stdout) => read_lines(stdout),
            None => return Err(Error::Process("stdout was not captured".into())),
        };
        let listening = match lines.recv_timeout(STARTUP_TIMEOUT) {
            Ok(Ok(line)) => parse_listening_line(&line),
            Ok(Err(e)) => Err(format!("cannot read the emulator's stdout: {e}")),
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                Err("the emulator exited before its listening line".to_string())
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                Err(format!("no listening line within {STARTUP_TIMEOUT:?}"))
            }
        };
        match listening {
            Ok(base_url) => Ok(EmulatorProcess {
                child,
                base_url,
                lines,
                log: self.log,
                _temporary: None,
            }),
            Err(error) => {
                // It may already be gone; either way it must not outlive the caller.
                let _ = child.kill();
                let _ = child.wait();
                Err(Error::Process(match &self.log {
                    Some(log) => format!(
                        "{error} (emulator log {}, last lines:\n{})",
                        log.display(),
                        log_tail(log)
                    ),
                    None => error,
                }))
            }
        }
    }
}

impl EmulatorProcess {
    /// `binary serve --addr 127.0.0.1:0`, to be given its options and started.
    pub fn serve(binary: &Path) -> Launch {
        let mut command = Command::new(binary);
        command
            .args(["serve", "--addr", "127.0.0.1:0"])
            .stdin(Stdio::null());
        Launch { command, log: None }
    }

    /// Starts `binary` on the database file `db` (created when missing), appending its stderr
    /// to `log`.
    pub fn start(binary: &Path, db: &Path, log: &Path) -> Result<Self, Error> {
        Self::serve(binary).db(db).log(log).start()
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

    /// Where its stderr (the tracing log) goes, if it is kept.
    pub fn log_path(&self) -> Option<&Path> {
        self.log.as_deref()
    }

    /// The next line it printed after the listening line (without its line end), waiting for
    /// it; `None` once stdout has ended.
    pub fn next_line(&self) -> Option<String> {
        match self.lines.recv_timeout(STARTUP_TIMEOUT) {
            Ok(Ok(line)) => Some(line.trim_end().to_string()),
            _ => None,
        }
    }

    /// Whether the process has exited.
    pub fn has_exited(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(Some(_)))
    }

    /// Closes its stdin (see [`Launch::stdin_piped`]).
    pub fn close_stdin(&mut self) {
        drop(self.child.stdin.take());
    }

    /// SIGTERM, then its exit status.
    pub fn terminate(&mut self) -> Result<ExitStatus, Error> {
        let sent = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .map_err(|e| Error::Process(format!("cannot run kill: {e}")))?;
        if !sent.success() {
            return Err(Error::Process(format!("kill -TERM failed: {sent}")));
        }
        self.wait()
    }

    /// Its exit status, once it has stopped by itself (waiting at most 10 s).
    pub fn wait(&mut self) -> Result<ExitStatus, Error> {
        let deadline = Instant::now() + STOP_TIMEOUT;
        loop {
            match self.child.try_wait() {
                Ok(Some(status)) => return Ok(status),
                Ok(None) if Instant::now() < deadline => thread::sleep(Duration::from_millis(20)),
                Ok(None) => {
                    return Err(Error::Process(format!(
                        "the emulator did not stop within {STOP_TIMEOUT:?}"
                    )))
                }
                Err(e) => return Err(Error::Process(format!("cannot wait for the emulator: {e}"))),
            }
        }
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
        // Already gone after kill_9 or a stop; nothing more to do if this fails.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Every stdout line, read on a thread of its own until stdout ends, so that the emulator
/// never blocks or fails writing into a full or closed pipe.
fn read_lines(stdout: ChildStdout) -> Receiver<io::Result<String>> {
    let (line_read, lines) = mpsc::channel();
    thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            // Nobody may be listening any more; the pipe is still drained.
            let _ = line_read.send(line);
        }
    });
    lines
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
