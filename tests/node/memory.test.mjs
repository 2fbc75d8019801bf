// Nothing a call creates stays reachable after it: for every method, its errors, and every way
// an iterate() walk can end, thousands of calls after a warm-up leave the JS heap and the wasm
// memory where they were.
//
// The warm-up is as long as the measured run: the wasm memory only grows, to the most that was
// ever allocated at once, and iterators left to the garbage collector hold their wasm side until
// their finalizers run, so its high-water mark is reached only by a run of the same length.
//
// The bounds: a leak-free loop here moves the heap by -250..+250 bytes per call over 1,000 calls
// (noise: what V8 happens to keep of its own), and the wasm memory by at most one 64 KiB page
// once warmed up. The leak this suite was written for kept about 4,400 bytes of heap per walk.
// So: at most 512 bytes per call of heap (twice the noise, an eighth of that leak), and at most
// four pages of wasm memory over the measured calls (131 bytes per call: less than one page of
// a response body, or a walk's own state, kept per call).
import assert from "node:assert/strict";
import { getEventListeners } from "node:events";
import { before, describe, test } from "node:test";
import { Client } from "nexus-sequences";
import { fileEmulator, freshProject } from "./support/fixtures.mjs";
import { growthPerCall } from "./support/memory.mjs";

const CALLS = 1000;
const WARMUP = CALLS;
const HEAP_BYTES_PER_CALL = 512;
const WASM_BYTES_PER_CALL = (4 * 64 * 1024) / CALLS;
const MISSING = "seq_00000000-0000-4000-8000-000000000000";
const WALK = { limit: 2 }; // 6 sequences: three pages

const emulator = await fileEmulator();

/**
 * Runs `call` WARMUP + CALLS times and fails if what it leaves behind exceeds the bounds; the
 * figures go to test `t`'s diagnostics either way.
 */
async function assertNoLeak(t, call) {
  const growth = await growthPerCall(call, { warmup: WARMUP, calls: CALLS });
  const said = `heap ${growth.heap.toFixed(0)} B/call, wasm ${growth.wasm.toFixed(1)} B/call`;
  t.diagnostic(said);
  assert.ok(growth.heap <= HEAP_BYTES_PER_CALL, `JS heap keeps growing: ${said}`);
  assert.ok(growth.wasm <= WASM_BYTES_PER_CALL, `wasm memory keeps growing: ${said}`);
}

/** Resolves to the rejection of `promise` (failing if it resolves). */
async function rejection(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail("expected a rejection");
}

describe("memory after each method", () => {
  let p;
  let seq;
  before(async () => {
    p = await freshProject(emulator, { assets: 1 });
    await emulator.seedSequences(p.projectId, { count: 6 });
    [seq] = (await p.sequences.list({ limit: 1 })).data;
  });

  test("list()", (t) => assertNoLeak(t, () => p.sequences.list(WALK)));
  test("get()", (t) => assertNoLeak(t, () => p.sequences.get(seq.id)));
  test("get() of a missing sequence (NotFoundError)", (t) =>
    assertNoLeak(t, () => rejection(p.sequences.get(MISSING))));
  test("patch()", (t) => assertNoLeak(t, (i) => p.sequences.patch(seq.id, { attributes: { n: String(i) } })));
  test("patch() refused before sending (ValidationError)", (t) =>
    assertNoLeak(t, () => rejection(p.sequences.patch(seq.id, { name: 5 }))));
  test("delete() of a missing sequence (NotFoundError)", (t) =>
    assertNoLeak(t, () => rejection(p.sequences.delete(MISSING))));
  test("bulkUpdate()", (t) =>
    assertNoLeak(t, () =>
      p.sequences.bulkUpdate([
        { kind: "Link", assetFilename: "image_0.jpg", sequence: { name: "bulk", ord: 0 } },
        { kind: "Link", assetFilename: "image_0.jpg", sequence: "Unset" },
      ]),
    ));
  test("a refused connection (NetworkConnectionError)", (t) => {
    const nowhere = new Client(p.secretKey, { endpoint: "http://127.0.0.1:9", maxRetries: 0 });
    const sequences = nowhere.getProject(p.projectId).sequences;
    return assertNoLeak(t, () => rejection(sequences.list()));
  });

  test("delete() of existing sequences", async (t) => {
    const q = await freshProject(emulator);
    await emulator.seedSequences(q.projectId, { count: WARMUP + CALLS });
    const ids = [];
    for await (const sequence of q.sequences.iterate({ limit: 100 })) ids.push(sequence.id);
    await assertNoLeak(t, (i) => q.sequences.delete(ids[i < WARMUP ? i : WARMUP + (i % CALLS)]).catch(() => {}));
  });
});

describe("memory after each way an iterate() walk ends", () => {
  let p;
  before(async () => {
    p = await freshProject(emulator);
    await emulator.seedSequences(p.projectId, { count: 6 });
  });
  const walk = (options) => p.sequences.iterate(WALK, undefined, options);

  for (const readAhead of [0, 1]) {
    test(`walked to the end, readAhead ${readAhead}`, (t) =>
      assertNoLeak(t, async () => {
        for await (const _ of walk({ readAhead }));
      }));
    test(`broken out of after the first item, readAhead ${readAhead}`, (t) =>
      assertNoLeak(t, async () => {
        for await (const _ of walk({ readAhead })) break;
      }));
  }
  test("return() called after one next()", (t) =>
    assertNoLeak(t, async () => {
      const iterator = walk();
      await iterator.next();
      await iterator.return();
    }));
  test("left after one next(), without return()", (t) => assertNoLeak(t, () => walk().next()));
  test("the loop body throws", (t) =>
    assertNoLeak(t, async () => {
      try {
        for await (const _ of walk()) throw new Error("the caller's own failure");
      } catch {}
    }));
  test("the caller's signal aborts mid-walk", (t) =>
    assertNoLeak(t, async () => {
      const controller = new AbortController();
      await rejection(
        (async () => {
          for await (const _ of walk({ signal: controller.signal })) controller.abort();
        })(),
      );
    }));
  test("a page fails mid-walk (HTTP 500)", async (t) => {
    const q = await freshProject(emulator);
    await emulator.seedSequences(q.projectId, { count: 6 });
    await q.faults([{ fault: "status", status: 500, rate: 0.5 }]);
    await assertNoLeak(t, async () => {
      try {
        for await (const _ of q.sequences.iterate(WALK, undefined, { maxRetries: 0 }));
      } catch {}
    });
  });
});

test("a client-level signal collects no listener per call", async (t) => {
  const session = new AbortController();
  const p = await freshProject(emulator, { clientOptions: { signal: session.signal } });
  await emulator.seedSequences(p.projectId, { count: 6 });
  const perCall = new AbortController();
  await assertNoLeak(t, async () => {
    await p.sequences.list(WALK, undefined, { signal: perCall.signal });
    await rejection(p.sequences.get(MISSING));
    for await (const _ of p.sequences.iterate(WALK)) break;
  });
  assert.equal(getEventListeners(session.signal, "abort").length, 0, "client signal listeners");
  assert.equal(getEventListeners(perCall.signal, "abort").length, 0, "per-call signal listeners");
});
