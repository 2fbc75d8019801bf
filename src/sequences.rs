//! `project.sequences`: list, get, patch, delete, bulk-update and iterate sequences.
//!
//! Every method checks its arguments before anything is sent (bad input rejects with a
//! `ValidationError` and no request) and resolves to the plain wire objects.

use std::future::Future;
use std::rc::Rc;

use js_sys::{Array, Promise};
use nexus_wire::{DeleteSequenceResponse, Page, Sequence, SequenceBulkUpdateResponse};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use crate::errors::{ErrorKind, NexusError};
use crate::input::bulk::bulk_update_request;
use crate::input::ids::required_id;
use crate::input::list::ListQuery;
use crate::input::options::OptionsOf;
use crate::input::patch::{Budget, SequencePatchInput};
use crate::input::strict::Strict;
use crate::input::{read, Path};
use crate::pagination::{FetchedPage, PageSource, SequenceIterator};
use crate::transport::{spawn, CallSettings, Failure, Method, Reply, Request, Transport};

/// The sequences of one project.
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
    /// and the options, then sends `method` to `/projects/{p}/sequences/{id}`.
    fn on_one<T: DeserializeOwned + Serialize>(
        &self,
        sequence_id: &JsValue,
        options: &JsValue,
        method: Method,
        body: Result<Option<String>, NexusError>,
    ) -> Promise {
        let prepared = required_id(sequence_id, &Path::root("sequenceId")).and_then(|id| {
            Ok((
                id,
                body?,
                self.transport.settings(options, OptionsOf::Call)?.0,
            ))
        });
        let transport = self.transport.clone();
        let project = self.project_id.clone();
        promise(prepared.map(|(id, body, settings)| async move {
            let segments = ["projects", &project, "sequences", &id];
            transport
                .call::<T>(method, &segments, body, &settings)
                .await
        }))
    }
}

#[wasm_bindgen]
impl Sequences {
    /// `list(pagination?: {limit?, page?}, filters?: {name?}, options?)` resolves to one page
    /// `{nextPage, prevPage, data}`.
    pub fn list(&self, pagination: JsValue, filters: JsValue, options: JsValue) -> Promise {
        promise(
            self.pages(&pagination, &filters, &options, OptionsOf::Call)
                .map(|(pages, _)| async move { pages.page(pages.query.page.clone()).await }),
        )
    }

    /// `get(sequenceId, options?)` resolves to the Sequence.
    pub fn get(
        &self,
        #[wasm_bindgen(js_name = "sequenceId")] sequence_id: JsValue,
        options: JsValue,
    ) -> Promise {
        self.on_one::<Sequence>(&sequence_id, &options, Method::Get, Ok(None))
    }

    /// `patch(sequenceId, patch: {name?, attributes?}, options?)` resolves to the Sequence after
    /// the change. Attribute values may be strings, numbers or booleans (sent as `String(v)`).
    pub fn patch(
        &self,
        #[wasm_bindgen(js_name = "sequenceId")] sequence_id: JsValue,
        patch: JsValue,
        options: JsValue,
    ) -> Promise {
        let path = Path::root("patch");
        let body = read::<Option<Strict<SequencePatchInput>>>(&patch, &path)
            .and_then(|patch| patch.ok_or_else(|| path.error("must be an object")))
            .and_then(|Strict(patch)| patch.check(&path, Budget::Enforced))
            .and_then(|patch| json_body(&patch))
            .map(Some);
        self.on_one::<Sequence>(&sequence_id, &options, Method::Patch, body)
    }

    /// `delete(sequenceId, options?)` resolves to `{deleted: true, id}`.
    pub fn delete(
        &self,
        #[wasm_bindgen(js_name = "sequenceId")] sequence_id: JsValue,
        options: JsValue,
    ) -> Promise {
        self.on_one::<DeleteSequenceResponse>(&sequence_id, &options, Method::Delete, Ok(None))
    }

