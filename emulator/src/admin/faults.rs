//! Fault injection: error statuses, 429s, delays and dropped connections, chosen by a seeded
//! RNG so that a test sees the same faults on every run.
//!
//! Rules are tried in order for each request that is not an admin call or a preflight; every
//! rule that matches the request (methods, project, `times` left) draws one number, and the
//! first rule whose draw falls under its `rate` fires. Draws happen in request arrival order.

use crate::error::ApiError;
use crate::http::route::classify;
use crate::http::state::AppState;
use crate::server::ConnectionControl;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rand_xoshiro::rand_core::{RngCore, SeedableRng};
use rand_xoshiro::SplitMix64;
use serde::{Deserialize, Serialize};
use std::sync::Mutex;
use std::time::Duration;

/// Longest injectable delay (10 minutes).
const MAX_DELAY_MS: u64 = 600_000;

/// A set of rules and the seed of their RNG, as the admin API and `--faults` give them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FaultSpec {
    /// RNG seed.
    #[serde(default)]
    pub seed: u64,
    /// Rules, tried in order.
    #[serde(default)]
    pub rules: Vec<FaultRule>,
}

/// One fault and when it applies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FaultRule {
    /// What happens.
    #[serde(flatten)]
    pub fault: Fault,
    /// Probability per matching request, 0 to 1 (default 1).
    #[serde(default = "always")]
    pub rate: f64,
    /// Only these methods (any when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub methods: Option<Vec<String>>,
    /// Only requests whose path names this project.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project_id: Option<String>,
    /// Fires at most this many times.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub times: Option<u64>,
}

fn always() -> f64 {
    1.0
}

/// The kinds of fault.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "fault", rename_all = "camelCase")]
pub enum Fault {
    /// Answer with this 5xx status and its normal error body.
    Status {
        /// 500 to 599.
        status: u16,
    },
    /// Answer 429 with `Retry-After`.
    #[serde(rename_all = "camelCase")]
    TooManyRequests {
        /// Value of `Retry-After`.
        #[serde(default = "one_second")]
        retry_after_seconds: u64,
    },
    /// Drop the connection before answering.
    Reset,
    /// Wait, then handle the request normally.
    Delay {
        /// Milliseconds to wait.
        ms: u64,
    },
    /// Handle the request (committing its changes), then drop the connection unanswered.
    ResetAfterCommit,
}

fn one_second() -> u64 {
    1
}

impl FaultSpec {
    /// Checks the rules' numbers; the message names the offending rule.
    pub fn validate(&self) -> Result<(), String> {
        for (i, rule) in self.rules.iter().enumerate() {
            if !(0.0..=1.0).contains(&rule.rate) {
                return Err(format!(
                    "rules[{i}].rate: expected a number from 0 to 1, got {}",
                    rule.rate
                ));
            }
            if let Fault::Status { status } = rule.fault {
                if !(500..=599).contains(&status) {
                    return Err(format!(
                        "rules[{i}].status: expected 500 to 599, got {status}"
                    ));
                }
            }
            if let Fault::Delay { ms } = rule.fault {
                if ms > MAX_DELAY_MS {
                    return Err(format!(
                        "rules[{i}].ms: expected at most {MAX_DELAY_MS}, got {ms}"
                    ));
                }
            }
            if let Some(methods) = &rule.methods {
                if let Some(bad) = methods
                    .iter()
                    .find(|m| Method::from_bytes(m.as_bytes()).is_err())
                {
                    return Err(format!("rules[{i}].methods: {bad:?} is not an HTTP method"));
                }
            }
        }
        Ok(())
    }

