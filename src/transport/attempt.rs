//! One attempt of a request: built with its headers, sent under a per-attempt `AbortController`
//! (the timeout and the caller's signals, linked by [`AttemptGuard`]) through the caller's
//! `fetch` or the global one, and read in full.
//!
//! The fetch function is called here rather than through gloo-net's `Request::send`, which keeps
//! only the name and message of what `fetch` rejects with (so no `cause`) and panics when a
//! custom `fetch` resolves to something else than a `Response`; the response is read through
//! gloo-net's `Response`.

use js_sys::{Function, Object, Promise, Reflect, Uint8Array};
use nexus_wire::header;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, Headers, RequestInit, RequestRedirect, ResponseType};

use super::CallSettings;
use super::{Reply, Request, Transport};
use crate::security::{redact, SecretKey};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    pub(super) fn set_timeout(handler: &Function, ms: f64) -> JsValue;

    #[wasm_bindgen(js_name = clearTimeout)]
    pub(super) fn clear_timeout(handle: &JsValue);
}

/// How one attempt ended when it did not produce a response.
pub(super) enum AttemptError {
    /// The caller aborted; holds the signal's `reason`.
    Aborted(JsValue),
    /// No complete response within the attempt's time.
    TimedOut,
    /// Anything else: refused, reset, DNS, CORS; with what `fetch` threw.
    Connection(String, Option<JsValue>),
    /// A redirect (its status; 0 when a browser hides it), which is not followed.
    Redirected(u16),
}

