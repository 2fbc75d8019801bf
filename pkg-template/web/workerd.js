// Cloudflare Workers entry, chosen by the `workerd` export condition (Wrangler resolves
// `workerd`, then `worker`, then `browser`). workerd compiles no wasm from bytes at run time
// and has no URL to fetch the file from, so this entry imports the .wasm as a module, which
// Wrangler uploads with the Worker and workerd hands over as a compiled WebAssembly.Module,
// and instantiates it synchronously: no top-level await, no init() call.
import * as wasm from "./nexus_sequences.js";
import module from "./nexus_sequences_bg.wasm";
import * as errors from "./errors.js";
import { finishLoading } from "./setup.js";

wasm.initSync({ module });
finishLoading(wasm, errors);

export { Client, Project, Sequences, SequenceIterator, wasmMemoryBytes } from "./nexus_sequences.js";
export * from "./errors.js";
export * from "./enums.js";
