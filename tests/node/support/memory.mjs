// Leak checks in Node: the JS heap and the module's wasm memory, read after garbage collection
// and finalizers. The bounds are those of the Chromium check, in one place (leak-check.js).
import { wasmMemoryBytes } from "nexus-sequences";
import { growthPerCall } from "../../package/fixtures/leak-check.js";
import { settle } from "./gc.mjs";

const read = () => ({ heap: process.memoryUsage().heapUsed, wasm: wasmMemoryBytes() });

/** {@link growthPerCall} of `call` with Node's heap and the SDK's wasm memory. */
export const nodeGrowthPerCall = (call) => growthPerCall(call, { settle, read });