impl Transport {
    /// One attempt; on a response also returns its `Retry-After`.
    pub(super) async fn attempt(
        &self,
        url: &str,
        request: &Request<'_>,
        idempotency_key: Option<&str>,
        settings: &CallSettings,
    ) -> Result<(Reply, Option<String>), AttemptError> {
        let guard = AttemptGuard::arm(&settings.signals, settings.policy.timeout_ms)
            .map_err(|e| AttemptError::Connection(e, None))?;
        let key = self.key.as_ref().map(SecretKey::expose);
        let headers = self.request_headers(request, idempotency_key, settings, key);
        let raw = Self::build(url, request, &headers, &guard.controller.signal())
            .map_err(|e| AttemptError::Connection(describe(&e), Some(e)))?;
        let response = self
            .fetch(raw)
            .await
            .map_err(|e| guard.classify(&settings.signals, e))?;
        let status = response.status();
        // Sent with `redirect: "manual"` (see `build`): a redirect is never followed.
        if response.type_() == ResponseType::Opaqueredirect || (300..400).contains(&status) {
            return Err(AttemptError::Redirected(status));
        }
        let secret = key.unwrap_or_default();
        let headers: Vec<(String, String)> = response
            .headers()
            .entries()
            .map(|(name, value)| (name.to_ascii_lowercase(), redact(&value, secret)))
            .collect();
        let find = |name: &str| {
            let name = name.to_ascii_lowercase();
            headers
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.clone())
        };
        let request_id = find(header::REQUEST_ID);
        let retry_after = find(header::RETRY_AFTER);
        let raw: web_sys::Response = response.into();
        let read = raw
            .array_buffer()
            .map_err(|e| guard.classify(&settings.signals, e))?;
        let buffer = JsFuture::from(read)
            .await
            .map_err(|e| guard.classify(&settings.signals, e))?;
        Ok((
            Reply {
                status,
                request_id,
                headers,
                idempotency_key: idempotency_key.map(str::to_owned),
                body: Uint8Array::new(&buffer).to_vec(),
            },
            retry_after,
        ))
    }

    /// Sends `request` through the caller's `fetch`, or the global one.
    async fn fetch(&self, request: web_sys::Request) -> Result<gloo_net::http::Response, JsValue> {
        let global = JsValue::from(js_sys::global());
        let (fetch, this) = match &self.io.fetch {
            Some(fetch) => (fetch.clone(), JsValue::UNDEFINED),
            None => (
                Reflect::get(&global, &JsValue::from_str("fetch"))?
                    .dyn_into::<Function>()
                    .map_err(|_| js_sys::Error::new("this runtime has no global fetch"))?,
                global,
            ),
        };
        let sent = fetch.call1(&this, &request)?;
        let answered = JsFuture::from(Promise::resolve(&sent)).await?;
        answered
            .dyn_into::<web_sys::Response>()
            .map(gloo_net::http::Response::from)
            .map_err(|_| {
                js_sys::Error::new("options.fetch resolved to something that is not a Response")
                    .into()
            })
    }

    /// The headers of an attempt, in the order they are set: the SDK's `User-Agent` (Node
    /// only), the caller's headers, then the SDK's own, `Secret-Key` holding `key` (the real
    /// key to send, a mask for the hooks; none for a keyless client).
    pub(super) fn request_headers(
        &self,
        request: &Request<'_>,
        idempotency_key: Option<&str>,
        settings: &CallSettings,
        key: Option<&str>,
    ) -> Vec<(String, String)> {
        let mut headers = Vec::with_capacity(settings.headers.len() + 4);
        if let Some(agent) = &self.user_agent {
            headers.push(("user-agent".to_owned(), agent.clone()));
        }
        headers.extend(settings.headers.iter().cloned());
        if let Some(key) = key {
            headers.push((header::SECRET_KEY.to_ascii_lowercase(), key.to_owned()));
        }
        if let Some(key) = idempotency_key {
            headers.push((header::IDEMPOTENCY_KEY.to_ascii_lowercase(), key.to_owned()));
        }
        if request.body.is_some() {
            headers.push(("content-type".to_owned(), "application/json".to_owned()));
        }
        headers
    }

    fn build(
        url: &str,
        request: &Request<'_>,
        header_list: &[(String, String)],
        signal: &AbortSignal,
    ) -> Result<web_sys::Request, JsValue> {
        let headers = Headers::new()?;
        for (name, value) in header_list {
            headers.set(name, value)?;
        }
        let init = RequestInit::new();
        init.set_method(request.method.as_str());
        if let Some(body) = &request.body {
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

/// The message of a thrown JS value.
pub(super) fn describe(error: &JsValue) -> String {
    match error.dyn_ref::<js_sys::Error>() {
        Some(error) => String::from(error.message()),
        None => error
            .as_string()
            .unwrap_or_else(|| "unknown error".to_owned()),
    }
}

/// What an attempt's controller is aborted with: on our timeout, and on the caller's signal.
/// Only their identity is read (the caller sees its own signal's reason), so two made once
/// serve every attempt: an `Error` captures a stack when made, which cost about as much as
/// the rest of the attempt's set-up. They are Errors because gloo-net, reading the body,
/// assumes that what it rejects with is one.
struct AbortReasons {
    timeout: JsValue,
    user: JsValue,
}

impl AbortReasons {
    fn new() -> AbortReasons {
        let reason = |message: &str, name: &str| {
            let error = js_sys::Error::new(message);
            error.set_name(name);
            // Formatted now, so that the stack lets go of the frames it was captured in.
            let _ = Reflect::get(&error, &JsValue::from_str("stack"));
            JsValue::from(error)
        };
        AbortReasons {
            timeout: reason("request timed out", "TimeoutError"),
            user: reason("aborted by the caller", "AbortError"),
        }
    }
}

thread_local! {
    static ABORT_REASONS: AbortReasons = AbortReasons::new();
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
        let (timeout_reason, user_reason) =
            ABORT_REASONS.with(|reasons| (reasons.timeout.clone(), reasons.user.clone()));
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

    /// What a failed fetch or body read (rejected with `error`) means: the caller's abort, our
    /// timeout, or the network.
    fn classify(&self, signals: &[AbortSignal], error: JsValue) -> AttemptError {
        if let Some(signal) = signals.iter().find(|s| s.aborted()) {
            return AttemptError::Aborted(signal.reason());
        }
        let signal = self.controller.signal();
        if signal.aborted() && Object::is(&signal.reason(), &self.timeout_reason) {
            return AttemptError::TimedOut;
        }
        // undici says only "fetch failed"; the system error code is in its cause.
        let code = Reflect::get(&error, &JsValue::from_str("cause"))
            .and_then(|cause| Reflect::get(&cause, &JsValue::from_str("code")))
            .ok()
            .and_then(|code| code.as_string());
        let message = match code {
            Some(code) => format!("{} ({code})", describe(&error)),
            None => describe(&error),
        };
        AttemptError::Connection(message, Some(error))
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
