//! The retry loop: attempts a request until it gets a 2xx, a failure that may not be retried,
//! or runs out of retries, waiting between attempts as [`crate::retry`] says.

use js_sys::{Math, Object, Promise, Reflect};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortSignal;

use super::attempt::{clear_timeout, set_timeout, AttemptError};
use super::idempotency_key::new_idempotency_key;
use super::request::check_aborted;
use super::url::build_url;
use super::{messages, CallSettings, Failure, Method, Reply, Request, Transport};
use crate::errors::{ErrorContext, ErrorKind, NexusError};
use crate::input::io::Hook;
use crate::response::headers_object;
use crate::retry::{self, Outcome};
use crate::security::REDACTED;

impl Transport {
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
        // What the hooks see in place of the key (a keyless client sends none).
        let masked_key = self.key.as_ref().map(|_| REDACTED);
        loop {
            check_aborted(signals)?;
            let attempt_info = |info: Object| {
                set(&info, "method", &JsValue::from_str(request.method.as_str()));
                set(&info, "url", &JsValue::from_str(&url));
                set(&info, "attempt", &JsValue::from(retry + 1));
                info
            };
            self.notify(Hook::Request, || {
                let headers =
                    self.request_headers(request, idempotency_key.as_deref(), settings, masked_key);
                let info = attempt_info(Object::new());
                set(&info, "headers", &headers_object(&headers));
                info
            });
            let attempt = self
                .attempt(&url, request, idempotency_key.as_deref(), settings)
                .await;
            if let Ok((reply, _)) = &attempt {
                self.notify(Hook::Response, || {
                    let info = attempt_info(Object::new());
                    set(&info, "status", &JsValue::from(reply.status));
                    let id = reply.request_id.as_deref();
                    set(
                        &info,
                        "requestId",
                        &id.map_or(JsValue::NULL, JsValue::from_str),
                    );
                    set(&info, "headers", &headers_object(&reply.headers));
                    info
                });
            }
            let (outcome, error, retry_after_ms) = match attempt {
                Ok((reply, _)) if (200..300).contains(&reply.status) => return Ok(reply),
                Ok((reply, retry_after)) => {
                    let body = String::from_utf8_lossy(&reply.body);
                    let mut error =
                        NexusError::from_response(reply.status, &body, reply.request_id);
                    if reply.status == 404 && request.method == Method::Delete && maybe_applied {
                        // A server that ignores Idempotency-Key answers the retry of a delete
                        // that did happen with a 404: say so rather than report a plain miss.
                        error.message.push_str(messages::DELETE_MAY_HAVE_HAPPENED);
                    }
                    error.message.push_str(&messages::attempts_note(retry));
                    let retry_after_ms = retry_after
                        .as_deref()
                        .and_then(|value| retry::parse_retry_after(value, js_sys::Date::now()));
                    error.context = Some(Box::new(ErrorContext {
                        headers: reply.headers,
                        retry_after_ms,
                        cause: None,
                    }));
                    (
                        Outcome::Status(reply.status),
                        self.redacted(error),
                        retry_after_ms,
                    )
                }
                Err(AttemptError::Aborted(reason)) => return Err(Failure::Aborted(reason)),
                Err(AttemptError::TimedOut) => {
                    let timeout_ms = settings.policy.timeout_ms;
                    let message = messages::timed_out(request.method, &url, timeout_ms, retry);
                    (
                        Outcome::TimedOut,
                        NexusError::client(ErrorKind::RequestTimeout, message),
                        None,
                    )
                }
                Err(AttemptError::Connection(text, cause)) => {
                    let message = messages::connection_failed(request.method, &url, &text, retry);
                    let error = NexusError {
                        context: Some(Box::new(ErrorContext {
                            cause,
                            ..ErrorContext::default()
                        })),
                        ..NexusError::client(ErrorKind::NetworkConnection, message)
                    };
                    (Outcome::ConnectionFailed, error, None)
                }
                // Refused like a connection that fails, but at once: the same request would be
                // redirected again.
                Err(AttemptError::Redirected(status)) => {
                    let text = messages::redirect_refused(status);
                    let message = messages::connection_failed(request.method, &url, &text, retry);
                    let error = NexusError::client(ErrorKind::NetworkConnection, message);
                    (Outcome::Redirected, error, None)
                }
            };
            if retry >= max_retries || !retry::is_retryable(outcome) {
                return Err(error.into());
            }
            maybe_applied |= request.method != Method::Get && outcome != Outcome::Status(429);
            let delay_ms = retry::delay_ms(retry, retry_after_ms, Math::random());
            self.notify(Hook::Retry, || {
                let info = attempt_info(Object::new());
                set(&info, "delayMs", &JsValue::from(delay_ms));
                set(&info, "error", &JsValue::from(error));
                info
            });
            sleep(delay_ms, signals).await?;
            retry += 1;
        }
    }
}

/// Sets `key` of a fresh info object (which cannot fail).
fn set(info: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(info, &JsValue::from_str(key), value);
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
