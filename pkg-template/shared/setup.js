// The last step of loading the package, written once for every entry (Node, browsers and
// bundlers, Cloudflare Workers): scripts/build-package.sh copies this file to web/setup.js and
// derives node/setup.cjs from it. Keep it to `export function` declarations and no imports.

/**
 * Completes the freshly instantiated wasm module `wasm` (its JS glue): hands it the error
 * classes of `errors`, which it rejects with, and makes its iterators work with `for await`.
 */
export function finishLoading(wasm, errors) {
  wasm.registerErrorClasses({ ...errors });
  // wasm-bindgen cannot name a method by a symbol; `for await` needs this one.
  wasm.SequenceIterator.prototype[Symbol.asyncIterator] ??= function () {
    return this;
  };
}
