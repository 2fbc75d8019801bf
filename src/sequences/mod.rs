//! `project.sequences`: list, get, patch, delete, bulk-update and iterate sequences. Each method
//! checks its arguments, states its route and response type, and leaves the rest to the
//! transport; the pages of `list`/`iterate` are in [`pages`].
//!
//! Every method checks its arguments before anything is sent (bad input rejects with a
//! `ValidationError` and no request) and resolves to the plain wire objects.

use std::future::Future;
use std::rc::Rc;

use js_sys::Promise;
use nexus_wire::{routes, DeleteSequenceResponse, Sequence, SequenceBulkUpdateResponse};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::errors::{ErrorKind, NexusError};
use crate::input::bulk::bulk_update_request;
use crate::input::ids::required_id;
use crate::input::list::ListQuery;
use crate::input::options::OptionsOf;
use crate::input::patch::{Budget, SequencePatchInput};
use crate::input::strict::Strict;
use crate::input::{read, Path};
use crate::pagination::SequenceIterator;
use crate::transport::{spawn, Failure, Method, Transport};

mod pages;

use pages::SequencePages;

/// The sequences of one project. Every method rejects with a {@link NexusError}, or with the
/// signal's `reason` when an `AbortSignal` fires.
#[wasm_bindgen]
#[derive(Debug)]
pub struct Sequences {
    transport: Rc<Transport>,
    project_id: Rc<str>,
}

impl Sequences {
    /// The sequences of `project_id`.
    pub fn new(transport: Rc<Transport>, project_id: Rc<str>) -> Sequences {
        Sequences {
            transport,
            project_id,
        }
    }

    /// Checks the arguments of `list`/`iterate` (whose options are `of`); the pages they ask
    /// for and how many to read ahead.
    fn pages(
        &self,
        pagination: &JsValue,
        filters: &JsValue,
        options: &JsValue,
        of: OptionsOf,
    ) -> Result<(SequencePages, u32), NexusError> {
        let query = ListQuery::read(pagination, filters)?;
        let (settings, read_ahead) = self.transport.settings(options, of)?;
        let pages = SequencePages {
            settings,
            transport: self.transport.clone(),
            project_id: self.project_id.clone(),
            query,
        };
        Ok((pages, read_ahead))
    }

    /// `get`/`patch`/`delete`: checks the sequence id, the body (already checked by the caller)
    /// and the options (those of a write but for `get`), then sends `method` to `/projects/{p}/sequences/{id}`.
    fn on_one<T: DeserializeOwned + Serialize>(
        &self,
        sequence_id: &JsValue,
        options: &JsValue,
        method: Method,
        body: Result<Option<String>, NexusError>,
    ) -> Promise {
        let of = match method {
            Method::Get => OptionsOf::Call,
            _ => OptionsOf::Write,
        };
        let prepared = required_id(sequence_id, &Path::root("sequenceId"))
            .and_then(|id| Ok((id, body?, self.transport.settings(options, of)?.0)));
        let transport = self.transport.clone();
        let project = self.project_id.clone();
        promise(prepared.map(|(id, body, settings)| async move {
            let segments = [routes::PROJECTS, &project, routes::SEQUENCES, &id];
            transport
                .call::<T>(method, &segments, body, &settings)
                .await
        }))
    }
}

