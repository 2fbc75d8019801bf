// Counts the calls into wasm that iterators make: wraps the methods of the wasm glue's
// SequenceIterator before the package entry completes that class, so that the package's
// JavaScript `next()` calls these wrappers. Import it before anything that loads the package.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
const glue = require(join(dirname(require.resolve("nexus-sequences")), "nexus_sequences.js"));
const prototype = glue.SequenceIterator.prototype;

/** Calls so far into each wasm method of SequenceIterator, by name. */
export const crossings = {};

for (const name of Reflect.ownKeys(prototype)) {
  const method = prototype[name];
  if (name === "constructor" || typeof method !== "function") continue;
  const key = String(name);
  crossings[key] = 0;
  prototype[name] = function (...args) {
    crossings[key]++;
    return method.apply(this, args);
  };
}

/** The calls into wasm made by `action`, by method (only those called). */
export async function crossingsOf(action) {
  const before = { ...crossings };
  await action();
  return Object.fromEntries(
    Object.entries(crossings)
      .map(([name, count]) => [name, count - before[name]])
      .filter(([, count]) => count > 0),
  );
}

