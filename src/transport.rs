//! The transport core: every API call goes through [`Transport::send`], which builds the URL,
//! sends the request with gloo-net, enforces the per-attempt timeout, links the caller's
//! `AbortSignal`s, and retries what [`crate::retry`] says may be retried.
//!
//! Timeouts and aborts use one `AbortController` per attempt. The caller's signals (client-level
//! and per-call) are linked to it with plain JS functions (`controller.abort.bind(...)`), so no
//! Rust closure has to outlive the call. A user abort is never retried: the call rejects at once
//! with the signal's `reason` (a `DOMException` named `AbortError` unless the caller gave
//! `abort()` a reason), exactly as `fetch` itself does.

use js_sys::{Function, Math, Object, Promise, Reflect, Uint8Array};
use std::future::Future;
use std::pin::Pin;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use wasm_bindgen_futures::{future_to_promise, JsFuture};
use web_sys::{AbortController, AbortSignal, Headers, RequestInit, RequestRedirect, ResponseType};

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::decode;
use crate::errors::{ErrorKind, NexusError};
use crate::input::options::{CallOptions, OptionsOf, RequestPolicy};
use crate::retry::{self, Outcome};
use crate::security::{Endpoint, SecretKey};
use nexus_wire::header;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: f64) -> JsValue;

    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(handle: &JsValue);

    #[wasm_bindgen(catch, js_namespace = crypto, js_name = randomUUID)]
    fn random_uuid() -> Result<String, JsValue>;
}

/// Percent-encodes everything but the RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`),
/// so a value can sit in a path segment or a query component without changing the URL's shape.
pub fn percent_encode(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(byte >> 4)] as char);
            out.push(HEX[usize::from(byte & 15)] as char);
        }
    }
    out
}

/// `base` + `/segment`... + `?key=value&...`, every segment and query component encoded.
pub fn build_url(base: &str, segments: &[&str], query: &[(&str, String)]) -> String {
    let mut url = base.to_owned();
    for segment in segments {
        url.push('/');
        url.push_str(&percent_encode(segment));
    }
    for (i, (key, value)) in query.iter().enumerate() {
        url.push(if i == 0 { '?' } else { '&' });
        url.push_str(&percent_encode(key));
        url.push('=');
        url.push_str(&percent_encode(value));
    }
    url
}

/// HTTP methods the API uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// Reads.
    Get,
    /// Sequence patches.
    Patch,
    /// Sequence deletion.
    Delete,
    /// Bulk updates (always sent with an `Idempotency-Key`).
    Post,
}

impl Method {
    fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
            Method::Post => "POST",
        }
    }
}

/// One API request, before it is sent.
#[derive(Debug)]
pub struct Request<'a> {
    /// The method.
    pub method: Method,
    /// Path segments below the endpoint, unencoded.
    pub segments: &'a [&'a str],
    /// Query parameters, unencoded.
    pub query: Vec<(&'static str, String)>,
    /// JSON body.
    pub body: Option<String>,
}

/// A response that arrived in full.
#[derive(Debug)]
pub struct Reply {
    /// The HTTP status.
    pub status: u16,
    /// `X-Request-Id`.
    pub request_id: Option<String>,
    /// The body's bytes, copied into wasm memory (one memcpy).
    pub body: Vec<u8>,
}

/// Why a call failed: an SDK error, or the caller's own abort (rethrown as the signal's reason).
#[derive(Debug)]
pub enum Failure {
    /// Becomes an instance of the error classes.
    Error(NexusError),
    /// The caller aborted; holds the signal's `reason`.
    Aborted(JsValue),
}

impl From<NexusError> for Failure {
    fn from(error: NexusError) -> Self {
        Failure::Error(error)
    }
}

impl From<Failure> for JsValue {
    fn from(failure: Failure) -> JsValue {
        match failure {
            Failure::Error(error) => error.into(),
            Failure::Aborted(reason) => reason,
        }
    }
}

