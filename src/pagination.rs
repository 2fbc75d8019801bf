//! Walking a paged resource: [`SequenceIterator`] follows `nextPage` until it is `null`, keeping
//! up to `readAhead` pages requested ahead of the one the caller is reading, so that the caller's
//! own work and the next request overlap. Cursors chain (a page's request needs the previous
//! page's `nextPage`), so pages are still fetched one after another.
//!
//! The walk hands out a page at a time (`nextPage()`): one crossing into wasm and one converted
//! Array per page. The package's `next()` (pkg-template/shared/setup.js, installed over the
//! exported one) steps through that Array in JavaScript and calls `nextPage()` only when it is
//! used up, when one of the caller's signals (`abortSignals()`) has fired, or after `return()`;
//! the exported `next()` below serves callers of the bare wasm module, item by item.
//!
//! Stopping early (`return()`, which `break` in `for await` calls, or the caller's signal)
//! aborts the request in flight: at most `readAhead` pages are requested that the caller never
//! reads. A failed page is reported where it belongs, after the items of the pages before it;
//! calling `next()` again requests it again (a page that arrived but whose body cannot be read
//! is reported the same way, and the walk then goes on after it). The next request starts as
//! soon as a page is parsed (once: its cursor comes from the same parse); its items are
//! converted for JavaScript when the walk reaches them, while that request is in flight. Any
//! resource that implements [`PageSource`] can be walked the same way.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use js_sys::{Array, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use web_sys::{AbortController, AbortSignal};

use crate::transport::{spawn, Failure};

/// One fetched page, its items not yet handed to JavaScript.
pub struct FetchedPage {
    /// Its `nextPage` cursor.
    pub next_page: Option<String>,
    /// Hands its items to JavaScript (run when the walk reaches the page), or the failure to
    /// report in its place when its body could not be read.
    pub items: Box<dyn FnOnce() -> Result<Array, Failure>>,
}

impl std::fmt::Debug for FetchedPage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FetchedPage")
            .field("next_page", &self.next_page)
            .finish_non_exhaustive()
    }
}

/// Something that serves pages by cursor (`None` for the first page).
pub trait PageSource {
    /// Fetches the page at `cursor`; `stop` aborts the request. It fails when not even the
    /// page's cursor can be read (the walk then requests it again).
    fn fetch(
        self: Rc<Self>,
        cursor: Option<String>,
        stop: AbortSignal,
    ) -> Pin<Box<dyn Future<Output = Result<FetchedPage, Failure>>>>;

    /// Rejects with the reason of the caller's signal once it has aborted.
    fn check_aborted(&self) -> Result<(), Failure>;

    /// The caller's signals that `check_aborted` reads.
    fn signals(&self) -> Array;
}

/// What one step of the walk hands out.
#[derive(Clone, Copy)]
enum Unit {
    /// One item.
    Item,
    /// The items of the page being read not handed out yet, or else those of the next page.
    Page,
}

/// The page to request next.
enum Next {
    /// The page at this cursor (the first one may have a cursor of its own).
    Page(Option<String>),
    /// None: the last page has been fetched.
    End,
}

/// Where the walk is.
struct Walk {
    /// Items of the page being read, and how many of them were handed out.
    items: Array,
    index: u32,
    /// Pages fetched ahead, oldest first; a failure is the page after the ones before it.
    ready: VecDeque<Result<FetchedPage, Failure>>,
    next: Next,
    /// The fetch under way; it resolves once its page (or failure) is in `ready`.
    in_flight: Option<Promise>,
    /// Aborts this walk's requests; `None` once the walk has stopped. It is let go when the
    /// walk stops because its signal then holds the abort's `DOMException`, whose captured
    /// stack holds the iterator object `return()` was called on: kept here (a root, as every
    /// JS value Rust holds is), it would keep the iterator, and so this walk, alive for good.
    stop: Option<AbortController>,
}

impl Walk {
    /// Whether a failure waits in `ready` (always last: nothing more is fetched before the
    /// caller has seen it).
    fn holds_failure(&self) -> bool {
        matches!(self.ready.back(), Some(Err(_)))
    }

    fn stopped(&self) -> bool {
        self.stop.is_none()
    }

