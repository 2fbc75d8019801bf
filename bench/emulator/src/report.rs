//! The table printed at the end of a run.

use std::fmt::Write as _;
use std::time::Duration;

use crate::measure::{
    BulkTimings, PageLatency, Throughput, BULK_ABORT_MODE, BULK_ACTIONS, PAGE_LIMIT,
};
use crate::stats::millis;

/// The deep/first latency ratio the emulator aims to stay under.
pub const DEEP_PAGE_GOAL: f64 = 1.3;

/// Everything one run measured.
pub struct Report {
    /// `version` from the health route.
    pub emulator_version: String,
    /// Sequences seeded, and items in each.
    pub sequences: u64,
    /// Items per seeded sequence.
    pub items_per_sequence: u64,
    /// Wall time of the seeding.
    pub seeding: Duration,
    /// Measurement a.
    pub latency: PageLatency,
    /// Measurement b, the list route.
    pub list: Throughput,
    /// Measurement b, the health route.
    pub health: Throughput,
    /// Concurrent clients in measurement b.
    pub clients: usize,
    /// Measurement c.
    pub bulk: BulkTimings,
}

impl Report {
    /// The deep page's median latency over the first page's.
    pub fn deep_ratio(&self) -> f64 {
        self.latency.deep.median.as_secs_f64() / self.latency.first.median.as_secs_f64()
    }

    /// The whole report as text: a header and one aligned table.
    pub fn render(&self) -> String {
        let cpus = std::thread::available_parallelism().map_or(0, std::num::NonZero::get);
        let mut out = String::new();
        // Writing to a String cannot fail.
        let _ = writeln!(out, "Nexus emulator benchmark");
        let _ = writeln!(out, "  emulator  nexus-emulator {}", self.emulator_version);
        let _ = writeln!(
            out,
            "  data      {} sequences x {} items, seeded in {:.1} s ({:.0} sequences/s)",
            self.sequences,
            self.items_per_sequence,
            self.seeding.as_secs_f64(),
            self.sequences as f64 / self.seeding.as_secs_f64()
        );
        let _ = writeln!(
            out,
            "  machine   {cpus} CPUs, client and emulator on the same host"
        );
        let _ = writeln!(out);
        out.push_str(&render_table(&self.rows()));
        out
    }

    /// Rows of (measurement, result, goal, verdict).
    fn rows(&self) -> Vec<[String; 4]> {
        let latency = &self.latency;
        let ratio = self.deep_ratio();
        let verdict = if ratio <= DEEP_PAGE_GOAL {
            "PASS"
        } else {
            "MISS"
        };
        let mut rows = vec![
            row(&["measurement", "result", "goal", "verdict"]),
            plain(
                format!("a. page 1, limit {PAGE_LIMIT}"),
                summary(latency.first.median, latency.first.p95),
            ),
            plain(
                format!("a. page {}, limit {PAGE_LIMIT}", latency.deep_page),
                summary(latency.deep.median, latency.deep.p95),
            ),
            [
                "a. deep / first (medians)".to_string(),
                format!("{ratio:.2}"),
                format!("<= {DEEP_PAGE_GOAL:.1}"),
                verdict.to_string(),
            ],
            plain(
                format!("b. list limit={PAGE_LIMIT}, {} clients", self.clients),
                rate(&self.list),
            ),
            plain(
                format!("b. health (HTTP floor), {} clients", self.clients),
                rate(&self.health),
            ),
            plain(
                "b. list / health".to_string(),
                format!("{:.3}", self.list.per_second() / self.health.per_second()),
            ),
        ];
        if let Some(median) = self.bulk.median() {
            let runs: Vec<String> = self
                .bulk
                .runs
                .iter()
                .map(|run| format!("{:.0}", millis(*run)))
                .collect();
            rows.push(plain(
                format!("c. bulk {BULK_ACTIONS} Links ({BULK_ABORT_MODE:?}), median"),
                format!("{:.0} ms (runs: {} ms)", millis(median), runs.join(", ")),
            ));
            rows.push(plain(
                "c. bulk actions per second".to_string(),
                format!(
                    "{:.0} actions/s",
                    BULK_ACTIONS as f64 / median.as_secs_f64()
                ),
            ));
        }
        rows
    }
}

/// `median X ms, p95 Y ms`.
fn summary(median: Duration, p95: Duration) -> String {
    format!("median {:.2} ms, p95 {:.2} ms", millis(median), millis(p95))
}

/// `N req/s over S s`, with the error count when there were errors.
fn rate(throughput: &Throughput) -> String {
    let mut text = format!(
        "{:.0} req/s over {:.1} s",
        throughput.per_second(),
        throughput.elapsed.as_secs_f64()
    );
    if throughput.counts.errors > 0 {
        let _ = write!(text, " ({} errors)", throughput.counts.errors);
    }
    text
}

/// A row with no goal.
fn plain(measurement: String, result: String) -> [String; 4] {
    [measurement, result, String::new(), String::new()]
}

fn row(cells: &[&str; 4]) -> [String; 4] {
    cells.map(str::to_string)
}

/// Left-aligned columns separated by two spaces, a dashed rule under the header row.
fn render_table(rows: &[[String; 4]]) -> String {
    let mut widths = [0usize; 4];
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for (index, row) in rows.iter().enumerate() {
        let line: Vec<String> = row
            .iter()
            .zip(widths)
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect();
        let _ = writeln!(out, "{}", line.join("  ").trim_end());
        if index == 0 {
            let rule: Vec<String> = widths.iter().map(|&w| "-".repeat(w)).collect();
            let _ = writeln!(out, "{}", rule.join("  "));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_columns_line_up() {
        let table = render_table(&[
            row(&["a", "bb", "c", "d"]),
            row(&["long name", "x", "", "PASS"]),
        ]);
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines[0], "a          bb  c  d");
        assert_eq!(lines[1], "---------  --  -  ----");
        assert_eq!(lines[2], "long name  x      PASS");
    }
}