    /// `bulkUpdate(actions, abortMode?, options?)` resolves to `{actions: [result, ...]}`.
    ///
    /// The request carries one `Idempotency-Key` (`options.idempotencyKey`, or a fresh UUID)
    /// on every attempt, so a retried request is applied at most once.
    #[wasm_bindgen(js_name = bulkUpdate)]
    pub fn bulk_update(
        &self,
        actions: JsValue,
        #[wasm_bindgen(js_name = "abortMode")] abort_mode: JsValue,
        options: JsValue,
    ) -> Promise {
        let transport = self.transport.clone();
        let project = self.project_id.clone();
        let prepared = bulk_update_request(&actions, &abort_mode).and_then(|request| {
            let (settings, _) = transport.settings(&options, OptionsOf::BulkUpdate)?;
            Ok((json_body(&request)?, settings))
        });
        promise(prepared.map(|(body, settings)| async move {
            let segments = ["projects", &project, "sequencesBulkUpdates"];
            transport
                .call::<SequenceBulkUpdateResponse>(Method::Post, &segments, Some(body), &settings)
                .await
        }))
    }

    /// `iterate(pagination?, filters?, options?: {readAhead?, ...})` returns an async iterator
    /// over every sequence, keeping `readAhead` pages (default 1) requested ahead of the one
    /// being read. Throws a `ValidationError` at once for bad arguments.
    pub fn iterate(
        &self,
        pagination: JsValue,
        filters: JsValue,
        options: JsValue,
    ) -> Result<SequenceIterator, JsValue> {
        let (pages, read_ahead) =
            self.pages(&pagination, &filters, &options, OptionsOf::Iterate)?;
        let first = pages.query.page.clone();
        SequenceIterator::new(Rc::new(pages), first, read_ahead)
    }
}

/// The pages of one `list`/`iterate` query.
struct SequencePages {
    transport: Rc<Transport>,
    project_id: Rc<str>,
    query: ListQuery,
    settings: CallSettings,
}

impl SequencePages {
    /// Requests the page at `cursor`.
    async fn send(
        &self,
        cursor: Option<String>,
        settings: &CallSettings,
    ) -> Result<Reply, Failure> {
        let query = ListQuery {
            page: cursor,
            ..self.query.clone()
        };
        let segments = ["projects", &self.project_id, "sequences"];
        let request = Request {
            method: Method::Get,
            segments: &segments,
            query: query.to_pairs(),
            body: None,
        };
        self.transport.send(&request, settings).await
    }

    /// The page at `cursor`, handed to JavaScript.
    async fn page(&self, cursor: Option<String>) -> Result<JsValue, Failure> {
        let reply = self.send(cursor, &self.settings).await?;
        Ok(self.transport.read_js::<Page<Sequence>>(&reply)?)
    }
}

/// The one field of a page a walk needs at once: where the next page is. Reading it alone
/// lets the next request start before the page is converted for JavaScript.
#[derive(Deserialize)]
struct PageCursor {
    #[serde(rename = "nextPage")]
    next_page: Option<String>,
}

impl PageSource for SequencePages {
    fn fetch(
        self: Rc<Self>,
        cursor: Option<String>,
        stop: web_sys::AbortSignal,
    ) -> std::pin::Pin<Box<dyn Future<Output = Result<FetchedPage, Failure>>>> {
        Box::pin(async move {
            let reply = self.send(cursor, &self.settings.with_signal(stop)).await?;
            let cursor: PageCursor = self.transport.parse(&reply)?;
            Ok(FetchedPage {
                next_page: cursor.next_page,
                reply,
            })
        })
    }

    fn items(&self, page: FetchedPage) -> Result<Array, Failure> {
        let parsed: Page<Sequence> = self.transport.parse(&page.reply)?;
        let items = self.transport.to_js(&parsed.data, &page.reply)?;
        Ok(items.unchecked_into())
    }

    fn check_aborted(&self) -> Result<(), Failure> {
        self.settings.check_aborted()
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
