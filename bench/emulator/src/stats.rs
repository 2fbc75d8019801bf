//! Order statistics over measured durations.

use std::time::Duration;

/// Median and 95th percentile of a set of samples.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    /// The middle sample (mean of the two middle ones for an even count).
    pub median: Duration,
    /// The nearest-rank 95th percentile.
    pub p95: Duration,
}

impl Summary {
    /// Summarises `samples`; `None` when there are none.
    pub fn of(samples: &[Duration]) -> Option<Self> {
        if samples.is_empty() {
            return None;
        }
        let mut sorted = samples.to_vec();
        sorted.sort_unstable();
        Some(Summary {
            median: median_of_sorted(&sorted),
            p95: percentile_of_sorted(&sorted, 95),
        })
    }
}

/// The median of already sorted samples (which must not be empty).
fn median_of_sorted(sorted: &[Duration]) -> Duration {
    let middle = sorted.len() / 2;
    if sorted.len() % 2 == 1 {
        sorted[middle]
    } else {
        (sorted[middle - 1] + sorted[middle]) / 2
    }
}

/// Nearest-rank percentile: the smallest sample with at least `percent`% of samples at or
/// below it (`sorted` must not be empty).
fn percentile_of_sorted(sorted: &[Duration], percent: usize) -> Duration {
    let rank = (sorted.len() * percent).div_ceil(100).max(1);
    sorted[rank - 1]
}

/// Milliseconds as a float, for printing.
pub fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(values: &[u64]) -> Vec<Duration> {
        values.iter().map(|&v| Duration::from_millis(v)).collect()
    }

    #[test]
    fn median_and_p95() {
        let odd = Summary::of(&ms(&[5, 1, 3])).unwrap();
        assert_eq!(odd.median, Duration::from_millis(3));
        assert_eq!(odd.p95, Duration::from_millis(5));

        let even = Summary::of(&ms(&[4, 1, 2, 3])).unwrap();
        assert_eq!(even.median, Duration::from_micros(2500));

        let hundred: Vec<u64> = (1..=100).collect();
        let summary = Summary::of(&ms(&hundred)).unwrap();
        assert_eq!(summary.p95, Duration::from_millis(95));
        assert!(Summary::of(&[]).is_none());
    }
}