    /// Parses the command line's compact form, e.g.
    /// `503:0.2,429:0.1,reset:0.1,delay=300:0.1,reset-after-commit:0.1` (`429=N` sets
    /// `Retry-After` to N; a missing `:rate` means 1).
    pub fn parse_compact(text: &str, seed: u64) -> Result<FaultSpec, String> {
        let mut rules = Vec::new();
        for token in text.split(',').map(str::trim).filter(|t| !t.is_empty()) {
            let (head, rate) = match token.rsplit_once(':') {
                Some((head, rate)) => (
                    head,
                    rate.parse::<f64>()
                        .map_err(|_| format!("fault {token:?}: rate {rate:?} is not a number"))?,
                ),
                None => (token, 1.0),
            };
            let (kind, arg) = match head.split_once('=') {
                Some((kind, arg)) => (kind, Some(arg)),
                None => (head, None),
            };
            let number = |what: &str| -> Result<u64, String> {
                arg.ok_or_else(|| format!("fault {token:?}: expected {kind}={what}"))?
                    .parse::<u64>()
                    .map_err(|_| format!("fault {token:?}: {what} must be a whole number"))
            };
            let fault = match kind {
                "reset" => Fault::Reset,
                "reset-after-commit" => Fault::ResetAfterCommit,
                "delay" => Fault::Delay { ms: number("MS")? },
                "429" => Fault::TooManyRequests {
                    retry_after_seconds: if arg.is_some() { number("SECONDS")? } else { 1 },
                },
                status => Fault::Status {
                    status: status.parse().map_err(|_| {
                        format!("fault {token:?}: expected a status, 429, reset, reset-after-commit or delay=MS")
                    })?,
                },
            };
            rules.push(FaultRule {
                fault,
                rate,
                methods: None,
                project_id: None,
                times: None,
            });
        }
        let spec = FaultSpec { seed, rules };
        spec.validate()?;
        Ok(spec)
    }
}

/// The active rules, their RNG and how often each fired.
#[derive(Default)]
pub struct Faults {
    inner: Mutex<Active>,
}

struct Active {
    spec: FaultSpec,
    fired: Vec<u64>,
    /// SplitMix64: well mixed and fully determined by its seed; faults need repeatability,
    /// not secrecy.
    rng: SplitMix64,
}

impl Default for Active {
    fn default() -> Self {
        Active {
            spec: FaultSpec::default(),
            fired: Vec::new(),
            rng: SplitMix64::seed_from_u64(0),
        }
    }
}

/// A rule and how often it fired, as `GET /_emulator/faults` shows it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleStatus {
    /// The rule.
    #[serde(flatten)]
    pub rule: FaultRule,
    /// Times it fired since it was set.
    pub fired: u64,
}

/// The active spec with counters.
#[derive(Debug, Clone, Serialize)]
pub struct FaultStatus {
    /// RNG seed.
    pub seed: u64,
    /// Rules in order.
    pub rules: Vec<RuleStatus>,
}

impl Faults {
    /// Replaces the rules and restarts the RNG from the spec's seed.
    pub fn set(&self, spec: FaultSpec) {
        if let Ok(mut active) = self.inner.lock() {
            *active = Active {
                fired: vec![0; spec.rules.len()],
                rng: SplitMix64::seed_from_u64(spec.seed),
                spec,
            };
        }
    }

    /// Removes every rule.
    pub fn clear(&self) {
        self.set(FaultSpec::default());
    }

    /// The rules with their counters.
    pub fn status(&self) -> FaultStatus {
        let Ok(active) = self.inner.lock() else {
            return FaultStatus {
                seed: 0,
                rules: Vec::new(),
            };
        };
        FaultStatus {
            seed: active.spec.seed,
            rules: active
                .spec
                .rules
                .iter()
                .zip(&active.fired)
                .map(|(rule, fired)| RuleStatus {
                    rule: rule.clone(),
                    fired: *fired,
                })
                .collect(),
        }
    }

    /// The fault to inject into a request, if any.
    pub fn decide(&self, method: &Method, project_id: Option<&str>) -> Option<Fault> {
        let mut active = self.inner.lock().ok()?;
        let Active { spec, fired, rng } = &mut *active;
        for (rule, fired) in spec.rules.iter().zip(fired.iter_mut()) {
            let method_ok = rule
                .methods
                .as_ref()
                .is_none_or(|ms| ms.iter().any(|m| m.eq_ignore_ascii_case(method.as_str())));
            let project_ok = rule
                .project_id
                .as_deref()
                .is_none_or(|p| Some(p) == project_id);
            let times_ok = rule.times.is_none_or(|t| *fired < t);
            if !(method_ok && project_ok && times_ok) {
                continue;
            }
            if unit_draw(rng) < rule.rate {
                *fired += 1;
                return Some(rule.fault.clone());
            }
        }
        None
    }
}

