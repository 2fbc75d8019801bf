//! The pages of a `list`/`iterate` query: how a walk fetches a page (cursor first, items when
//! the walk reaches them) from the transport.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use js_sys::Array;
use nexus_wire::{routes, Page, Sequence};
use serde::Deserialize;
use wasm_bindgen::prelude::*;
use web_sys::AbortSignal;

use crate::input::list::ListQuery;
use crate::pagination::{FetchedPage, PageSource};
use crate::transport::{CallSettings, Failure, Method, Reply, Request, Transport};

/// The pages of one `list`/`iterate` query.
pub(super) struct SequencePages {
    pub(super) transport: Rc<Transport>,
    pub(super) project_id: Rc<str>,
    pub(super) query: ListQuery,
    pub(super) settings: CallSettings,
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
        let segments = [routes::PROJECTS, &self.project_id, routes::SEQUENCES];
        let request = Request {
            method: Method::Get,
            segments: &segments,
            query: query.to_pairs(),
            body: None,
        };
        self.transport.send(&request, settings).await
    }

    /// The page at `cursor`, handed to JavaScript.
    pub(super) async fn page(&self, cursor: Option<String>) -> Result<JsValue, Failure> {
        let reply = self.send(cursor, &self.settings).await?;
        Ok(self.transport.read_js::<Page<Sequence>>(&reply)?)
    }
}

/// The one field of a page a walk needs at once: where the next page is. Read alone when the
/// page's items do not fit, so that the walk can report them in their place and go on.
#[derive(Deserialize)]
struct PageCursor {
    #[serde(rename = "nextPage")]
    next_page: Option<String>,
}

impl PageSource for SequencePages {
    fn fetch(
        self: Rc<Self>,
        cursor: Option<String>,
        stop: AbortSignal,
    ) -> Pin<Box<dyn Future<Output = Result<FetchedPage, Failure>>>> {
        Box::pin(async move {
            let reply = self.send(cursor, &self.settings.with_signal(stop)).await?;
            // Parsed once, here; handed to JavaScript when the walk reaches it.
            let Page {
                next_page, data, ..
            } = match self.transport.parse::<Page<Sequence>>(&reply) {
                Ok(page) => page,
                Err(error) => {
                    let cursor: PageCursor = self.transport.parse(&reply)?;
                    return Ok(FetchedPage {
                        next_page: cursor.next_page,
                        items: Box::new(move || Err(error.into())),
                    });
                }
            };
            let transport = self.transport.clone();
            Ok(FetchedPage {
                next_page,
                items: Box::new(move || {
                    let items = transport.to_js(&data, &reply)?;
                    Ok(items.unchecked_into())
                }),
            })
        })
    }

    fn check_aborted(&self) -> Result<(), Failure> {
        self.settings.check_aborted()
    }

    fn signals(&self) -> Array {
        self.settings.signals().iter().collect()
    }
}
