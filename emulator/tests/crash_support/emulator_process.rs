//! The real `nexus-emulator` binary as a child process that the test can SIGKILL.

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

/// How long a start may take before the test gives up on it.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(20);

/// A running `nexus-emulator serve --addr 127.0.0.1:0 --db <file>`.
///
/// Dropping it kills the process, so a failing test leaves nothing running.
pub struct EmulatorProcess {
    child: Child,
    base_url: String,
}

impl EmulatorProcess {
    /// Starts the binary on `db`, appending its stderr to `log`, and waits for the
    /// `listening on http://ip:port` line.
    pub fn start(binary: &Path, db: &Path, log: &Path) -> Result<Self, String> {
        let log_file = open_log(log)?;
        let mut child = Command::new(binary)
            .arg("serve")
            .args(["--addr", "127.0.0.1:0", "--db"])
            .arg(db)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::from(log_file))
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
        let listening = match child.stdout.take() {
            Some(stdout) => read_listening_line(stdout),
            None => Err("the emulator's stdout was not captured".to_string()),
        };
        match listening {
            Ok(base_url) => Ok(EmulatorProcess { child, base_url }),
            Err(error) => {
                // It may already be gone; either way it must not outlive the test.
                let _ = child.kill();
                let _ = child.wait();
                Err(format!("{error} (emulator log: {})", log.display()))
            }
        }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Whether the process has exited on its own (it never should during the test).
    pub fn has_exited(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(Some(_)))
    }

    /// SIGKILL (`kill -9`): no shutdown code runs, whatever was in flight is cut off.
    pub fn kill_9(mut self) -> Result<(), String> {
        self.child
            .kill()
            .map_err(|e| format!("cannot kill the emulator: {e}"))?;
        self.child
            .wait()
            .map_err(|e| format!("cannot reap the emulator: {e}"))?;
        Ok(())
    }
}

impl Drop for EmulatorProcess {
    fn drop(&mut self) {
        // Already dead after kill_9; nothing more to do if this fails.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn open_log(log: &Path) -> Result<File, String> {
    OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
        .map_err(|e| format!("cannot open the emulator log {}: {e}", log.display()))
}

/// Waits (bounded) for the first stdout line and returns the URL in it; a background
/// thread then keeps draining stdout so the emulator never writes into a full pipe.
fn read_listening_line(stdout: ChildStdout) -> Result<String, String> {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let mut reader = BufReader::new(stdout);
        let mut line = String::new();
        let first = reader.read_line(&mut line).map(|_| line.clone());
        // The test may have stopped waiting; that is fine.
        let _ = tx.send(first);
        loop {
            line.clear();
            match reader.read_line(&mut line) {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
        }
    });
    let line = rx
        .recv_timeout(STARTUP_TIMEOUT)
        .map_err(|_| format!("no listening line within {STARTUP_TIMEOUT:?}"))?
        .map_err(|e| format!("cannot read the emulator's stdout: {e}"))?;
    let line = line.trim_end();
    match line.strip_prefix("listening on ") {
        Some(url) if url.starts_with("http://") => Ok(url.to_string()),
        _ if line.is_empty() => Err("the emulator exited before its listening line".to_string()),
        _ => Err(format!(
            "expected `listening on http://<ip>:<port>` first, got {line:?}"
        )),
    }
}
