// Browser and bundler entry. The wasm is instantiated here, once, with top-level await, so
// importing the package is all a caller does: no init() call.
import init, * as wasm from "./nexus_sequences.js";
import * as errors from "./errors.js";
import { finishLoading } from "./setup.js";

// This exact `new URL("…", import.meta.url)` form is what Vite and webpack 5 recognise as an
// asset reference, so bundles ship the wasm file and rewrite the URL to it.
await init({ module_or_path: new URL("./nexus_sequences_bg.wasm", import.meta.url) });
finishLoading(wasm, errors);

export { Client, Project, Sequences, SequenceIterator, wasmMemoryBytes } from "./nexus_sequences.js";
export * from "./errors.js";
export * from "./enums.js";
