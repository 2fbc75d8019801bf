//! `nexus-emulator`: parse the command line, serve until a signal.

use clap::Parser;
use nexus_emulator::cli::{Cli, Command};
use nexus_emulator::server::Server;
use std::io::{IsTerminal, Write};
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
    let Command::Serve(args) = Cli::parse().command;
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
    server.run(signals.received()).await;
    tracing::info!("stopped");
    ExitCode::SUCCESS
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
