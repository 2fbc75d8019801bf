//! One attempt of a request: built with its headers, sent with gloo-net under a per-attempt
//! `AbortController` (the timeout and the caller's signals, linked by [`AttemptGuard`]), and read
//! in full.

use js_sys::{Function, Object, Reflect, Uint8Array};
use nexus_wire::header;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, Headers, RequestInit, RequestRedirect, ResponseType};

use super::messages;
use super::CallSettings;
use super::{Reply, Request, Transport};

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
    /// Anything else: refused, reset, DNS, CORS, a redirect.
    Connection(String),
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
            return Err(AttemptError::Connection(messages::redirect_refused(status)));
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
        if let Some(key) = &self.key {
            headers.set(header::SECRET_KEY, key.expose())?;
        }
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

/// The message of a thrown JS value.
pub(super) fn describe(error: &JsValue) -> String {
    match error.dyn_ref::<js_sys::Error>() {
        Some(error) => String::from(error.message()),
        None => error
            .as_string()
            .unwrap_or_else(|| "unknown error".to_owned()),
    }
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
