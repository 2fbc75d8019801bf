//! Benchmark of the Nexus emulator, run by hand (not in CI):
//! `cargo run --release -p emulator-bench -- [--sequences N] [--emulator PATH]`.
//!
//! Starts the release emulator on a throw-away database, seeds it through the admin API,
//! then measures in one run: (a) first-page against deep-page latency, (b) list throughput
//! against the health route's at the same concurrency, (c) one 10,000-action bulk update.
//! See bench/README.md.

mod args;
mod measure;
mod report;
mod seed;
mod stats;

use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use nexus_emulator_testkit::{Client, EmulatorProcess};

use crate::args::{Options, USAGE};
use crate::report::Report;

#[tokio::main]
async fn main() -> ExitCode {
    let options = match Options::parse(std::env::args().skip(1)) {
        Ok(Some(options)) => options,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(error) => {
            eprintln!("error: {error:#}");
            return ExitCode::from(2);
        }
    };
    match run(&options).await {
        Ok(report) => {
            print!("{}", report.render());
            for (route, throughput) in [("list", &report.list), ("health", &report.health)] {
                if let Some(error) = &throughput.counts.first_error {
                    println!("first {route} error: {error}");
                }
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// Starts the emulator, seeds it and takes every measurement.
async fn run(options: &Options) -> Result<Report> {
    if !options.emulator.is_file() {
        bail!(
            "no emulator binary at {}; build it first with \
             `cargo build --release -p nexus-emulator` or pass --emulator PATH",
            options.emulator.display()
        );
    }
    eprintln!("starting {}", options.emulator.display());
    let emulator = EmulatorProcess::start_temporary(&options.emulator)?;
    let log = emulator
        .log_path()
        .map_or_else(String::new, |path| path.display().to_string());
    // No timeout: its keep-alive pool serves the concurrent clients of the throughput run.
    let api = Client::new(emulator.base_url())?;
    let emulator_version = api.health().await?.version;

    eprintln!("seeding {} sequences", options.sequences);
    let seeded = seed::seed(&api, options.sequences)
        .await
        .with_context(|| format!("seeding (emulator log: {log})"))?;
    let project = &seeded.project;

    eprintln!("a. first page against a deep page");
    let latency = measure::page_latency(&api, project, seeded.sequences)
        .await
        .with_context(|| format!("measuring page latency (emulator log: {log})"))?;

    eprintln!("b. list throughput, then the health route's");
    let list_request = api.list_request(project, measure::PAGE_LIMIT, None);
    let list = measure::throughput(list_request, options.concurrency, options.duration)
        .await
        .context("measuring list throughput")?;
    let health = measure::throughput(api.health_request(), options.concurrency, options.duration)
        .await
        .context("measuring health throughput")?;

    eprintln!("c. bulk updates of {} Link actions", measure::BULK_ACTIONS);
    let bulk = measure::bulk_updates(&api, project)
        .await
        .with_context(|| format!("measuring bulk updates (emulator log: {log})"))?;

    Ok(Report {
        emulator_version,
        sequences: seeded.sequences,
        items_per_sequence: seed::ITEMS_PER_SEQUENCE,
        seeding: seeded.elapsed,
        latency,
        list,
        health,
        clients: options.concurrency,
        bulk,
    })
}