/// The one place futures become promises (boxed, so the executor glue exists once, not per method).
pub fn spawn(future: Pin<Box<dyn Future<Output = Result<JsValue, Failure>>>>) -> Promise {
    future_to_promise(async move { future.await.map_err(JsValue::from) })
}

/// Settings of one call: the client's, overridden by the call's options.
#[derive(Clone, Debug)]
pub struct CallSettings {
    policy: RequestPolicy,
    signals: Vec<AbortSignal>,
    idempotency_key: Option<String>,
}

impl CallSettings {
    /// These settings with one more signal that aborts the request (an iterator's own, so
    /// that stopping a walk aborts the pages it fetches ahead).
    pub fn with_signal(&self, signal: AbortSignal) -> CallSettings {
        let mut settings = self.clone();
        settings.signals.push(signal);
        settings
    }

    /// Rejects with the reason of the first of these signals that has aborted.
    pub fn check_aborted(&self) -> Result<(), Failure> {
        check_aborted(&self.signals)
    }
}

/// How one attempt ended when it did not produce a response.
enum AttemptError {
    Aborted(JsValue),
    TimedOut,
    Connection(String),
}

/// The connection to the API, shared by every resource object of a client.
#[derive(Debug)]
pub struct Transport {
    endpoint: Endpoint,
    key: SecretKey,
    policy: RequestPolicy,
    signal: Option<AbortSignal>,
}

impl Transport {
    /// A transport to `endpoint` authenticating with `key`.
    pub fn new(
        endpoint: Endpoint,
        key: SecretKey,
        policy: RequestPolicy,
        signal: Option<AbortSignal>,
    ) -> Self {
        Transport {
            endpoint,
            key,
            policy,
            signal,
        }
    }

    /// Reads the `options` argument of a method taking `of`: the settings of its requests, and
    /// how many pages to read ahead (`iterate` only).
    pub fn settings(
        &self,
        options: &JsValue,
        of: OptionsOf,
    ) -> Result<(CallSettings, u32), NexusError> {
        let CallOptions {
            policy,
            signal,
            idempotency_key,
            read_ahead,
        } = CallOptions::read(options, self.policy, of)?;
        let settings = CallSettings {
            policy,
            signals: self.signal.iter().cloned().chain(signal).collect(),
            idempotency_key,
        };
        Ok((settings, read_ahead))
    }

    /// Sends `request` (see [`Transport::send`]) and hands the 2xx reply, read as a `T`, to
    /// JavaScript. Every error, a response of the wrong shape included, has the secret key
    /// masked.
    pub async fn fetch<T: DeserializeOwned + Serialize>(
        &self,
        request: &Request<'_>,
        settings: &CallSettings,
    ) -> Result<JsValue, Failure> {
        let reply = self.send(request, settings).await?;
        Ok(self.read_js::<T>(&reply)?)
    }

    /// A 2xx reply's body read as a `T` and handed to JavaScript.
    pub fn read_js<T: DeserializeOwned + Serialize>(
        &self,
        reply: &Reply,
    ) -> Result<JsValue, NexusError> {
        let value: T = self.parse(reply)?;
        self.to_js(&value, reply)
    }

    /// A 2xx reply's body read as a `T`; a wrong shape is a `ResponseDecodeError` with the
    /// secret key masked.
    pub fn parse<T: DeserializeOwned>(&self, reply: &Reply) -> Result<T, NexusError> {
        decode::parse(reply).map_err(|error| self.redacted(error))
    }

    /// `value`, read from `reply`, as the plain JavaScript objects the API documents.
    pub fn to_js<T: Serialize>(&self, value: &T, reply: &Reply) -> Result<JsValue, NexusError> {
        decode::to_js(value, reply).map_err(|error| self.redacted(error))
    }

    fn redacted(&self, error: NexusError) -> NexusError {
        error.redacted(self.key.expose())
    }

