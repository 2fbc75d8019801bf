//! Client options and per-call options: timeouts, retries, idempotency keys.
//!
//! The `signal` key holds an `AbortSignal`, which is not plain data; the JavaScript layer reads
//! it itself, so here it is only an allowed key.

use super::{optional_integer, optional_object, Checked, Path, Value};

/// Retries after the first attempt unless told otherwise.
pub const DEFAULT_MAX_RETRIES: u32 = 3;
/// Time allowed for one attempt unless told otherwise.
pub const DEFAULT_TIMEOUT_MS: u32 = 60_000;
/// Upper bound of `maxRetries`.
pub const MAX_RETRIES_LIMIT: u32 = 100;
/// Upper bound of `timeoutMs`: the largest delay `setTimeout` honours.
pub const MAX_TIMEOUT_MS: u32 = i32::MAX as u32;
/// Longest `idempotencyKey`.
pub const MAX_IDEMPOTENCY_KEY_LEN: usize = 255;

/// How persistent a request is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RequestPolicy {
    /// Attempts after the first one.
    pub max_retries: u32,
    /// Time allowed for each attempt, body included.
    pub timeout_ms: u32,
}

impl Default for RequestPolicy {
    fn default() -> Self {
        RequestPolicy {
            max_retries: DEFAULT_MAX_RETRIES,
            timeout_ms: DEFAULT_TIMEOUT_MS,
        }
    }
}

/// The `maxRetries`/`timeoutMs` pair as given, each possibly absent.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PolicyOverrides {
    /// `maxRetries`.
    pub max_retries: Option<u32>,
    /// `timeoutMs`.
    pub timeout_ms: Option<u32>,
}

impl PolicyOverrides {
    fn from_input(options: &Value, path: &Path) -> Checked<PolicyOverrides> {
        Ok(PolicyOverrides {
            max_retries: optional_integer(
                options.get("maxRetries"),
                &path.key("maxRetries"),
                0,
                MAX_RETRIES_LIMIT,
            )?,
            timeout_ms: optional_integer(
                options.get("timeoutMs"),
                &path.key("timeoutMs"),
                1,
                MAX_TIMEOUT_MS,
            )?,
        })
    }

    /// `base` with these overrides applied.
    pub fn apply(self, base: RequestPolicy) -> RequestPolicy {
        RequestPolicy {
            max_retries: self.max_retries.unwrap_or(base.max_retries),
            timeout_ms: self.timeout_ms.unwrap_or(base.timeout_ms),
        }
    }
}

/// The checked options of `new Client(secretKey, options)`, except the signal.
#[derive(Clone, Debug, PartialEq)]
pub struct ClientOptions {
    /// `endpoint`, not yet checked as a URL.
    pub endpoint: Option<String>,
    /// `allowInsecureHttp`.
    pub allow_insecure_http: bool,
    /// Defaults for every call.
    pub policy: RequestPolicy,
}

impl ClientOptions {
    /// Checks the client's `options` argument.
    pub fn from_input(options: &Value) -> Checked<ClientOptions> {
        let path = Path::root("options");
        optional_object(
            options,
            &path,
            &[
                "endpoint",
                "maxRetries",
                "timeoutMs",
                "signal",
                "allowInsecureHttp",
            ],
        )?;
        let endpoint = match options.get("endpoint") {
            Value::Absent => None,
            Value::String(s) => Some(s.clone()),
            _ => return Err(path.key("endpoint").error("must be a string")),
        };
        let allow_insecure_http = match options.get("allowInsecureHttp") {
            Value::Absent => false,
            Value::Bool(b) => *b,
            _ => return Err(path.key("allowInsecureHttp").error("must be a boolean")),
        };
        Ok(ClientOptions {
            endpoint,
            allow_insecure_http,
            policy: PolicyOverrides::from_input(options, &path)?.apply(RequestPolicy::default()),
        })
    }
}

/// The checked options of one call, except the signal.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CallOptions {
    /// Overrides of the client's policy.
    pub overrides: PolicyOverrides,
    /// The caller's `idempotencyKey` (bulk updates only).
    pub idempotency_key: Option<String>,
}

