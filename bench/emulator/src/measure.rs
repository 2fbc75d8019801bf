//! The three measurements: deep-page latency, list throughput against the HTTP floor, and
//! one large bulk update.

use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use nexus_emulator_testkit::{expect, link_in_order, Client, Project};
use nexus_wire::{
    BulkUpdateRequest, SequenceBulkUpdateAbortMode, SequenceBulkUpdateResult, SequenceMergeMode,
};
use reqwest::{RequestBuilder, StatusCode};

use crate::stats::Summary;

/// Page size of the latency and throughput measurements.
pub const PAGE_LIMIT: u32 = 100;
/// The deep page whose latency is compared with the first page's.
const DEEP_PAGE: u64 = 900;
/// Timed fetches of each page.
const LATENCY_SAMPLES: usize = 50;
/// Untimed fetches of each page first, so both start with warm caches.
const LATENCY_WARMUP: usize = 3;
/// Link actions in one timed bulk update (the emulator's default per-sequence cap).
pub const BULK_ACTIONS: usize = 10_000;
/// Timed bulk updates, each on fresh assets and a new sequence.
pub const BULK_REPEATS: usize = 3;
/// The abort mode of the timed bulk updates (the API's default).
pub const BULK_ABORT_MODE: SequenceBulkUpdateAbortMode = SequenceBulkUpdateAbortMode::None;

/// First page against a deep page, fetched interleaved.
pub struct PageLatency {
    /// Which page was the deep one (900, or the last page if there are fewer).
    pub deep_page: u64,
    /// Page 1.
    pub first: Summary,
    /// Page `deep_page`.
    pub deep: Summary,
}

/// Requests completed by concurrent clients in a fixed time.
pub struct Throughput {
    /// What all clients together got.
    pub counts: Counts,
    /// From the start until the last client finished.
    pub elapsed: Duration,
}

impl Throughput {
    /// Successful requests per second.
    pub fn per_second(&self) -> f64 {
        self.counts.ok as f64 / self.elapsed.as_secs_f64()
    }
}

/// Outcomes of a series of requests.
#[derive(Default)]
pub struct Counts {
    /// Requests answered with 200 and read in full.
    pub ok: u64,
    /// Requests that failed or got another status.
    pub errors: u64,
    /// The first failure seen, to explain `errors`.
    pub first_error: Option<String>,
}

impl Counts {
    /// Adds another client's counts to these.
    fn add(&mut self, other: Counts) {
        self.ok += other.ok;
        self.errors += other.errors;
        if self.first_error.is_none() {
            self.first_error = other.first_error;
        }
    }
}

/// Wall times of the repeated bulk updates.
pub struct BulkTimings {
    /// One per repeat, in order.
    pub runs: Vec<Duration>,
}

impl BulkTimings {
    /// The median run.
    pub fn median(&self) -> Option<Duration> {
        Summary::of(&self.runs).map(|s| s.median)
    }
}

/// Walks the cursors once to page 900 (or the last page), then times page 1 and that
/// page alternately, [`LATENCY_SAMPLES`] times each.
pub async fn page_latency(api: &Client, project: &Project, sequences: u64) -> Result<PageLatency> {
    let pages = sequences.div_ceil(u64::from(PAGE_LIMIT));
    let deep_page = DEEP_PAGE.min(pages);
    let mut deep_cursor: Option<String> = None;
    for page in 1..deep_page {
        let next = api
            .page(project, PAGE_LIMIT, deep_cursor.as_deref())
            .await
            .with_context(|| format!("walking the cursors: fetching page {page}"))?;
        match next.next_page {
            Some(cursor) => deep_cursor = Some(cursor),
            None => bail!(
                "page {page} has no nextPage, but {sequences} sequences should give {pages} pages"
            ),
        }
    }

    let mut first = Vec::with_capacity(LATENCY_SAMPLES);
    let mut deep = Vec::with_capacity(LATENCY_SAMPLES);
    for round in 0..LATENCY_WARMUP + LATENCY_SAMPLES {
        let first_time = time_page(api, project, None).await?;
        let deep_time = time_page(api, project, deep_cursor.as_deref())
            .await
            .with_context(|| format!("fetching page {deep_page}"))?;
        if round >= LATENCY_WARMUP {
            first.push(first_time);
            deep.push(deep_time);
        }
    }
    Ok(PageLatency {
        deep_page,
        first: Summary::of(&first).context("no latency samples")?,
        deep: Summary::of(&deep).context("no latency samples")?,
    })
}