/// Uniform in [0, 1): the top 53 bits of the next draw.
fn unit_draw(rng: &mut SplitMix64) -> f64 {
    (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64
}

/// Middleware: injects the chosen fault. Admin routes and preflights are never faulted.
pub async fn middleware(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let route = classify(request.uri().path());
    if route.admin || request.method() == Method::OPTIONS {
        return next.run(request).await;
    }
    let Some(fault) = state
        .faults
        .decide(request.method(), route.project_id.as_deref())
    else {
        return next.run(request).await;
    };
    tracing::info!(?fault, route = route.template, "injecting fault");
    match fault {
        Fault::Status { status } => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            ApiError::server_fault(status).into_response()
        }
        Fault::TooManyRequests {
            retry_after_seconds,
        } => ApiError::too_many_requests(retry_after_seconds).into_response(),
        Fault::Delay { ms } => {
            tokio::time::sleep(Duration::from_millis(ms)).await;
            next.run(request).await
        }
        Fault::Reset => {
            drop_connection(request.extensions().get::<ConnectionControl>().cloned()).await
        }
        Fault::ResetAfterCommit => {
            let control = request.extensions().get::<ConnectionControl>().cloned();
            let _unsent = next.run(request).await;
            drop_connection(control).await
        }
    }
}

/// Resets the request's connection; the response future then never completes.
async fn drop_connection(control: Option<ConnectionControl>) -> Response {
    match control {
        Some(control) => {
            control.reset();
            std::future::pending().await
        }
        // Served outside our accept loop (no connection to drop): say so instead of hanging.
        None => ApiError::internal("reset fault on a request without a connection handle")
            .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seed_gives_the_draws_it_always_gave() {
        // SplitMix64's reference outputs: a `--fault-seed` or `seed` replays the same faults
        // across versions of the emulator (and of the RNG crate).
        let mut rng = SplitMix64::seed_from_u64(0);
        let draws: Vec<u64> = (0..3).map(|_| rng.next_u64()).collect();
        assert_eq!(
            draws,
            [
                0xE220_A839_7B1D_CDAF,
                0x6E78_9E6A_A1B9_65F4,
                0x06C4_5D18_8009_454F
            ]
        );
        let mut rng = SplitMix64::seed_from_u64(7);
        assert_eq!(rng.next_u64(), 0x63CB_E1E4_5932_0DD7);
        assert_eq!(
            unit_draw(&mut rng),
            (0x044C_3CD7_F43C_661C_u64 >> 11) as f64 / 2f64.powi(53)
        );
    }

    #[test]
    fn parses_the_compact_form() {
        let spec = FaultSpec::parse_compact(
            "503:0.2,429=3:0.1,reset:0.1,delay=300:0.1,reset-after-commit",
            7,
        )
        .unwrap();
        assert_eq!(spec.seed, 7);
        let faults: Vec<_> = spec
            .rules
            .iter()
            .map(|r| (r.fault.clone(), r.rate))
            .collect();
        assert_eq!(
            faults,
            vec![
                (Fault::Status { status: 503 }, 0.2),
                (
                    Fault::TooManyRequests {
                        retry_after_seconds: 3
                    },
                    0.1
                ),
                (Fault::Reset, 0.1),
                (Fault::Delay { ms: 300 }, 0.1),
                (Fault::ResetAfterCommit, 1.0),
            ]
        );
        assert!(FaultSpec::parse_compact("404:0.5", 0).is_err());
        assert!(FaultSpec::parse_compact("delay:0.5", 0).is_err());
        assert!(FaultSpec::parse_compact("503:2", 0).is_err());
    }

    #[test]
    fn same_seed_same_decisions() {
        let spec = FaultSpec::parse_compact("503:0.5", 42).unwrap();
        let run = || {
            let faults = Faults::default();
            faults.set(spec.clone());
            (0..64)
                .map(|_| faults.decide(&Method::GET, None).is_some())
                .collect::<Vec<_>>()
        };
        let first = run();
        assert_eq!(first, run());
        let fired = first.iter().filter(|f| **f).count();
        assert!((16..=48).contains(&fired), "{fired} of 64 at rate 0.5");
    }

    #[test]
    fn times_and_filters_limit_firing() {
        let faults = Faults::default();
        let mut spec = FaultSpec::parse_compact("500", 1).unwrap();
        spec.rules[0].times = Some(2);
        spec.rules[0].methods = Some(vec!["post".into()]);
        spec.rules[0].project_id = Some("proj_a".into());
        faults.set(spec);
        assert_eq!(faults.decide(&Method::GET, Some("proj_a")), None);
        assert_eq!(faults.decide(&Method::POST, Some("proj_b")), None);
        assert!(faults.decide(&Method::POST, Some("proj_a")).is_some());
        assert!(faults.decide(&Method::POST, Some("proj_a")).is_some());
        assert_eq!(faults.decide(&Method::POST, Some("proj_a")), None);
        assert_eq!(faults.status().rules[0].fired, 2);
    }
}