#[wasm_bindgen]
impl Sequences {
    /// One page of sequences, oldest first.
    #[wasm_bindgen(unchecked_return_type = "Promise<WithLastResponse<Page<Sequence>>>")]
    pub fn list(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "Pagination")] pagination: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "SequenceFilters")] filters: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: JsValue,
    ) -> Promise {
        promise(
            self.pages(&pagination, &filters, &options, OptionsOf::Call)
                .map(|(pages, _)| async move { pages.page(pages.query.page.clone()).await }),
        )
    }

    /// A sequence by id; a {@link NotFoundError} when there is none.
    #[wasm_bindgen(unchecked_return_type = "Promise<WithLastResponse<Sequence>>")]
    pub fn get(
        &self,
        #[wasm_bindgen(js_name = "sequenceId", unchecked_param_type = "string")]
        sequence_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: JsValue,
    ) -> Promise {
        self.on_one::<Sequence>(&sequence_id, &options, Method::Get, Ok(None))
    }

    /// Renames a sequence and/or replaces its attributes; answers the changed sequence.
    /// Attribute values may be strings, numbers or booleans (sent as `String(v)`).
    #[wasm_bindgen(unchecked_return_type = "Promise<WithLastResponse<Sequence>>")]
    pub fn patch(
        &self,
        #[wasm_bindgen(js_name = "sequenceId", unchecked_param_type = "string")]
        sequence_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "SequencePatch")] patch: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "WriteRequestOptions")] options: JsValue,
    ) -> Promise {
        let path = Path::root("patch");
        let body = read::<Option<Strict<SequencePatchInput>>>(&patch, &path)
            .and_then(|patch| patch.ok_or_else(|| path.error("must be an object")))
            .and_then(|Strict(patch)| patch.check(&path, Budget::Enforced))
            .and_then(|patch| json_body(&patch))
            .map(Some);
        self.on_one::<Sequence>(&sequence_id, &options, Method::Patch, body)
    }

    /// Removes a sequence; its assets stay in the project.
    #[wasm_bindgen(unchecked_return_type = "Promise<WithLastResponse<DeleteSequenceResponse>>")]
    pub fn delete(
        &self,
        #[wasm_bindgen(js_name = "sequenceId", unchecked_param_type = "string")]
        sequence_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "WriteRequestOptions")] options: JsValue,
    ) -> Promise {
        self.on_one::<DeleteSequenceResponse>(&sequence_id, &options, Method::Delete, Ok(None))
    }

    /// Runs link, patch and remove actions in order, in one request; one result per action.
    /// The request carries one `Idempotency-Key` (`options.idempotencyKey`, or a fresh UUID)
    /// on every attempt, so a retried request is applied at most once.
    /// @param abortMode default `"None"`: each action stands alone.
    #[wasm_bindgen(
        js_name = bulkUpdate,
        unchecked_return_type = "Promise<WithLastResponse<SequenceBulkUpdateResponse>>"
    )]
    pub fn bulk_update(
        &self,
        #[wasm_bindgen(unchecked_param_type = "readonly SequenceBulkUpdateAction[]")]
        actions: JsValue,
        #[wasm_bindgen(
            js_name = "abortMode",
            unchecked_optional_param_type = "SequenceBulkUpdateAbortMode"
        )]
        abort_mode: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "WriteRequestOptions")] options: JsValue,
    ) -> Promise {
        let transport = self.transport.clone();
        let project = self.project_id.clone();
        let prepared = bulk_update_request(&actions, &abort_mode).and_then(|request| {
            let (settings, _) = transport.settings(&options, OptionsOf::Write)?;
            Ok((json_body(&request)?, settings))
        });
        promise(prepared.map(|(body, settings)| async move {
            let segments = [routes::PROJECTS, &project, routes::BULK_UPDATES];
            transport
                .call::<SequenceBulkUpdateResponse>(Method::Post, &segments, Some(body), &settings)
                .await
        }))
    }

    /// Every sequence, page after page, for `for await`; `options.readAhead` pages (default 1)
    /// are requested ahead of the one being read, and aborted when the walk stops early.
    /// @throws {ValidationError} at once (not on the first `next()`) for bad arguments.
    pub fn iterate(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "Pagination")] pagination: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "SequenceFilters")] filters: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "IterateOptions")] options: JsValue,
    ) -> Result<SequenceIterator, JsValue> {
        let (pages, read_ahead) =
            self.pages(&pagination, &filters, &options, OptionsOf::Iterate)?;
        let first = pages.query.page.clone();
        SequenceIterator::new(Rc::new(pages), first, read_ahead)
    }
}

/// A request body, written by serde_json.
fn json_body<T: Serialize>(value: &T) -> Result<String, NexusError> {
    // The request types hold only strings, integers and maps with string keys: this cannot
    // fail, but a failure would still be an error, not a panic.
    serde_json::to_string(value)
        .map_err(|error| NexusError::client(ErrorKind::Validation, error.to_string()))
}

/// A promise of `future`, or one already rejected with the input's `ValidationError`.
fn promise<F>(future: Result<F, NexusError>) -> Promise
where
    F: Future<Output = Result<JsValue, Failure>> + 'static,
{
    match future {
        Ok(future) => spawn(Box::pin(future)),
        Err(error) => Promise::reject(&error.into()),
    }
}
