//! Filling the emulator with sequences through its admin seeding route.

use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use nexus_emulator_testkit::{Client, Project};

/// Sequences created per seeding request: keeps each request (and its transaction) bounded.
const CHUNK: u64 = 10_000;

/// Items (fresh assets) in every seeded sequence.
pub const ITEMS_PER_SEQUENCE: u64 = 2;

/// A project holding the seeded sequences.
pub struct Seeded {
    /// The project the measurements read.
    pub project: Project,
    /// How many sequences it holds.
    pub sequences: u64,
    /// Wall time the seeding took.
    pub elapsed: Duration,
}

/// Creates a project and `count` sequences of [`ITEMS_PER_SEQUENCE`] items in it.
pub async fn seed(api: &Client, count: u64) -> Result<Seeded> {
    let project = api.create_project().await?;
    let started = Instant::now();
    let mut created = 0;
    let mut chunk_index = 0;
    while created < count {
        let chunk = CHUNK.min(count - created);
        // Names must be unique per project: one prefix per chunk.
        let prefix = format!("seq-{chunk_index}-");
        api.create_sequences(&project, chunk, ITEMS_PER_SEQUENCE, &prefix)
            .await
            .with_context(|| format!("seeding sequences {created}..{}", created + chunk))?;
        created += chunk;
        chunk_index += 1;
        eprintln!("  seeded {created}/{count} sequences");
    }
    Ok(Seeded {
        project,
        sequences: count,
        elapsed: started.elapsed(),
    })
}