    /// The next step that needs no fetch: an item or a page's items (`unit`), a failure or the
    /// end; `None` when the walk has to wait for a page. Reaching a fetched page hands its items
    /// to JavaScript.
    fn step(&mut self, unit: Unit) -> Option<Result<JsValue, Failure>> {
        loop {
            if self.stopped() {
                return Some(Ok(iterator_result(true, &JsValue::UNDEFINED)));
            }
            let length = self.items.length();
            if self.index < length {
                let value = match unit {
                    Unit::Item => self.items.get(self.index),
                    Unit::Page if self.index == 0 => {
                        std::mem::replace(&mut self.items, Array::new()).into()
                    }
                    Unit::Page => self.items.slice(self.index, length).into(),
                };
                self.index = match unit {
                    Unit::Item => self.index + 1,
                    Unit::Page => length,
                };
                return Some(Ok(iterator_result(false, &value)));
            }
            match self.ready.pop_front() {
                Some(Ok(page)) => match (page.items)() {
                    Ok(items) => {
                        self.items = items;
                        self.index = 0;
                    }
                    Err(failure) => return Some(Err(failure)),
                },
                Some(Err(failure)) => return Some(Err(failure)),
                None if matches!(self.next, Next::End) && self.in_flight.is_none() => {
                    return Some(Ok(iterator_result(true, &JsValue::UNDEFINED)));
                }
                None => return None,
            }
        }
    }
}

struct Shared {
    source: Rc<dyn PageSource>,
    /// Pages to keep fetched or in flight beyond the one being read.
    read_ahead: usize,
    walk: RefCell<Walk>,
    /// The promise of the latest `next()`/`nextPage()` that had to wait, so concurrent calls
    /// run in order.
    tail: RefCell<Promise>,
    /// How many of those are still running.
    waiting: Cell<u32>,
}

impl Shared {
    /// Starts fetching the next page if the walk wants one: fewer than `read_ahead` pages are
    /// ready beyond the one a waiting caller is about to read, or (`demand`) none is and the
    /// caller is waiting.
    fn pump(self: &Rc<Self>, demand: bool) {
        let (cursor, stop) = {
            let walk = self.walk.borrow();
            let taken_next = usize::from(self.waiting.get() > 0);
            let buffered = walk.ready.len().saturating_sub(taken_next);
            let wanted = buffered < self.read_ahead || (demand && buffered == 0);
            match (&walk.next, &walk.stop) {
                (Next::Page(cursor), Some(stop))
                    if wanted && !walk.holds_failure() && walk.in_flight.is_none() =>
                {
                    (cursor.clone(), stop.signal())
                }
                _ => return,
            }
        };
        let fetch = self.source.clone().fetch(cursor, stop);
        let shared = self.clone();
        let fetched = future_to_promise(async move {
            let outcome = fetch.await;
            {
                let mut walk = shared.walk.borrow_mut();
                walk.in_flight = None;
                if walk.stopped() {
                    return Ok(JsValue::UNDEFINED);
                }
                match outcome {
                    Ok(page) => {
                        walk.next = page
                            .next_page
                            .clone()
                            .map_or(Next::End, |c| Next::Page(Some(c)));
                        walk.ready.push_back(Ok(page));
                    }
                    Err(failure) => walk.ready.push_back(Err(failure)),
                }
            }
            shared.pump(false);
            Ok(JsValue::UNDEFINED)
        });
        self.walk.borrow_mut().in_flight = Some(fetched);
    }

    /// The next step, fetching as needed.
    async fn advance(self: &Rc<Self>, unit: Unit) -> Result<JsValue, Failure> {
        loop {
            if let Some(outcome) = self.step_now(unit) {
                return outcome;
            }
            self.pump(true);
            let in_flight = self.walk.borrow().in_flight.clone();
            match in_flight {
                Some(fetched) => {
                    let _ = JsFuture::from(fetched).await;
                }
                // Nothing can be fetched (cannot happen while a page is wanted): end the walk
                // rather than wait forever.
                None => self.stop(),
            }
        }
    }

    /// The next step if it needs no fetch; a fired caller signal ends the walk with its reason.
    fn step_now(self: &Rc<Self>, unit: Unit) -> Option<Result<JsValue, Failure>> {
        if let Err(aborted) = self.source.check_aborted() {
            self.stop();
            return Some(Err(aborted));
        }
        let outcome = self.walk.borrow_mut().step(unit)?;
        self.pump(false);
        Some(outcome)
    }

    /// Ends the walk and aborts its request in flight.
    fn stop(&self) {
        let mut walk = self.walk.borrow_mut();
        let Some(stop) = walk.stop.take() else {
            return;
        };
        walk.items = Array::new();
        walk.index = 0;
        walk.ready.clear();
        drop(walk);
        stop.abort();
    }

