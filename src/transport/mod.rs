//! The transport core: every API call goes through [`Transport::send`], which builds the URL,
//! sends the request with gloo-net, enforces the per-attempt timeout, links the caller's
//! `AbortSignal`s, and retries what [`crate::retry`] says may be retried.
//!
//! Timeouts and aborts use one `AbortController` per attempt. The caller's signals (client-level
//! and per-call) are linked to it with plain JS functions (`controller.abort.bind(...)`), so no
//! Rust closure has to outlive the call. A user abort is never retried: the call rejects at once
//! with the signal's `reason` (a `DOMException` named `AbortError` unless the caller gave
//! `abort()` a reason), exactly as `fetch` itself does.
//!
//! By job: [`url`] builds the URL, `attempt` makes one attempt under its abort guard (through
//! the caller's `fetch` when it gave one), `send` runs the retry loop, `hooks` tells the
//! caller's hooks about each attempt, `messages` words the transport's own errors,
//! `idempotency_key` makes the key of a write when the caller gave none, and `user_agent` names
//! the SDK where that is safe.

mod attempt;
mod hooks;
mod idempotency_key;
mod messages;
mod request;
mod send;
pub mod url;
mod user_agent;

use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::JsValue;
use web_sys::AbortSignal;

use crate::decode;
use crate::errors::NexusError;
use crate::input::io::{merged, Io};
use crate::input::options::{CallOptions, OptionsOf, RequestPolicy};
use crate::response::attach_last_response;
use crate::security::{Endpoint, SecretKey};

pub use request::{spawn, CallSettings, Failure, Method, Reply, Request};

/// The connection to the API, shared by every resource object of a client.
#[derive(Debug)]
pub struct Transport {
    endpoint: Endpoint,
    /// `None` for a keyless client, behind a server that adds the key.
    key: Option<SecretKey>,
    policy: RequestPolicy,
    signal: Option<AbortSignal>,
    io: Io,
    user_agent: Option<String>,
}

impl Transport {
    /// A transport to `endpoint` authenticating with `key`, if any.
    pub fn new(
        endpoint: Endpoint,
        key: Option<SecretKey>,
        policy: RequestPolicy,
        signal: Option<AbortSignal>,
    ) -> Self {
        Transport {
            endpoint,
            key,
            policy,
            signal,
            io: Io::default(),
            user_agent: user_agent::of_this_runtime(),
        }
    }

    /// This transport sending through the caller's `fetch`, with its hooks and default headers.
    pub fn with_io(self, io: Io) -> Self {
        Transport { io, ..self }
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
            headers,
            read_ahead,
        } = CallOptions::read(options, self.policy, of)?;
        let settings = CallSettings {
            policy,
            signals: self.signal.iter().cloned().chain(signal).collect(),
            idempotency_key,
            headers: merged(&self.io.default_headers, headers),
        };
        Ok((settings, read_ahead))
    }

    /// Sends `method` to the path `segments` with `body` (see [`Transport::send`]) and hands
    /// the 2xx reply, read as a `T`, to JavaScript. Every error, a response of the wrong shape
    /// included, has the secret key masked.
    pub async fn call<T: DeserializeOwned + Serialize>(
        &self,
        method: Method,
        segments: &[&str],
        body: Option<String>,
        settings: &CallSettings,
    ) -> Result<JsValue, Failure> {
        let request = Request {
            method,
            segments,
            query: Vec::new(),
            body,
        };
        let reply = self.send(&request, settings).await?;
        Ok(self.read_js::<T>(&reply)?)
    }

    /// A 2xx reply's body read as a `T` and handed to JavaScript.
    pub fn read_js<T: DeserializeOwned + Serialize>(
        &self,
        reply: &Reply,
    ) -> Result<JsValue, NexusError> {
        let value: T = self.parse(reply)?;
        let result = self.to_js(&value, reply)?;
        attach_last_response(&result, reply);
        Ok(result)
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

    pub(super) fn redacted(&self, error: NexusError) -> NexusError {
        match &self.key {
            Some(key) => error.redacted(key.expose()),
            None => error,
        }
    }
}
