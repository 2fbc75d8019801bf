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
    server.run(shutdown_signal()).await;
    tracing::info!("stopped");
    ExitCode::SUCCESS
}

/// Completes on SIGINT or SIGTERM.
async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut terminate =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(signal) => signal,
                Err(err) => {
                    tracing::warn!(%err, "cannot listen for SIGTERM");
                    let _ = interrupt.await;
                    return;
                }
            };
        tokio::select! {
            _ = interrupt => {}
            _ = terminate.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = interrupt.await;
    }
}
