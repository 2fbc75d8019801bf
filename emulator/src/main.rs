//! `nexus-emulator`: parse the command line, serve until a signal.

use clap::Parser;
use nexus_emulator::cli::{Cli, Command, ExportArgs};
use nexus_emulator::server::Server;
use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    let args = match Cli::parse().command {
        Command::Serve(args) => args,
        Command::Export(args) => return export(args),
    };
    let stop_on_stdin_close = args.stop_on_stdin_close;
    let config = match args.into_config() {
        Ok(config) => config,
        Err(err) => {
            eprintln!("nexus-emulator: {err}");
            return ExitCode::from(2);
        }
    };
    let signals = match ShutdownSignals::install() {
        Ok(signals) => signals,
        Err(err) => {
            eprintln!("nexus-emulator: cannot install signal handlers: {err}");
            return ExitCode::FAILURE;
        }
    };
    let server = match Server::bind(config).await {
        Ok(server) => server,
        Err(err) => {
            eprintln!("nexus-emulator: {err}");
            return ExitCode::FAILURE;
        }
    };
    let addr = match server.local_addr() {
        Ok(addr) => addr,
        Err(err) => {
            eprintln!("nexus-emulator: {err}");
            return ExitCode::FAILURE;
        }
    };
    let mut banner = format!("listening on http://{addr}\n");
    if let Some(demo) = server.demo() {
        banner += &format!(
            "endpoint: http://{addr}\nproject: {}\nsecret key: {}\n",
            demo.project_id, demo.secret_key
        );
    }
    let mut stdout = std::io::stdout().lock();
    if stdout
        .write_all(banner.as_bytes())
        .and_then(|_| stdout.flush())
        .is_err()
    {
        // Nobody reads stdout; serving is still useful.
        tracing::warn!("could not write the listening line to stdout");
    }
    drop(stdout);
    server
        .run(async {
            tokio::select! {
                _ = signals.received() => {}
                _ = stdin_closed(), if stop_on_stdin_close => {}
            }
        })
        .await;
    tracing::info!("stopped");
    ExitCode::SUCCESS
}

/// `nexus-emulator export`: the fixture on stdout.
fn export(args: ExportArgs) -> ExitCode {
    match args.run() {
        Ok(text) => {
            let mut stdout = std::io::stdout().lock();
            match stdout
                .write_all(text.as_bytes())
                .and_then(|_| stdout.flush())
            {
                Ok(()) => ExitCode::SUCCESS,
                Err(err) => {
                    eprintln!("nexus-emulator: writing the fixture: {err}");
                    ExitCode::FAILURE
                }
            }
        }
        Err(err) => {
            eprintln!("nexus-emulator: {err}");
            ExitCode::FAILURE
        }
    }
}

/// Completes when standard input reaches its end (or fails). Read on a thread of its own:
/// tokio's stdin would hold the runtime's shutdown until the read returned.
async fn stdin_closed() {
    let (closed, on_close) = tokio::sync::oneshot::channel::<()>();
    std::thread::spawn(move || {
        let mut sink = [0u8; 1024];
        let mut stdin = std::io::stdin().lock();
        while matches!(stdin.read(&mut sink), Ok(n) if n > 0) {}
        let _ = closed.send(());
    });
    let _ = on_close.await;
}

/// Handlers for SIGINT and SIGTERM, installed before the listening line is printed so that
/// a signal sent right after it stops the server cleanly instead of killing it.
struct ShutdownSignals {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
}

impl ShutdownSignals {
    fn install() -> std::io::Result<Self> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            Ok(ShutdownSignals {
                interrupt: signal(SignalKind::interrupt())?,
                terminate: signal(SignalKind::terminate())?,
            })
        }
        #[cfg(not(unix))]
        {
            Ok(ShutdownSignals {})
        }
    }

    /// Completes on the first signal.
    async fn received(mut self) {
        #[cfg(unix)]
        tokio::select! {
            _ = self.interrupt.recv() => {}
            _ = self.terminate.recv() => {}
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}
