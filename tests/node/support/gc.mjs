// Garbage collection on demand in Node, for memory tests and the session benchmark.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { setTimeout as sleep } from "node:timers/promises";

// gc() without depending on how Node was started (`--expose-gc` does not reach the child
// processes of `node --test`): the flag is set at run time, and a new context picks it up.
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc");

/**
 * Collects garbage four times with a pause after each, so that finalizers run and what they free
 * counts. Read memory after this, not right after gc(): objects whose finalizers have not run yet
 * still count (and the wasm side they own is still allocated).
 */
export async function settle() {
  for (let i = 0; i < 4; i++) {
    gc();
    await sleep(50);
  }
}