impl CallOptions {
    /// Checks a call's `options` argument; `idempotencyKey` is allowed only when
    /// `takes_idempotency_key`.
    pub fn from_input(options: &Value, takes_idempotency_key: bool) -> Checked<CallOptions> {
        let path = Path::root("options");
        let allowed: &[&str] = if takes_idempotency_key {
            &["signal", "timeoutMs", "maxRetries", "idempotencyKey"]
        } else {
            &["signal", "timeoutMs", "maxRetries"]
        };
        optional_object(options, &path, allowed)?;
        let idempotency_key = match options.get("idempotencyKey") {
            Value::Absent => None,
            Value::String(s) if is_header_token(s) => Some(s.clone()),
            _ => {
                return Err(path.key("idempotencyKey").error(format_args!(
                    "must be 1 to {MAX_IDEMPOTENCY_KEY_LEN} visible ASCII characters"
                )))
            }
        };
        Ok(CallOptions {
            overrides: PolicyOverrides::from_input(options, &path)?,
            idempotency_key,
        })
    }
}

/// Whether `s` can be sent as a header value as it is: 1 to 255 visible ASCII characters.
fn is_header_token(s: &str) -> bool {
    (1..=MAX_IDEMPOTENCY_KEY_LEN).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_graphic())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::test_support::obj;

    #[test]
    fn client_defaults() {
        let options = ClientOptions::from_input(&Value::Absent).unwrap();
        assert_eq!(options.endpoint, None);
        assert!(!options.allow_insecure_http);
        assert_eq!(
            options.policy,
            RequestPolicy {
                max_retries: 3,
                timeout_ms: 60_000
            }
        );
    }

    #[test]
    fn client_options_given() {
        let options = ClientOptions::from_input(&obj(&[
            ("endpoint", Value::String("http://127.0.0.1:1".into())),
            ("maxRetries", Value::Number(0.0)),
            ("timeoutMs", Value::Number(250.0)),
            ("allowInsecureHttp", Value::Bool(true)),
            (
                "signal",
                Value::Unsupported("an object that is not a plain object"),
            ),
        ]))
        .unwrap();
        assert_eq!(options.endpoint.as_deref(), Some("http://127.0.0.1:1"));
        assert!(options.allow_insecure_http);
        assert_eq!(
            options.policy,
            RequestPolicy {
                max_retries: 0,
                timeout_ms: 250
            }
        );
    }

    #[test]
    fn bad_client_options() {
        let cases = [
            (
                obj(&[("endpoint", Value::Number(1.0))]),
                "options.endpoint must be a string",
            ),
            (
                obj(&[("maxRetries", Value::Number(-1.0))]),
                "options.maxRetries must be an integer from 0 to 100",
            ),
            (
                obj(&[("timeoutMs", Value::Number(0.0))]),
                "options.timeoutMs must be an integer from 1 to 2147483647",
            ),
            (
                obj(&[("timeoutMs", Value::Number(f64::INFINITY))]),
                "options.timeoutMs must be an integer from 1 to 2147483647",
            ),
            (
                obj(&[("allowInsecureHttp", Value::String("yes".into()))]),
                "options.allowInsecureHttp must be a boolean",
            ),
            (
                obj(&[("endPoint", Value::String("x".into()))]),
                r#"options has unknown key "endPoint""#,
            ),
            (Value::String("x".into()), "options must be an object"),
        ];
        for (value, message) in cases {
            assert_eq!(
                ClientOptions::from_input(&value).unwrap_err().message,
                message
            );
        }
    }

    #[test]
    fn call_options_override_the_client() {
        let call =
            CallOptions::from_input(&obj(&[("timeoutMs", Value::Number(5.0))]), false).unwrap();
        let policy = call.overrides.apply(RequestPolicy {
            max_retries: 1,
            timeout_ms: 100,
        });
        assert_eq!(
            policy,
            RequestPolicy {
                max_retries: 1,
                timeout_ms: 5
            }
        );
        assert_eq!(
            CallOptions::from_input(&Value::Absent, false),
            Ok(CallOptions::default())
        );
    }

    #[test]
    fn idempotency_keys_only_where_taken() {
        let given = obj(&[("idempotencyKey", Value::String("key-1".into()))]);
        assert_eq!(
            CallOptions::from_input(&given, true)
                .unwrap()
                .idempotency_key
                .as_deref(),
            Some("key-1")
        );
        assert_eq!(
            CallOptions::from_input(&given, false).unwrap_err().message,
            r#"options has unknown key "idempotencyKey""#
        );
        for bad in ["", "a b", "é", "a\nb"] {
            let value = obj(&[("idempotencyKey", Value::String(bad.into()))]);
            assert_eq!(
                CallOptions::from_input(&value, true).unwrap_err().message,
                "options.idempotencyKey must be 1 to 255 visible ASCII characters"
            );
        }
    }
}