    /// Sends `request`, retrying as the policy allows, and returns the first 2xx reply.
    ///
    /// Every request but a GET carries an `Idempotency-Key`, the same on every attempt (the
    /// caller's for a bulk update, else a fresh one), so that a server that honours it (the
    /// emulator does) applies a retried PATCH, DELETE or bulk update once and answers the retry
    /// as it answered the attempt whose answer was lost.
    pub async fn send(
        &self,
        request: &Request<'_>,
        settings: &CallSettings,
    ) -> Result<Reply, Failure> {
        let url = build_url(self.endpoint.as_str(), request.segments, &request.query);
        let idempotency_key = match (request.method, &settings.idempotency_key) {
            (Method::Get, _) => None,
            (_, Some(key)) => Some(key.clone()),
            (_, None) => Some(new_idempotency_key()),
        };
        let signals = &settings.signals;
        let max_retries = settings.policy.max_retries;
        let mut retry = 0;
        // Whether an earlier attempt may have reached the server and been applied unanswered.
        let mut maybe_applied = false;
        loop {
            check_aborted(signals)?;
            let attempt = self
                .attempt(&url, request, idempotency_key.as_deref(), settings)
                .await;
            let (outcome, error, retry_after) = match attempt {
                Ok((reply, _)) if (200..300).contains(&reply.status) => return Ok(reply),
                Ok((reply, retry_after)) => {
                    let body = String::from_utf8_lossy(&reply.body);
                    let mut error =
                        NexusError::from_response(reply.status, &body, reply.request_id);
                    if reply.status == 404 && request.method == Method::Delete && maybe_applied {
                        // A server that ignores Idempotency-Key answers the retry of a delete
                        // that did happen with a 404: say so rather than report a plain miss.
                        error.message.push_str(
                            " (an earlier attempt of this delete got no answer and may have deleted it)",
                        );
                    }
                    (
                        Outcome::Status(reply.status),
                        self.redacted(error),
                        retry_after,
                    )
                }
                Err(AttemptError::Aborted(reason)) => return Err(Failure::Aborted(reason)),
                Err(AttemptError::TimedOut) => {
                    let message = format!(
                        "{} {url}: no complete response within {} ms{}",
                        request.method.as_str(),
                        settings.policy.timeout_ms,
                        attempts_note(retry)
                    );
                    (
                        Outcome::TimedOut,
                        NexusError::client(ErrorKind::RequestTimeout, message),
                        None,
                    )
                }
                Err(AttemptError::Connection(cause)) => {
                    let message = format!(
                        "{} {url}: {cause}{}",
                        request.method.as_str(),
                        attempts_note(retry)
                    );
                    (
                        Outcome::ConnectionFailed,
                        NexusError::client(ErrorKind::NetworkConnection, message),
                        None,
                    )
                }
            };
            if retry >= max_retries || !retry::is_retryable(outcome) {
                return Err(error.into());
            }
            maybe_applied |= request.method != Method::Get && outcome != Outcome::Status(429);
            let retry_after_ms =
                retry_after.and_then(|value| retry::parse_retry_after(&value, js_sys::Date::now()));
            sleep(
                retry::delay_ms(retry, retry_after_ms, Math::random()),
                signals,
            )
            .await?;
            retry += 1;
        }
    }

    /// One attempt; on a response also returns its `Retry-After`.
    async fn attempt(
        &self,
        url: &str,
        request: &Request<'_>,
        idempotency_key: Option<&str>,
        settings: &CallSettings,
    ) -> Result<(Reply, Option<String>), AttemptError> {
        let guard = AttemptGuard::arm(&settings.signals, settings.policy.timeout_ms)
            .map_err(AttemptError::Connection)?;
        let raw = self
            .build(url, request, idempotency_key, &guard.controller.signal())
            .map_err(|e| AttemptError::Connection(describe(&e)))?;
        let response = gloo_net::http::Request::from(raw)
            .send()
            .await
            .map_err(|e| guard.classify(&settings.signals, e.to_string()))?;
        let status = response.status();
        // Sent with `redirect: "manual"` (see `build`): a redirect is never followed, and
        // fails the attempt as a refused connection would.
        if response.type_() == ResponseType::Opaqueredirect || (300..400).contains(&status) {
            // Browsers hide an opaque redirect's status (0).
            let shown = if status == 0 {
                String::new()
            } else {
                format!(" {status}")
            };
            return Err(AttemptError::Connection(format!(
                "the server answered with a redirect{shown}, which is not followed: the \
                 secret key is sent to the configured endpoint only"
            )));
        }
        let headers = response.headers();
        let request_id = headers.get(header::REQUEST_ID);
        let retry_after = headers.get(header::RETRY_AFTER);
        let raw: web_sys::Response = response.into();
        let read = raw
            .array_buffer()
            .map_err(|e| guard.classify(&settings.signals, describe(&e)))?;
        let buffer = JsFuture::from(read)
            .await
            .map_err(|e| guard.classify(&settings.signals, describe(&e)))?;
        Ok((
            Reply {
                status,
                request_id,
                body: Uint8Array::new(&buffer).to_vec(),
            },
            retry_after,
        ))
    }

