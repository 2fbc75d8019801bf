//! The retry policy as pure functions: which outcomes are worth another attempt, how long to
//! wait before it, and how to read `Retry-After`.

/// Backoff before retry n (0-based) is drawn from `[0, min(BASE << n, MAX))` ("full jitter").
const BASE_DELAY_MS: f64 = 500.0;
/// Upper bound of the exponential backoff.
const MAX_BACKOFF_MS: f64 = 8_000.0;
/// Upper bound of any wait, including one asked for by `Retry-After`.
pub const MAX_RETRY_AFTER_MS: f64 = 60_000.0;

/// What one attempt ended with, as far as retrying is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// A response with this (non-2xx) status.
    Status(u16),
    /// No response: refused, reset, DNS failure.
    ConnectionFailed,
    /// Our own timeout fired.
    TimedOut,
    /// A redirect, which is never followed: asking again would get the same answer.
    Redirected,
}

/// Whether an outcome may be retried: connection failures, timeouts, 429 and 5xx.
///
/// Every request the SDK sends is safe to repeat: GET, PATCH (a full replacement) and DELETE
/// are idempotent, and the bulk POST always carries one `Idempotency-Key` for all its attempts.
/// A user abort is not an outcome: it ends the call at once.
pub fn is_retryable(outcome: Outcome) -> bool {
    match outcome {
        Outcome::ConnectionFailed | Outcome::TimedOut => true,
        Outcome::Redirected => false,
        Outcome::Status(status) => status == 429 || (500..=599).contains(&status),
    }
}

/// How long to wait before retry number `retry` (0 for the first retry).
///
/// `retry_after_ms` is the server's `Retry-After` when it sent one (already parsed); it wins
/// over the backoff, capped at [`MAX_RETRY_AFTER_MS`]. `random` is in `[0, 1)`.
pub fn delay_ms(retry: u32, retry_after_ms: Option<f64>, random: f64) -> f64 {
    match retry_after_ms {
        Some(wait) => wait.clamp(0.0, MAX_RETRY_AFTER_MS),
        None => {
            let ceiling = (BASE_DELAY_MS * 2f64.powi(retry.min(30) as i32)).min(MAX_BACKOFF_MS);
            (random.clamp(0.0, 1.0) * ceiling).floor()
        }
    }
}

/// Parses a `Retry-After` value into milliseconds from `now_ms` (Unix epoch milliseconds):
/// either delay-seconds (`"2"`) or an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`).
/// Dates in the past give 0; anything unreadable gives `None`.
pub fn parse_retry_after(value: &str, now_ms: f64) -> Option<f64> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // Absurdly long values saturate; the wait is capped anyway.
        return Some(value.parse::<u64>().map_or(f64::MAX, |s| s as f64 * 1000.0));
    }
    let at = parse_http_date(value)?;
    Some((at - now_ms).max(0.0))
}

/// Unix epoch milliseconds of an IMF-fixdate such as `Sun, 06 Nov 1994 08:49:37 GMT`.
fn parse_http_date(value: &str) -> Option<f64> {
    let (_weekday, rest) = value.split_once(", ")?;
    let mut parts = rest.split(' ');
    let day: u32 = parts.next()?.parse().ok()?;
    let month = match parts.next()? {
        "Jan" => 1,
        "Feb" => 2,
        "Mar" => 3,
        "Apr" => 4,
        "May" => 5,
        "Jun" => 6,
        "Jul" => 7,
        "Aug" => 8,
        "Sep" => 9,
        "Oct" => 10,
        "Nov" => 11,
        "Dec" => 12,
        _ => return None,
    };
    let year: i64 = parts.next()?.parse().ok()?;
    let mut clock = parts.next()?.split(':');
    let hour: u32 = clock.next()?.parse().ok()?;
    let minute: u32 = clock.next()?.parse().ok()?;
    let second: u32 = clock.next()?.parse().ok()?;
    if parts.next()? != "GMT" || parts.next().is_some() || clock.next().is_some() {
        return None;
    }
    if !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let seconds = days * 86_400 + i64::from(hour * 3600 + minute * 60 + second);
    Some(seconds as f64 * 1000.0)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year =
        (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retryable_outcomes() {
        assert!(is_retryable(Outcome::ConnectionFailed));
        assert!(is_retryable(Outcome::TimedOut));
        assert!(!is_retryable(Outcome::Redirected));
        for status in [429, 500, 502, 503, 504, 599] {
            assert!(is_retryable(Outcome::Status(status)), "{status}");
        }
        for status in [400, 401, 403, 404, 409, 413, 422] {
            assert!(!is_retryable(Outcome::Status(status)), "{status}");
        }
    }

    #[test]
    fn backoff_grows_exponentially_with_full_jitter_and_a_cap() {
        assert_eq!(delay_ms(0, None, 0.0), 0.0);
        assert_eq!(delay_ms(0, None, 0.999_999), 499.0);
        assert_eq!(delay_ms(1, None, 0.5), 500.0);
        assert_eq!(delay_ms(2, None, 0.5), 1000.0);
        assert_eq!(delay_ms(3, None, 0.5), 2000.0);
        assert_eq!(delay_ms(10, None, 0.5), 4000.0);
        assert_eq!(delay_ms(u32::MAX, None, 0.999), 7992.0);
    }

    #[test]
    fn retry_after_wins_and_is_capped() {
        assert_eq!(delay_ms(0, Some(2000.0), 0.9), 2000.0);
        assert_eq!(delay_ms(5, Some(0.0), 0.9), 0.0);
        assert_eq!(delay_ms(0, Some(3_600_000.0), 0.9), MAX_RETRY_AFTER_MS);
    }

    #[test]
    fn retry_after_seconds() {
        assert_eq!(parse_retry_after("2", 0.0), Some(2000.0));
        assert_eq!(parse_retry_after(" 0 ", 0.0), Some(0.0));
        assert_eq!(parse_retry_after("1.5", 0.0), None);
        assert_eq!(
            parse_retry_after("99999999999999999999999", 0.0),
            Some(f64::MAX)
        );
        assert_eq!(parse_retry_after("-1", 0.0), None);
        assert_eq!(parse_retry_after("NaN", 0.0), None);
        assert_eq!(parse_retry_after("inf", 0.0), None);
        assert_eq!(parse_retry_after("soon", 0.0), None);
        assert_eq!(parse_retry_after("", 0.0), None);
    }

    #[test]
    fn retry_after_http_date() {
        // 1994-11-06T08:49:37Z = 784111777 s.
        let at = 784_111_777_000.0;
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", at - 5000.0),
            Some(5000.0)
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", at + 5000.0),
            Some(0.0)
        );
        // 2024-02-29T23:59:59Z = 1709251199 s (leap day).
        assert_eq!(
            parse_retry_after("Thu, 29 Feb 2024 23:59:59 GMT", 1_709_251_199_000.0),
            Some(0.0)
        );
        assert_eq!(
            parse_retry_after("Thu, 01 Jan 1970 00:00:10 GMT", 0.0),
            Some(10_000.0)
        );
        for bad in [
            "Sun, 06 Foo 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun, 06 Nov 1994 08:49 GMT",
            "Sun, 32 Nov 1994 08:49:37 GMT",
            "Sun 06 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 25:49:37 GMT",
        ] {
            assert_eq!(parse_retry_after(bad, 0.0), None, "{bad}");
        }
    }
}
