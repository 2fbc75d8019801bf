//! Crash safety of bulk updates: the real `nexus-emulator` binary, on a database file, gets
//! `kill -9` while two clients stream AbortOnAnyFailed bulk updates at it. After each restart
//! on the same file, every bulk update ever attempted must be wholly applied or not at all,
//! and every one answered with 200 must be there.
//!
//! The kill times come from a seeded generator: `CRASH_TEST_SEED=<n>` replays a run.

mod crash_support;

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use crash_support::ledger::{self, Attempt, Outcome};
use nexus_emulator_testkit::{Client, EmulatorProcess, Error, Project};
use nexus_wire::SequenceBulkUpdateResult;
use rand_xoshiro::rand_core::{RngCore, SeedableRng};
use rand_xoshiro::SplitMix64;

/// Kill/restart cycles.
const ROUNDS: usize = 5;
/// Concurrent clients sending bulk updates.
const STREAMS: usize = 2;
/// Link actions per bulk update (plus one PatchSequence).
const LINKS_PER_BULK: usize = 20;
/// Assets a client creates at a time, before its round and whenever it runs out.
const ASSET_BATCH: usize = 200;
/// The kill comes this long (ms, drawn per round) after the clients start.
const KILL_AFTER_MS: (u64, u64) = (200, 800);
/// Upper bound on bulk updates per client per round, so a missed kill cannot loop forever.
const MAX_BULKS_PER_STREAM: usize = 10_000;
/// How long the clients may take to notice the kill.
const STREAM_DRAIN_TIMEOUT: Duration = Duration::from_secs(30);
/// Bound on any one request: a hung emulator fails the test instead of stalling it.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);
/// The seed used unless `CRASH_TEST_SEED` is set.
const DEFAULT_SEED: u64 = 0x5EED_0C2A_54ED;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bulk_updates_are_all_or_nothing_across_kill_9() {
    let seed = match std::env::var("CRASH_TEST_SEED") {
        Ok(text) => text.parse().unwrap_or_else(|_| {
            panic!("CRASH_TEST_SEED must be an unsigned integer, got {text:?}")
        }),
        Err(_) => DEFAULT_SEED,
    };
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .expect("a temporary directory for the database");
    let db = dir.path().join("crash.db");
    let log = dir.path().join("emulator.log");

    match run_rounds(seed, &db, &log).await {
        Ok(summary) => eprintln!("crash test (seed {seed}):\n{summary}"),
        Err(problem) => {
            let kept = dir.keep();
            panic!(
                "{problem}\n(seed {seed}; database and emulator log kept in {})",
                kept.display()
            );
        }
    }
}

/// Starts, checks, streams and kills [`ROUNDS`] times, then checks once more.
async fn run_rounds(seed: u64, db: &Path, log: &Path) -> Result<String, String> {
    let binary = Path::new(env!("CARGO_BIN_EXE_nexus-emulator"));
    // SplitMix64: fully determined by its seed, so a failing run can be replayed.
    let mut rng = SplitMix64::seed_from_u64(seed);
    let numbers = Arc::new(AtomicU64::new(0));
    let mut attempts: Vec<Attempt> = Vec::new();
    let mut project: Option<Project> = None;
    let mut summary = String::new();

    for round in 0..=ROUNDS {
        let emulator =
            EmulatorProcess::start(binary, db, log).map_err(|e| format!("start {round}: {e}"))?;
        let client = Client::with_timeout(emulator.base_url(), REQUEST_TIMEOUT)
            .map_err(|e| e.to_string())?;
        let project = match &project {
            Some(existing) => existing.clone(),
            None => {
                let created = client
                    .create_project()
                    .await
                    .map_err(|e| format!("creating the project: {e}"))?;
                project.insert(created).clone()
            }
        };

        let sequences = client
            .all_sequences(&project)
            .await
            .map_err(|e| format!("start {round}: reading the sequences back: {e}"))?;
        let verdict = ledger::check(&attempts, &sequences);
        if !verdict.violations.is_empty() {
            return Err(format!(
                "after restart {round}, {} violation(s) of all-or-nothing or durability:\n  {}",
                verdict.violations.len(),
                verdict.violations.join("\n  ")
            ));
        }
        summary.push_str(&format!(
            "  start {round}: {} bulk updates so far: {} wholly applied ({} of them unanswered), {} wholly absent\n",
            attempts.len(),
            verdict.applied,
            verdict.unanswered_applied,
            verdict.absent
        ));
        if round == ROUNDS {
            break;
        }

        // The slight modulo bias does not matter for a kill time.
        let kill_after = Duration::from_millis(
            KILL_AFTER_MS.0 + rng.next_u64() % (KILL_AFTER_MS.1 - KILL_AFTER_MS.0),
        );
        let round_attempts =
            stream_until_killed(emulator, &client, &project, &numbers, round, kill_after).await?;
        let acknowledged = round_attempts
            .iter()
            .filter(|a| a.outcome == Outcome::Acknowledged)
            .count();
        summary.push_str(&format!(
            "  round {round}: kill -9 after {} ms: {} bulk updates sent, {acknowledged} acknowledged, {} cut off\n",
            kill_after.as_millis(),
            round_attempts.len(),
            round_attempts.len() - acknowledged
        ));
        attempts.extend(round_attempts);
    }

    if !attempts.iter().any(|a| a.outcome == Outcome::Acknowledged) {
        return Err(format!(
            "no bulk update was acknowledged in any round, so the test checked nothing:\n{summary}"
        ));
    }
    Ok(summary)
}