    /// The next step; concurrent calls settle in the order they were made.
    fn next(self: &Rc<Self>, unit: Unit) -> Promise {
        // Most calls are served from the page being read: answer them without spawning a
        // future (a tenth of the cost), unless an earlier call is still waiting for a page.
        if self.waiting.get() == 0 {
            match self.step_now(unit) {
                Some(Ok(step)) => return Promise::resolve(&step),
                Some(Err(failure)) => return Promise::reject(&failure.into()),
                None => {}
            }
        }
        let shared = self.clone();
        let previous = self.tail.borrow().clone();
        shared.waiting.set(shared.waiting.get() + 1);
        let promise = spawn(Box::pin(async move {
            // Let an earlier call finish first; its outcome is its caller's business.
            let _ = JsFuture::from(previous).await;
            let outcome = shared.advance(unit).await;
            shared.waiting.set(shared.waiting.get() - 1);
            outcome
        }));
        *self.tail.borrow_mut() = promise.clone();
        promise
    }
}

/// Iterates over the sequences of every page; from {@link Sequences.iterate}. Use it in
/// `for await (const sequence of iterator)`, or call `next()` (a sequence at a time) or
/// `nextPage()` (a page at a time) yourself.
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
    /// An iterator over `source` starting at the page `first` (`None`: the first page), keeping
    /// `read_ahead` pages requested ahead of the one being read. Nothing is requested before the
    /// first `next()`.
    pub fn new(
        source: Rc<dyn PageSource>,
        first: Option<String>,
        read_ahead: u32,
    ) -> Result<SequenceIterator, JsValue> {
        Ok(SequenceIterator {
            shared: Rc::new(Shared {
                source,
                read_ahead: read_ahead as usize,
                walk: RefCell::new(Walk {
                    items: Array::new(),
                    index: 0,
                    ready: VecDeque::new(),
                    next: Next::Page(first),
                    in_flight: None,
                    stop: Some(AbortController::new()?),
                }),
                tail: RefCell::new(Promise::resolve(&JsValue::UNDEFINED)),
                waiting: Cell::new(0),
            }),
        })
    }
}

#[wasm_bindgen]
impl SequenceIterator {
    /// The next sequence, fetching the next page when the current one is used up; `done` after
    /// the last one. A failed page fetch rejects; calling `next()` again retries that page.
    #[wasm_bindgen(unchecked_return_type = "Promise<IteratorResult<Sequence, undefined>>")]
    pub fn next(&self) -> Promise {
        self.shared.next(Unit::Item)
    }

    /// The sequences of the page being read that `next()` has not returned yet, or else those of
    /// the next page that has any, all at once (never an empty array); `done` after the last
    /// page. Mixes with `next()` and `for await` on the same walk, and rejects (a failed page,
    /// an aborted signal) and retries a failed page as `next()` does.
    #[wasm_bindgen(
        js_name = "nextPage",
        unchecked_return_type = "Promise<IteratorResult<Sequence[], undefined>>"
    )]
    pub fn next_page(&self) -> Promise {
        self.shared.next(Unit::Page)
    }

    /// The caller's signals this walk stops at (the call's and the client's): the package's
    /// `next()` reads them at each item it serves without calling into wasm.
    #[wasm_bindgen(js_name = "abortSignals", skip_typescript)]
    pub fn abort_signals(&self) -> Array {
        self.shared.source.signals()
    }

    /// Stops the iteration (called by `break` in `for await`) and aborts the pages being
    /// fetched ahead.
    #[wasm_bindgen(
        js_name = "return",
        unchecked_return_type = "Promise<IteratorResult<Sequence, undefined>>"
    )]
    pub fn finish(&self) -> Promise {
        self.shared.stop();
        Promise::resolve(&iterator_result(true, &JsValue::UNDEFINED))
    }

    /// An iterator over the same walk (the package's is the iterator itself): makes the
    /// iterator usable in `for await`.
    #[wasm_bindgen(js_name = "[Symbol.asyncIterator]")]
    pub fn async_iterator(&self) -> SequenceIterator {
        self.clone()
    }
}

/// An iterator result `{done, value}`.
fn iterator_result(done: bool, value: &JsValue) -> JsValue {
    let result = Object::new();
    let _ = Reflect::set(
        &result,
        &JsValue::from_str("done"),
        &JsValue::from_bool(done),
    );
    let _ = Reflect::set(&result, &JsValue::from_str("value"), value);
    result.into()
}
