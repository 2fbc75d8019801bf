//! Client options and per-call options: endpoint, timeouts, retries, idempotency keys, headers,
//! the caller's `AbortSignal`, and (read in [`super::io`]) its `fetch` and hooks.
//!
//! `signal` is not plain data, so the guard leaves it out of the copy serde reads (the `signal`
//! fields below exist for the TypeScript declarations); it is read here with a brand check
//! instead ([`signal_of`]).

use std::collections::BTreeMap;

use js_sys::Reflect;
use serde::de::IgnoredAny;
use serde::Deserialize;
use tsify::Tsify;
use wasm_bindgen::prelude::*;

use nexus_wire::rules::{is_valid_idempotency_key, MAX_IDEMPOTENCY_KEY_LEN};

use super::io::{header_list, Io};
use super::strict::Strict;
use super::{check_range, quoted, read_except, Checked, Path};

/// Retries after the first attempt unless told otherwise.
pub const DEFAULT_MAX_RETRIES: u32 = 3;
/// Time allowed for one attempt unless told otherwise.
pub const DEFAULT_TIMEOUT_MS: u32 = 60_000;
/// Upper bound of `maxRetries`.
pub const MAX_RETRIES_LIMIT: u32 = 100;
/// Upper bound of `timeoutMs`: the largest delay `setTimeout` honours.
pub const MAX_TIMEOUT_MS: u32 = i32::MAX as u32;
/// Pages `iterate()` fetches ahead of the one being read unless told otherwise.
pub const DEFAULT_READ_AHEAD: u32 = 1;
/// Upper bound of `readAhead`.
pub const MAX_READ_AHEAD: u32 = 16;