/// Time to fetch one page and read its body in full (not decoded: only the emulator is timed).
async fn time_page(api: &Client, project: &Project, cursor: Option<&str>) -> Result<Duration> {
    let request = api.list_request(project, PAGE_LIMIT, cursor);
    let started = Instant::now();
    expect("GET /projects/{p}/sequences", request, StatusCode::OK)
        .await?
        .bytes()
        .await
        .context("reading a page of sequences")?;
    Ok(started.elapsed())
}

/// Sends clones of `request` from `clients` concurrent tasks, each one request after
/// another, until `duration` has passed; every body is read in full.
pub async fn throughput(
    request: RequestBuilder,
    clients: usize,
    duration: Duration,
) -> Result<Throughput> {
    let started = Instant::now();
    let deadline = started + duration;
    let mut tasks = Vec::with_capacity(clients);
    for _ in 0..clients {
        let template = request
            .try_clone()
            .context("the throughput request cannot be cloned")?;
        tasks.push(tokio::spawn(client_loop(template, deadline)));
    }
    let mut counts = Counts::default();
    for task in tasks {
        counts.add(task.await.context("a throughput client task failed")?);
    }
    let elapsed = started.elapsed();
    if counts.ok == 0 {
        bail!(
            "no request succeeded in the throughput run: {}",
            counts.first_error.unwrap_or_default()
        );
    }
    Ok(Throughput { counts, elapsed })
}

/// One client of [`throughput`]: sequential requests until `deadline`.
async fn client_loop(template: RequestBuilder, deadline: Instant) -> Counts {
    let mut counts = Counts::default();
    while Instant::now() < deadline {
        let Some(request) = template.try_clone() else {
            break;
        };
        let outcome = match expect("throughput request", request, StatusCode::OK).await {
            Ok(response) => response
                .bytes()
                .await
                .map(|_| ())
                .map_err(anyhow::Error::from),
            Err(error) => Err(error.into()),
        };
        match outcome {
            Ok(()) => counts.ok += 1,
            Err(error) => {
                counts.errors += 1;
                counts
                    .first_error
                    .get_or_insert_with(|| format!("{error:#}"));
            }
        }
    }
    counts
}

/// [`BULK_REPEATS`] times: creates [`BULK_ACTIONS`] fresh assets (untimed), then times one
/// bulk update linking all of them into a new sequence, and checks it was wholly applied.
pub async fn bulk_updates(api: &Client, project: &Project) -> Result<BulkTimings> {
    let mut runs = Vec::with_capacity(BULK_REPEATS);
    for repeat in 0..BULK_REPEATS {
        let assets = api
            .create_assets(project, BULK_ACTIONS, &format!("bulk-{repeat}-"))
            .await
            .context("creating assets for the bulk update")?;
        let name = format!("bench-bulk-{repeat}");
        let request = BulkUpdateRequest {
            actions: link_in_order(&name, &assets, SequenceMergeMode::ReplaceExistingEntry),
            abort_mode: BULK_ABORT_MODE,
        };
        // Serialised before the clock starts: only the request is timed.
        let body = serde_json::to_string(&request).context("serialising the bulk update")?;

        let started = Instant::now();
        let results = api.bulk_update(project, body).await?;
        runs.push(started.elapsed());

        check_all_ok(&results)?;
        let length = api
            .sequence_named(project, &name)
            .await?
            .map(|sequence| sequence.length);
        if length != Some(BULK_ACTIONS as u64) {
            bail!("after the bulk update, sequence {name:?} has length {length:?}, expected {BULK_ACTIONS}");
        }
    }
    Ok(BulkTimings { runs })
}

/// Every action must have succeeded, one result per action.
fn check_all_ok(results: &[SequenceBulkUpdateResult]) -> Result<()> {
    if results.len() != BULK_ACTIONS {
        bail!(
            "the bulk update answered {} results for {BULK_ACTIONS} actions",
            results.len()
        );
    }
    if let Some((index, result)) = results
        .iter()
        .enumerate()
        .find(|(_, r)| **r != SequenceBulkUpdateResult::Ok)
    {
        bail!("bulk action {index} answered {result:?}, expected Ok");
    }
    Ok(())
}
