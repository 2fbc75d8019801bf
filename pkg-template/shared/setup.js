// The last step of loading the package, written once for every entry (Node, browsers and
// bundlers, Cloudflare Workers): scripts/build-package.sh copies this file to web/setup.js and
// derives node/setup.cjs from it. Keep it to `export function` declarations and no imports.

/**
 * Completes the freshly instantiated wasm module `wasm` (its JS glue): hands it the error
 * classes of `errors`, which it rejects with, makes its iterators work with `for await`, and
 * gives its rejections the caller's stack.
 */
export function finishLoading(wasm, errors) {
  wasm.registerErrorClasses({ ...errors });
  // wasm-bindgen cannot name a method by a symbol; `for await` needs this one.
  wasm.SequenceIterator.prototype[Symbol.asyncIterator] ??= function () {
    return this;
  };
  withCallerStacks(wasm.Sequences.prototype, ["list", "get", "patch", "delete", "bulkUpdate"], errors.NexusError);
  withCallerStacks(wasm.SequenceIterator.prototype, ["next"], errors.NexusError);
}

/**
 * Wraps the promise-returning methods `names` of `prototype` in async functions that, when
 * the call rejects with a `NexusError`, capture its stack again where the wrapper resumes: an
 * error made in a wasm continuation has no caller frames, while V8's async stack traces (Node,
 * Chromium, Deno, Workers; Bun's JavaScriptCore too) walk from an async function to the
 * functions awaiting it, so the new stack names the caller's line. Elsewhere the stack stays.
 */
export function withCallerStacks(prototype, names, NexusError) {
  const capture = Error.captureStackTrace;
  if (typeof capture !== "function") return;
  for (const name of names) {
    const method = prototype[name];
    const wrapped = {
      async [name](...args) {
        try {
          return await method.apply(this, args);
        } catch (error) {
          if (error instanceof NexusError) {
            capture(error);
            // Format the stack now: until then V8 keeps each frame's receiver (this SDK
            // object) alive through the error, which a stored read-ahead page still holds.
            void error.stack;
          }
          throw error;
        }
      },
    }[name];
    Object.defineProperty(prototype, name, { value: wrapped, writable: true, configurable: true });
  }
}