    fn build(
        &self,
        url: &str,
        request: &Request<'_>,
        idempotency_key: Option<&str>,
        signal: &AbortSignal,
    ) -> Result<web_sys::Request, JsValue> {
        let headers = Headers::new()?;
        headers.set(header::SECRET_KEY, self.key.expose())?;
        if let Some(key) = idempotency_key {
            headers.set(header::IDEMPOTENCY_KEY, key)?;
        }
        let init = RequestInit::new();
        init.set_method(request.method.as_str());
        if let Some(body) = &request.body {
            headers.set("Content-Type", "application/json")?;
            init.set_body(&JsValue::from_str(body));
        }
        init.set_headers(&headers);
        init.set_signal(Some(signal));
        // A redirect would carry the Secret-Key header to wherever it points, so none is
        // followed. "manual", not "error": Cloudflare Workers reject "error", and "manual"
        // hands the redirect back (as a 3xx, or in browsers an opaque redirect) for `attempt`
        // to refuse.
        init.set_redirect(RequestRedirect::Manual);
        web_sys::Request::new_with_str_and_init(url, &init)
    }
}

fn attempts_note(retry: u32) -> String {
    if retry == 0 {
        String::new()
    } else {
        format!(" (after {} attempts)", retry + 1)
    }
}

/// Rejects with the reason of the first aborted signal.
fn check_aborted(signals: &[AbortSignal]) -> Result<(), Failure> {
    match signals.iter().find(|s| s.aborted()) {
        Some(signal) => Err(Failure::Aborted(signal.reason())),
        None => Ok(()),
    }
}

/// The message of a thrown JS value.
fn describe(error: &JsValue) -> String {
    match error.dyn_ref::<js_sys::Error>() {
        Some(error) => String::from(error.message()),
        None => error
            .as_string()
            .unwrap_or_else(|| "unknown error".to_owned()),
    }
}

/// A fresh `Idempotency-Key`: `crypto.randomUUID()`, or where that is missing (plain-http
/// pages are not a secure context) a v4-shaped UUID from `Math.random`.
fn new_idempotency_key() -> String {
    random_uuid().unwrap_or_else(|_| {
        let mut text = String::with_capacity(36);
        for c in "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".chars() {
            let nibble = (Math::random() * 16.0) as u32 & 15;
            text.push(match c {
                'x' => char::from_digit(nibble, 16).unwrap_or('0'),
                'y' => char::from_digit(8 | (nibble & 3), 16).unwrap_or('8'),
                _ => c,
            });
        }
        text
    })
}

/// The per-attempt `AbortController`, its timer and its links to the caller's signals;
/// dropping it clears the timer and unlinks the signals.
struct AttemptGuard {
    controller: AbortController,
    timeout_reason: JsValue,
    timer: JsValue,
    links: Vec<(AbortSignal, Function)>,
}