/// Declares an options type: the fields every options object has (`signal`, `timeoutMs`,
/// `maxRetries`), then its own. One place for the shared fields, and each type still gets its
/// own TypeScript declaration. These types are the declarations; what is read is
/// [`GivenOptions`].
macro_rules! options_type {
    ($(#[$doc:meta])* $name:ident { $($(#[$field_doc:meta])* $field:ident: $type:ty,)* }) => {
        $(#[$doc])*
        #[derive(Clone, Debug, Default, PartialEq, Tsify)]
        #[serde(rename_all = "camelCase")]
        #[allow(dead_code, reason = "a declaration: tsify writes it, nothing builds one")]
        pub struct $name {
            /// Aborts the call (for a client: every call) and its retries once it fires: the
            /// call rejects at once with the signal's `reason` (a `DOMException` named
            /// `AbortError` by default), not a NexusError.
            #[tsify(optional, type = "AbortSignal")]
            pub signal: Option<IgnoredAny>,
            /// Time limit of one attempt, in milliseconds (default 60,000).
            #[tsify(optional)]
            pub timeout_ms: Option<f64>,
            /// Retries after the first attempt of a retryable request (default 3, at most 100).
            #[tsify(optional)]
            pub max_retries: Option<f64>,
            $($(#[$field_doc])* #[tsify(optional)] pub $field: Option<$type>,)*
        }
    };
}

options_type! {
    /// Options of a `Client`; each also applies to every call unless the call overrides it.
    ClientOptions {
        /// Base URL of the API, default `https://api.datature.io`. A path in it is kept.
        endpoint: String,
        /// Allows sending the secret key over plain `http://` to a host that is not loopback.
        /// Off by default: loopback (`127.0.0.1`, `localhost`, `[::1]`) is always allowed.
        allow_insecure_http: bool,
        /// The function that sends each attempt (default `globalThis.fetch`): called as
        /// `fetch(request)` with a WHATWG `Request`, it must resolve to a `Response`. The one
        /// place outside the SDK that sees the `Secret-Key` header.
        #[tsify(type = "(request: Request) => Promise<Response>")]
        fetch: IgnoredAny,
        /// Functions called at each attempt, with the secret key masked; see `NexusHooks`.
        #[tsify(type = "NexusHooks")]
        hooks: IgnoredAny,
        /// Headers sent with every request; a call's `headers` override them by name.
        /// `Secret-Key` and `Idempotency-Key` cannot be set here.
        #[tsify(type = "Record<string, string>")]
        default_headers: BTreeMap<String, String>,
    }
}

options_type! {
    /// Options of one call; they override the client's.
    RequestOptions {
        /// Headers of this call's requests, over the client's `defaultHeaders`.
        #[tsify(type = "Record<string, string>")]
        headers: BTreeMap<String, String>,
    }
}

options_type! {
    /// Options of the calls that write (`patch`, `delete`, `bulkUpdate`): those of every call,
    /// and the idempotency key.
    WriteRequestOptions {
        /// Headers of this call's requests, over the client's `defaultHeaders`.
        #[tsify(type = "Record<string, string>")]
        headers: BTreeMap<String, String>,
        /// Sent as the `Idempotency-Key` header on every attempt, so that the server applies
        /// the write at most once. Default: a fresh random key per call.
        idempotency_key: String,
    }
}

options_type! {
    /// Options of `Sequences.iterate`: those of every call, and how far to read ahead.
    IterateOptions {
        /// Pages to fetch ahead of the one being read, 0 to 16 (default 1): the next page is
        /// requested while the caller works on this one. Stopping early (`break`, `return()`,
        /// the signal) aborts them, so at most this many extra pages are requested.
        read_ahead: f64,
        /// Headers of this walk's requests, over the client's `defaultHeaders`.
        #[tsify(type = "Record<string, string>")]
        headers: BTreeMap<String, String>,
    }
}

/// An options object as read: every key of the four options types above but `signal` (read by
/// [`signal_of`]), read by one serde deserializer instead of one per type (17 KB of wasm less).
/// Which keys each object takes beyond the shared ones is [`OptionsOf::takes`]; a test holds it
/// to the declarations.
#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct GivenOptions {
    timeout_ms: Option<f64>,
    max_retries: Option<f64>,
    endpoint: Option<String>,
    allow_insecure_http: Option<bool>,
    fetch: Option<IgnoredAny>,
    hooks: Option<IgnoredAny>,
    default_headers: Option<BTreeMap<String, String>>,
    headers: Option<BTreeMap<String, String>>,
    idempotency_key: Option<String>,
    read_ahead: Option<f64>,
}

impl GivenOptions {
    /// Reads the optional options object of `of`, at `path`; a key it does not take is unknown.
    /// Its `signal` (and a client's `fetch` and `hooks`) are not plain data: the caller reads
    /// them itself.
    fn read(options: &JsValue, path: &Path, of: OptionsOf) -> Checked<GivenOptions> {
        let skipped: &[&str] = match of {
            OptionsOf::Client => &["signal", "fetch", "hooks"],
            _ => &["signal"],
        };
        let given: Option<Strict<GivenOptions>> = read_except(options, path, skipped)?;
        let given = given.map(|Strict(given)| given).unwrap_or_default();
        let specific = [
            ("endpoint", given.endpoint.is_some()),
            ("allowInsecureHttp", given.allow_insecure_http.is_some()),
            ("fetch", given.fetch.is_some()),
            ("hooks", given.hooks.is_some()),
            ("defaultHeaders", given.default_headers.is_some()),
            ("headers", given.headers.is_some()),
            ("idempotencyKey", given.idempotency_key.is_some()),
            ("readAhead", given.read_ahead.is_some()),
        ];
        match specific
            .into_iter()
            .find(|&(key, present)| present && !of.takes(key))
        {
            Some((key, _)) => Err(path.error(format_args!("has unknown key {}", quoted(key)))),
            None => Ok(given),
        }
    }
}

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

impl RequestPolicy {
    /// This policy with the `maxRetries` and `timeoutMs` given at `path` applied.
    fn overridden(
        self,
        max_retries: Option<f64>,
        timeout_ms: Option<f64>,
        path: &Path,
    ) -> Checked<RequestPolicy> {
        let max_retries = check_range(max_retries, &path.key("maxRetries"), 0, MAX_RETRIES_LIMIT)?;
        let timeout_ms = check_range(timeout_ms, &path.key("timeoutMs"), 1, MAX_TIMEOUT_MS)?;
        Ok(RequestPolicy {
            max_retries: max_retries.unwrap_or(self.max_retries),
            timeout_ms: timeout_ms.unwrap_or(self.timeout_ms),
        })
    }
}

/// The checked options of `new Client(secretKey, options)`.
#[derive(Debug)]
pub struct ClientSettings {
    /// `endpoint`, not yet checked as a URL.
    pub endpoint: Option<String>,
    /// `allowInsecureHttp`.
    pub allow_insecure_http: bool,
    /// Defaults for every call.
    pub policy: RequestPolicy,
    /// `signal`.
    pub signal: Option<web_sys::AbortSignal>,
    /// `fetch`, `hooks` and `defaultHeaders`.
    pub io: Io,
}

impl ClientSettings {
    /// Reads the client's `options` argument.
    pub fn read(options: &JsValue) -> Checked<ClientSettings> {
        let path = Path::root("options");
        let given = GivenOptions::read(options, &path, OptionsOf::Client)?;
        let signal = signal_of(options, &path)?;
        let io = Io::read(options, &path, given.default_headers)?;
        Ok(ClientSettings {
            endpoint: given.endpoint,
            allow_insecure_http: given.allow_insecure_http.unwrap_or(false),
            policy: RequestPolicy::default().overridden(
                given.max_retries,
                given.timeout_ms,
                &path,
            )?,
            signal,
            io,
        })
    }
}

/// Which options an options object takes: those of every call, and its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OptionsOf {
    /// `ClientOptions`: also `endpoint`, `allowInsecureHttp`, `fetch`, `hooks`,
    /// `defaultHeaders`.
    Client,
    /// `RequestOptions`: also `headers`.
    Call,
    /// `WriteRequestOptions`: also `idempotencyKey`.
    Write,
    /// `IterateOptions`: also `readAhead`.
    Iterate,
}

impl OptionsOf {
    /// Whether these options take `key`, one of the keys not every options object has.
    fn takes(self, key: &str) -> bool {
        match self {
            OptionsOf::Client => matches!(
                key,
                "endpoint" | "allowInsecureHttp" | "fetch" | "hooks" | "defaultHeaders"
            ),
            OptionsOf::Call => key == "headers",
            OptionsOf::Write => matches!(key, "headers" | "idempotencyKey"),
            OptionsOf::Iterate => matches!(key, "headers" | "readAhead"),
        }
    }
}

/// The checked options of one call.
#[derive(Debug)]
pub struct CallOptions {
    /// The client's policy with the call's overrides.
    pub policy: RequestPolicy,
    /// The call's `signal`.
    pub signal: Option<web_sys::AbortSignal>,
    /// The caller's `idempotencyKey` (writes only).
    pub idempotency_key: Option<String>,
    /// The call's `headers`, checked, names lower-case.
    pub headers: Vec<(String, String)>,
    /// Pages to read ahead (`iterate` only; the default elsewhere).
    pub read_ahead: u32,
}

impl CallOptions {
    /// Reads the `options` argument of a method taking `OptionsOf`, over the client's `policy`.
    pub fn read(options: &JsValue, policy: RequestPolicy, of: OptionsOf) -> Checked<CallOptions> {
        let path = Path::root("options");
        let given = GivenOptions::read(options, &path, of)?;
        let read_ahead = check_range(given.read_ahead, &path.key("readAhead"), 0, MAX_READ_AHEAD)?;
        let signal = signal_of(options, &path)?;
        if let Some(key) = &given.idempotency_key {
            if !is_valid_idempotency_key(key.as_bytes()) {
                return Err(path.key("idempotencyKey").error(format_args!(
                    "must be 1 to {MAX_IDEMPOTENCY_KEY_LEN} visible ASCII characters"
                )));
            }
        }
        Ok(CallOptions {
            policy: policy.overridden(given.max_retries, given.timeout_ms, &path)?,
            signal,
            idempotency_key: given.idempotency_key,
            headers: header_list(given.headers, &path.key("headers"))?,
            read_ahead: read_ahead.unwrap_or(DEFAULT_READ_AHEAD),
        })
    }
}

#[wasm_bindgen]
extern "C" {
    /// `Reflect.get(target, key, receiver)`: runs a getter of `target` on `receiver`.
    #[wasm_bindgen(catch, js_namespace = Reflect, js_name = get)]
    fn get_with_receiver(
        target: &JsValue,
        key: &JsValue,
        receiver: &JsValue,
    ) -> Result<JsValue, JsValue>;
}

/// The `signal` of an options object: absent, or an `AbortSignal`.
///
/// A look-alike object or a Proxy would make later calls on it throw inside wasm, so the value
/// must pass `AbortSignal.prototype`'s own `aborted` getter, which checks that its receiver
/// really is an AbortSignal; every read here goes through a catching call.
pub fn signal_of(options: &JsValue, path: &Path) -> Checked<Option<web_sys::AbortSignal>> {
    if !options.is_object() {
        return Ok(None); // a non-object `options` is reported when the options are read
    }
    let path = path.key("signal");
    let not_a_signal = || path.error("must be an AbortSignal");
    let signal = Reflect::get(options, &JsValue::from_str("signal")).map_err(|_| not_a_signal())?;
    if signal.is_undefined() || signal.is_null() {
        return Ok(None);
    }
    let prototype = Reflect::get(&js_sys::global(), &JsValue::from_str("AbortSignal"))
        .and_then(|class| Reflect::get(&class, &JsValue::from_str("prototype")))
        .map_err(|_| not_a_signal())?;
    match get_with_receiver(&prototype, &JsValue::from_str("aborted"), &signal) {
        Ok(aborted) if aborted.as_bool().is_some() => Ok(Some(signal.unchecked_into())),
        _ => Err(not_a_signal()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The keys of a TypeScript interface written by tsify (`    name?: Type;` lines).
    fn declared_keys(declaration: &str) -> Vec<&str> {
        let mut keys: Vec<&str> = declaration
            .lines()
            .filter_map(|line| line.trim().split_once("?:").map(|(key, _)| key))
            .filter(|key| key.chars().all(|c| c.is_ascii_alphanumeric()))
            .collect();
        keys.sort_unstable();
        keys
    }

    #[test]
    fn each_options_object_takes_the_keys_it_declares() {
        let every = [
            "signal",
            "timeoutMs",
            "maxRetries",
            "endpoint",
            "allowInsecureHttp",
            "fetch",
            "hooks",
            "defaultHeaders",
            "headers",
            "idempotencyKey",
            "readAhead",
        ];
        let shared = ["signal", "timeoutMs", "maxRetries"];
        for (of, declaration) in [
            (OptionsOf::Client, ClientOptions::DECL),
            (OptionsOf::Call, RequestOptions::DECL),
            (OptionsOf::Write, WriteRequestOptions::DECL),
            (OptionsOf::Iterate, IterateOptions::DECL),
        ] {
            let mut taken: Vec<&str> = every
                .into_iter()
                .filter(|key| shared.contains(key) || of.takes(key))
                .collect();
            taken.sort_unstable();
            assert_eq!(taken, declared_keys(declaration), "{of:?}");
        }
    }

    #[test]
    fn overrides_are_bounded() {
        let path = Path::root("options");
        let base = RequestPolicy::default();
        assert_eq!(
            base.overridden(Some(0.0), Some(250.0), &path),
            Ok(RequestPolicy {
                max_retries: 0,
                timeout_ms: 250
            })
        );
        assert_eq!(base.overridden(None, None, &path), Ok(base));
        assert_eq!(
            base.overridden(Some(101.0), None, &path)
                .unwrap_err()
                .message,
            "options.maxRetries must be an integer from 0 to 100, not 101"
        );
        assert_eq!(
            base.overridden(None, Some(0.0), &path).unwrap_err().message,
            "options.timeoutMs must be an integer from 1 to 2147483647, not 0"
        );
    }
}
