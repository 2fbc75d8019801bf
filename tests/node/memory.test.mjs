// Nothing a call creates stays reachable after it: for every method, its errors, and every way
// an iterate() walk can end, thousands of calls after a warm-up leave the JS heap and the wasm
// memory where they were.
//
// How a leak is told from noise, and why the bounds are what they are: tests/package/fixtures/leak-check.js.
import assert from "node:assert/strict";
import { getEventListeners } from "node:events";
import { before, describe, test } from "node:test";
import { Client } from "nexus-sequences";
import { fileEmulator, freshProject } from "./support/fixtures.mjs";
import { nodeGrowthPerCall } from "./support/memory.mjs";
import { LEAK_CHECK } from "../package/fixtures/leak-check.js";

const MISSING = "seq_00000000-0000-4000-8000-000000000000";
const WALK = { limit: 2 }; // 6 sequences: three pages

const emulator = await fileEmulator();

/** Fails if `call`, run many times, leaves more behind than noise; the figures go to `t`. */
async function assertNoLeak(t, call) {
  const { said, leak } = await nodeGrowthPerCall(call);
  t.diagnostic(said);
  assert.equal(leak, null);
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
    // One sequence for each warm-up call and each call of the (at most two) measured runs.
    await emulator.seedSequences(q.projectId, { count: 3 * LEAK_CHECK.calls });
    const ids = [];
    for await (const sequence of q.sequences.iterate({ limit: 100 })) ids.push(sequence.id);
    let deleted = 0;
    await assertNoLeak(t, () => q.sequences.delete(ids[deleted++]));
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