impl AttemptGuard {
    fn arm(signals: &[AbortSignal], timeout_ms: u32) -> Result<AttemptGuard, String> {
        let controller = AbortController::new().map_err(|e| describe(&e))?;
        let abort: Function<fn(JsValue) -> JsValue> = Reflect::get(&controller, &"abort".into())
            .map_err(|e| describe(&e))?
            .unchecked_into();
        // The reasons are Error objects: gloo-net assumes fetch rejects with an Error.
        let timeout_reason = js_sys::Error::new("request timed out");
        timeout_reason.set_name("TimeoutError");
        let timeout_reason = JsValue::from(timeout_reason);
        let user_reason = js_sys::Error::new("aborted by the caller");
        user_reason.set_name("AbortError");
        let user_reason = JsValue::from(user_reason);
        let timer = set_timeout(
            abort.bind1(&controller, &timeout_reason).unchecked_ref(),
            f64::from(timeout_ms),
        );
        let on_user_abort: Function = abort.bind1(&controller, &user_reason).unchecked_into();
        let links = signals
            .iter()
            .map(|signal| {
                let _ = signal.add_event_listener_with_callback("abort", &on_user_abort);
                (signal.clone(), on_user_abort.clone())
            })
            .collect();
        Ok(AttemptGuard {
            controller,
            timeout_reason,
            timer,
            links,
        })
    }

    /// What a failed fetch or body read means: the caller's abort, our timeout, or the network.
    fn classify(&self, signals: &[AbortSignal], message: String) -> AttemptError {
        if let Some(signal) = signals.iter().find(|s| s.aborted()) {
            return AttemptError::Aborted(signal.reason());
        }
        let signal = self.controller.signal();
        if signal.aborted() && Object::is(&signal.reason(), &self.timeout_reason) {
            return AttemptError::TimedOut;
        }
        AttemptError::Connection(message)
    }
}

impl Drop for AttemptGuard {
    fn drop(&mut self) {
        clear_timeout(&self.timer);
        for (signal, listener) in &self.links {
            let _ = signal.remove_event_listener_with_callback("abort", listener);
        }
    }
}

/// Waits `ms`, or rejects with the reason of the first caller signal that aborts meanwhile.
async fn sleep(ms: f64, signals: &[AbortSignal]) -> Result<(), Failure> {
    check_aborted(signals)?;
    let mut callbacks = None;
    let promise = Promise::new(&mut |resolve, reject| callbacks = Some((resolve, reject)));
    let Some((resolve, reject)) = callbacks else {
        return Ok(());
    };
    let timer = set_timeout(&resolve, ms);
    for signal in signals {
        let _ = signal.add_event_listener_with_callback("abort", &reject);
    }
    let waited = JsFuture::from(promise).await;
    clear_timeout(&timer);
    for signal in signals {
        let _ = signal.remove_event_listener_with_callback("abort", &reject);
    }
    match waited {
        Ok(_) => Ok(()),
        Err(_) => check_aborted(signals),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreserved_characters_pass_through() {
        assert_eq!(percent_encode("AZaz09-._~"), "AZaz09-._~");
    }

    #[test]
    fn everything_else_is_encoded() {
        assert_eq!(
            percent_encode("a b&c+d/e?f#g=h%i"),
            "a%20b%26c%2Bd%2Fe%3Ff%23g%3Dh%25i"
        );
        assert_eq!(percent_encode("é"), "%C3%A9");
        assert_eq!(percent_encode("患者"), "%E6%82%A3%E8%80%85");
        assert_eq!(percent_encode("🙂"), "%F0%9F%99%82");
    }

    #[test]
    fn urls_keep_the_base_path_and_encode_parts() {
        assert_eq!(
            build_url(
                "https://api.datature.io",
                &["projects", "proj_1", "sequences"],
                &[]
            ),
            "https://api.datature.io/projects/proj_1/sequences"
        );
        assert_eq!(
            build_url(
                "http://127.0.0.1:4100/prefix",
                &["projects", "proj_1", "sequences"],
                &[("limit", "2".into()), ("page", "a+b/c=".into()), ("name", "Patient A & B".into())]
            ),
            "http://127.0.0.1:4100/prefix/projects/proj_1/sequences?limit=2&page=a%2Bb%2Fc%3D&name=Patient%20A%20%26%20B"
        );
        assert_eq!(
            build_url("https://x", &["a b"], &[("name", "é".into())]),
            "https://x/a%20b?name=%C3%A9"
        );
    }
}
