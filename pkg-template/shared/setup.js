// The last step of loading the package, written once for every entry (Node, browsers and
// bundlers, Cloudflare Workers): scripts/build-package.sh copies this file to web/setup.js and
// derives node/setup.cjs from it. Keep it to `export function` declarations and no imports.

/**
 * Completes the freshly instantiated wasm module `wasm` (its JS glue): hands it the error
 * classes of `errors`, which it rejects with, makes its iterators step through each page in
 * JavaScript, and gives its rejections the caller's stack.
 */
export function finishLoading(wasm, errors) {
  wasm.registerErrorClasses({ ...errors });
  stepThroughPages(wasm.SequenceIterator.prototype, errors.NexusError);
  withCallerStacks(wasm.Sequences.prototype, ["list", "get", "patch", "delete", "bulkUpdate"], errors.NexusError);
}

/**
 * Gives the iterator class `prototype` a `next()` that steps through a page in JavaScript
 * instead of crossing into wasm per item: the walk (wasm) hands over a page at once with
 * `nextPage()`, called again only when the page is used up, when a caller's signal has fired
 * (the walk then rejects with its reason), or after `return()`. The walk keeps the read-ahead,
 * the order across pages and the retry of a failed page. `nextPage()` and `return()` see the
 * page stepped through, and `for await` gets the iterator itself (not a wasm copy), so every
 * way of reading a walk shares one page. Only calls that wait run an async function.
 */
export function stepThroughPages(prototype, NexusError) {
  const wasmNextPage = prototype.nextPage;
  const wasmReturn = prototype.return;
  const NONE = [];
  // Per iterator (weakly: nothing here outlives it): the page and the next index in it, the
  // caller's signals, whether return() was called, the calls waiting and the latest of them.
  const walks = new WeakMap();
  const walkOf = (iterator) => {
    let walk = walks.get(iterator);
    if (walk === undefined) {
      walk = { items: NONE, index: 0, signals: iterator.abortSignals(), returned: false, waiting: 0, tail: undefined };
      walks.set(iterator, walk);
    }
    return walk;
  };
  // Whether the next item can be served here: there is one and no signal has fired.
  const ready = (walk) => {
    if (walk.index >= walk.items.length) return false;
    for (const signal of walk.signals) if (signal.aborted) return false;
    return true;
  };
  const drop = (walk) => {
    walk.items = NONE;
    walk.index = 0;
  };
  const rest = (walk) => {
    const items = walk.index === 0 ? walk.items : walk.items.slice(walk.index);
    drop(walk);
    return items;
  };
  const settled = () => {};
  // Runs `take` after the calls made before it; the caller awaits this async function, so its
  // rejection can take the caller's stack.
  const queue = async (iterator, walk, take) => {
    walk.waiting++;
    const previous = walk.tail;
    const step = (async () => {
      try {
        await previous;
        return await take(iterator, walk);
      } finally {
        walk.waiting--;
      }
    })();
    walk.tail = step.then(settled, settled);
    try {
      return await step;
    } catch (error) {
      throw withCallerStack(error, NexusError);
    }
  };
  const takeItem = async (iterator, walk) => {
    if (ready(walk)) return { done: false, value: walk.items[walk.index++] };
    drop(walk);
    const page = await wasmNextPage.call(iterator);
    if (page.done) return page;
    const items = page.value; // never empty: the walk skips empty pages
    // A page that arrives after return() gives this call its item, and no more.
    if (!walk.returned) {
      walk.items = items;
      walk.index = 1;
    }
    return { done: false, value: items[0] };
  };
  const takePage = (iterator, walk) => {
    if (ready(walk)) return { done: false, value: rest(walk) };
    drop(walk);
    return wasmNextPage.call(iterator);
  };
  const methods = {
    next() {
      const walk = walkOf(this);
      if (walk.waiting === 0 && ready(walk)) return Promise.resolve({ done: false, value: walk.items[walk.index++] });
      return queue(this, walk, takeItem);
    },
    nextPage() {
      const walk = walkOf(this);
      if (walk.waiting === 0 && ready(walk)) return Promise.resolve({ done: false, value: rest(walk) });
      return queue(this, walk, takePage);
    },
    return() {
      const walk = walks.get(this);
      if (walk !== undefined) {
        drop(walk);
        walk.returned = true;
      }
      return wasmReturn.call(this);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
  for (const name of Reflect.ownKeys(methods)) {
    Object.defineProperty(prototype, name, { value: methods[name], writable: true, configurable: true });
  }
}

/**
 * Wraps the promise-returning methods `names` of `prototype` in async functions that, when
 * the call rejects with a `NexusError`, capture its stack again where the wrapper resumes: an
 * error made in a wasm continuation has no caller frames, while V8's async stack traces (Node,
 * Chromium, Deno, Workers; Bun's JavaScriptCore too) walk from an async function to the
 * functions awaiting it, so the new stack names the caller's line. Elsewhere the stack stays.
 */
export function withCallerStacks(prototype, names, NexusError) {
  if (typeof Error.captureStackTrace !== "function") return;
  for (const name of names) {
    const method = prototype[name];
    const wrapped = {
      async [name](...args) {
        try {
          return await method.apply(this, args);
        } catch (error) {
          throw withCallerStack(error, NexusError);
        }
      },
    }[name];
    Object.defineProperty(prototype, name, { value: wrapped, writable: true, configurable: true });
  }
}

/**
 * `error`, its stack captured again here when it is a `NexusError` (see withCallerStacks; call
 * it where an async function called by the caller resumes).
 */
export function withCallerStack(error, NexusError) {
  if (error instanceof NexusError && typeof Error.captureStackTrace === "function") {
    Error.captureStackTrace(error);
    // Format the stack now: until then V8 keeps each frame's receiver (this SDK object) alive
    // through the error, which a stored read-ahead page still holds.
    void error.stack;
  }
  return error;
}