/// Runs [`STREAMS`] clients sending bulk updates, kills the emulator after `kill_after`,
/// and returns every attempt made.
async fn stream_until_killed(
    mut emulator: EmulatorProcess,
    client: &Client,
    project: &Project,
    numbers: &Arc<AtomicU64>,
    round: usize,
    kill_after: Duration,
) -> Result<Vec<Attempt>, String> {
    let ledger = Arc::new(Mutex::new(Vec::new()));
    let mut streams = Vec::with_capacity(STREAMS);
    for stream in 0..STREAMS {
        // The first batch of assets is made before the clock starts.
        let pool = client
            .create_assets(project, ASSET_BATCH, &format!("r{round}-s{stream}-b0-"))
            .await
            .map_err(|e| format!("round {round}: creating assets: {e}"))?;
        let stream = BulkStream {
            client: client.clone(),
            project: project.clone(),
            numbers: Arc::clone(numbers),
            ledger: Arc::clone(&ledger),
            asset_prefix: format!("r{round}-s{stream}-b"),
        };
        streams.push(tokio::spawn(stream.run(pool)));
    }

    tokio::time::sleep(kill_after).await;
    if emulator.has_exited() {
        return Err(format!(
            "round {round}: the emulator exited by itself before the kill"
        ));
    }
    let killed_at = Instant::now();
    emulator.kill_9().map_err(|e| e.to_string())?;

    for (index, stream) in streams.into_iter().enumerate() {
        let end = tokio::time::timeout(STREAM_DRAIN_TIMEOUT, stream)
            .await
            .map_err(|_| format!("round {round}: client {index} still running after the kill"))?
            .map_err(|e| format!("round {round}: client {index} panicked: {e}"))?;
        match end {
            StreamEnd::Cut { at, error } if at < killed_at => {
                return Err(format!(
                    "round {round}: client {index} lost the connection {} ms before the kill: {error}",
                    (killed_at - at).as_millis()
                ));
            }
            StreamEnd::Failed(problem) => {
                return Err(format!("round {round}: client {index}: {problem}"));
            }
            StreamEnd::Cut { .. } | StreamEnd::Bounded => {}
        }
    }
    let attempts = std::mem::take(&mut *ledger.lock().unwrap_or_else(PoisonError::into_inner));
    Ok(attempts)
}

/// Why a client stopped.
enum StreamEnd {
    /// Its connection failed (expected only at or after the kill).
    Cut { at: Instant, error: String },
    /// The emulator gave an answer that should not happen.
    Failed(String),
    /// It sent [`MAX_BULKS_PER_STREAM`] bulk updates without meeting the kill.
    Bounded,
}

/// One client: bulk update after bulk update, each on fresh assets.
struct BulkStream {
    client: Client,
    project: Project,
    numbers: Arc<AtomicU64>,
    ledger: Arc<Mutex<Vec<Attempt>>>,
    asset_prefix: String,
}

impl BulkStream {
    async fn run(self, mut pool: Vec<String>) -> StreamEnd {
        let mut batch = 0;
        for _ in 0..MAX_BULKS_PER_STREAM {
            if pool.len() < LINKS_PER_BULK {
                batch += 1;
                let prefix = format!("{}{batch}-", self.asset_prefix);
                match self
                    .client
                    .create_assets(&self.project, ASSET_BATCH, &prefix)
                    .await
                {
                    Ok(more) => pool.extend(more),
                    Err(error) => return stream_end(error, "creating assets"),
                }
            }
            let attempt = Attempt {
                number: self.numbers.fetch_add(1, Ordering::SeqCst),
                assets: pool.split_off(pool.len() - LINKS_PER_BULK),
                outcome: Outcome::InFlight,
            };
            let body = attempt.body();
            // Recorded before sending, so an attempt cut off by the kill is still checked.
            let index = {
                let mut ledger = self.ledger.lock().unwrap_or_else(PoisonError::into_inner);
                ledger.push(attempt);
                ledger.len() - 1
            };
            let outcome = match self.client.bulk_update(&self.project, body).await {
                Ok(results)
                    if results.len() == LINKS_PER_BULK + 1
                        && results.iter().all(|r| *r == SequenceBulkUpdateResult::Ok) =>
                {
                    Outcome::Acknowledged
                }
                Ok(results) => Outcome::Refused(format!("200 with results {results:?}")),
                Err(Error::Answer(answer)) => Outcome::Refused(answer),
                Err(error) => return stream_end(error, "bulk update"),
            };
            self.ledger.lock().unwrap_or_else(PoisonError::into_inner)[index].outcome = outcome;
        }
        StreamEnd::Bounded
    }
}

/// How a failed call ends a client.
fn stream_end(error: Error, doing: &str) -> StreamEnd {
    match error {
        Error::Transport(message) => StreamEnd::Cut {
            at: Instant::now(),
            error: format!("{doing}: {message}"),
        },
        other => StreamEnd::Failed(format!("{doing}: {other}")),
    }
}
