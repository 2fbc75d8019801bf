//! What a call is made of: the request before it is sent, the reply, the settings of the call,
//! and how it fails.

use std::future::Future;
use std::pin::Pin;

use js_sys::Promise;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::future_to_promise;
use web_sys::AbortSignal;

use crate::errors::NexusError;
use crate::input::options::RequestPolicy;

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
    /// The method's name on the wire.
    pub fn as_str(self) -> &'static str {
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
    /// Every header, names lower-case, values with the secret key masked.
    pub headers: Vec<(String, String)>,
    /// The `Idempotency-Key` the request was sent with.
    pub idempotency_key: Option<String>,
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
    pub(super) policy: RequestPolicy,
    pub(super) signals: Vec<AbortSignal>,
    pub(super) idempotency_key: Option<String>,
    /// The client's default headers with the call's over them, names lower-case.
    pub(super) headers: Vec<(String, String)>,
}

impl CallSettings {
    /// These settings with one more signal that aborts the request (an iterator's own, so
    /// that stopping a walk aborts the pages it fetches ahead).
    pub fn with_signal(&self, signal: AbortSignal) -> CallSettings {
        let mut settings = self.clone();
        settings.signals.push(signal);
        settings
    }

    /// The signals that abort the call.
    pub fn signals(&self) -> &[AbortSignal] {
        &self.signals
    }

    /// Rejects with the reason of the first of these signals that has aborted.
    pub fn check_aborted(&self) -> Result<(), Failure> {
        check_aborted(&self.signals)
    }
}

/// Rejects with the reason of the first aborted signal.
pub(super) fn check_aborted(signals: &[AbortSignal]) -> Result<(), Failure> {
    match signals.iter().find(|s| s.aborted()) {
        Some(signal) => Err(Failure::Aborted(signal.reason())),
        None => Ok(()),
    }
}
