// Reading memory for leak tests: the JS heap and the module's wasm memory, each read only after
// garbage collection *and* a pause for finalizers. Right after gc(), objects whose finalizers
// have not run yet still count (and the wasm side they own is still allocated), so a leak-free
// loop could look like a leak or the reverse.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { setTimeout as sleep } from "node:timers/promises";
import { wasmMemoryBytes } from "nexus-sequences";

// gc() without depending on how the test runner was started (`--expose-gc` does not reach the
// child processes of `node --test`): the flag is set at run time, and a new context picks it up.
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc");

/** Collects garbage four times with a pause after each, so finalizers run and their frees count. */
export async function settle() {
  for (let i = 0; i < 4; i++) {
    gc();
    await sleep(50);
  }
}

/** The JS heap in use and the size of the SDK's wasm memory, after {@link settle}. */
export async function memoryNow() {
  await settle();
  return { heap: process.memoryUsage().heapUsed, wasm: wasmMemoryBytes() };
}

/**
 * Runs `call` `warmup` times (so that lazily built state, JIT code and the allocator's high-water
 * mark are in place), then `calls` times, and answers what stayed reachable per call: heap and
 * wasm bytes growth divided by `calls`.
 */
export async function growthPerCall(call, { warmup = 500, calls = 3000 } = {}) {
  for (let i = 0; i < warmup; i++) await call(i);
  const before = await memoryNow();
  for (let i = 0; i < calls; i++) await call(i);
  const after = await memoryNow();
  return {
    heap: (after.heap - before.heap) / calls,
    wasm: (after.wasm - before.wasm) / calls,
  };
}
