//! Walking a paged resource one item at a time: [`SequenceIterator`] follows `nextPage` until
//! it is `null`, fetching each page only when the previous one is used up. Any resource that
//! implements [`PageSource`] can be walked the same way.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use js_sys::{Array, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::transport::{spawn, Failure};

/// One fetched page.
pub struct FetchedPage {
    /// The page object as the API returned it (`{nextPage, prevPage, data}`).
    pub value: JsValue,
    /// Its `nextPage` cursor.
    pub next_page: Option<String>,
}

/// Something that serves pages by cursor (`None` for the first page).
pub trait PageSource {
    /// Fetches the page at `cursor`.
    fn fetch(
        self: Rc<Self>,
        cursor: Option<String>,
    ) -> Pin<Box<dyn Future<Output = Result<FetchedPage, Failure>>>>;
}

/// Where the walk is.
enum Position {
    /// The next page to fetch (the first one may have a cursor of its own).
    Fetch(Option<String>),
    /// Past the last page.
    End,
}

struct Walk {
    position: Position,
    items: Array,
    index: u32,
}

impl Walk {
    /// The next step that needs no fetch: a buffered item, or the end.
    fn buffered(&mut self) -> Option<JsValue> {
        if self.index < self.items.length() {
            let item = self.items.get(self.index);
            self.index += 1;
            return Some(step(false, &item));
        }
        match self.position {
            Position::End => Some(step(true, &JsValue::UNDEFINED)),
            Position::Fetch(_) => None,
        }
    }
}

struct Shared {
    source: Rc<dyn PageSource>,
    walk: RefCell<Walk>,
    /// The promise of the latest `next()` that had to wait, so concurrent calls run in order.
    tail: RefCell<Promise>,
    /// How many of those are still running.
    waiting: Cell<u32>,
}

/// An async iterator over sequences: `for await (const sequence of iterator) {...}`, or call
/// `next()` yourself. `iterator[Symbol.asyncIterator]()` returns an iterator sharing its state.
#[wasm_bindgen]
#[derive(Clone)]
pub struct SequenceIterator {
    shared: Rc<Shared>,
}

impl std::fmt::Debug for SequenceIterator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SequenceIterator")
    }
}

impl SequenceIterator {
    /// An iterator over `source` starting at the page `first` (`None`: the first page).
    pub fn new(source: Rc<dyn PageSource>, first: Option<String>) -> SequenceIterator {
        SequenceIterator {
            shared: Rc::new(Shared {
                source,
                walk: RefCell::new(Walk {
                    position: Position::Fetch(first),
                    items: Array::new(),
                    index: 0,
                }),
                tail: RefCell::new(Promise::resolve(&JsValue::UNDEFINED)),
                waiting: Cell::new(0),
            }),
        }
    }
}

#[wasm_bindgen]
impl SequenceIterator {
    /// Resolves to `{done: false, value: sequence}`, or `{done: true, value: undefined}` after
    /// the last one. A failed page fetch rejects; calling `next()` again retries that page.
    pub fn next(&self) -> Promise {
        // Most calls are served from the buffered page: answer them without spawning a
        // future (a tenth of the cost), unless an earlier call is still waiting for a page.
        if self.shared.waiting.get() == 0 {
            if let Some(step) = self.shared.walk.borrow_mut().buffered() {
                return Promise::resolve(&step);
            }
        }
        let shared = self.shared.clone();
        let previous = self.shared.tail.borrow().clone();
        shared.waiting.set(shared.waiting.get() + 1);
        let promise = spawn(Box::pin(async move {
            // Let an earlier next() finish first; its outcome is its caller's business.
            let _ = JsFuture::from(previous).await;
            let outcome = advance(&shared).await;
            shared.waiting.set(shared.waiting.get() - 1);
            outcome
        }));
        *self.shared.tail.borrow_mut() = promise.clone();
        promise
    }

    /// Ends the walk (called by `for await` on `break`); resolves to `{done: true}`.
    #[wasm_bindgen(js_name = "return")]
    pub fn finish(&self) -> Promise {
        let mut walk = self.shared.walk.borrow_mut();
        walk.position = Position::End;
        walk.items = Array::new();
        walk.index = 0;
        Promise::resolve(&step(true, &JsValue::UNDEFINED))
    }

    /// Returns an iterator over the same walk, so `for await` works on the iterator itself.
    #[wasm_bindgen(js_name = "[Symbol.asyncIterator]")]
    pub fn async_iterator(&self) -> SequenceIterator {
        self.clone()
    }
}

async fn advance(shared: &Shared) -> Result<JsValue, Failure> {
    loop {
        let cursor = {
            let mut walk = shared.walk.borrow_mut();
            if let Some(step) = walk.buffered() {
                return Ok(step);
            }
            match &walk.position {
                Position::Fetch(cursor) => cursor.clone(),
                Position::End => return Ok(step(true, &JsValue::UNDEFINED)),
            }
        };
        let page = shared.source.clone().fetch(cursor).await?;
        let items = Reflect::get(&page.value, &JsValue::from_str("data"))
            .ok()
            .and_then(|data| data.dyn_into::<Array>().ok())
            .unwrap_or_default();
        let mut walk = shared.walk.borrow_mut();
        if matches!(walk.position, Position::End) {
            // return() was called while the page was in flight.
            return Ok(step(true, &JsValue::UNDEFINED));
        }
        walk.items = items;
        walk.index = 0;
        walk.position = match page.next_page {
            Some(next) => Position::Fetch(Some(next)),
            None => Position::End,
        };
    }
}

/// An iterator result `{done, value}`.
fn step(done: bool, value: &JsValue) -> JsValue {
    let result = Object::new();
    let _ = Reflect::set(
        &result,
        &JsValue::from_str("done"),
        &JsValue::from_bool(done),
    );
    let _ = Reflect::set(&result, &JsValue::from_str("value"), value);
    result.into()
}
