// Property-based tests (fast-check): every SDK method, every argument position, fed generated
// hostile values. Whatever the value, a call rejects with a ValidationError having sent nothing
// (the emulator's request counts), or, when the value happens to be valid, is sent and settles
// with a result or a NexusError; never a synchronous throw, never a foreign exception. The
// module keeps working afterwards.
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import fc from "fast-check";
import { NexusError, ValidationError } from "nexus-sequences";
import { everyArgument as calls } from "./support/calls.mjs";
import { fileEmulator, freshProject } from "./support/fixtures.mjs";

const emulator = await fileEmulator();
const RUNS = Number(process.env.PROPERTY_RUNS ?? 150);

/**
 * Values that are not plain data, or whose reading throws. fast-check itself must never touch one
 * (printing a revoked Proxy throws), so the generated data holds `{ [EXOTIC]: i }` markers that
 * `materialize` swaps for `makers[i]()` just before the call.
 */
const EXOTIC = "__exotic__";
const makers = [
  () => NaN,
  () => Infinity,
  () => -Infinity,
  () => 10n,
  () => Symbol("s"),
  () => () => 1,
  () => new Map([["a", 1]]),
  () => new Date(0),
  () => new (class Thing {})(),
  () => new Proxy({}, { ownKeys: () => { throw new Error("trap"); } }),
  () => new Proxy({}, { getPrototypeOf: () => { throw new Error("trap"); } }),
  () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    return proxy;
  },
  () => {
    const cyclic = {};
    cyclic.self = cyclic;
    return cyclic;
  },
  () => ({ get name() { throw new Error("getter"); } }),
  () => "lone \uD800 surrogate",
];
const exotic = fc.integer({ min: 0, max: makers.length - 1 }).map((i) => ({ [EXOTIC]: i }));

/** `value` with every exotic marker replaced by a fresh exotic value. */
function materialize(value) {
  if (Array.isArray(value)) return value.map(materialize);
  if (value === null || typeof value !== "object") return value;
  if (EXOTIC in value) return makers[value[EXOTIC]]();
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, materialize(v)]));
}

/** Any value: JSON-like data with odd strings and numbers, and exotic values nested inside. */
const hostile = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.constantFrom(undefined, null, true, false, 0, -0, -1, 1.5, 2 ** 31, 2 ** 53 + 2, ""),
    fc.string({ unit: "binary", maxLength: 12 }),
    fc.integer(),
    fc.double(),
    exotic,
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(
      fc.oneof(fc.constantFrom("limit", "page", "name", "attributes", "assetId", "sequence", "kind", "ord", "signal", "timeoutMs"), fc.string({ maxLength: 6 })),
      tie("value"),
      { maxKeys: 4 },
    ),
  ),
})).value;


describe("generated hostile arguments", () => {
  let p;
  before(async () => {
    p = await freshProject(emulator, { clientOptions: { maxRetries: 0 } });
  });

  for (const [label, call] of Object.entries(calls)) {
    test(label, async () => {
      await fc.assert(
        fc.asyncProperty(hostile, async (value) => {
          const before = (await p.requests()).total;
          let promise;
          try {
            promise = call(p.sequences, materialize(value));
          } catch (err) {
            assert.fail(`threw synchronously: ${err?.message}`);
          }
          assert.ok(promise instanceof Promise, "returns a promise");
          const outcome = await promise.then(
            () => null,
            (err) => err,
          );
          const sent = (await p.requests()).total - before;
          if (outcome instanceof ValidationError) {
            assert.equal(sent, 0, `a ValidationError sent ${sent} requests: ${outcome.message}`);
          } else {
            // A valid value: it was sent, and the answer is a result or an SDK error.
            assert.ok(outcome === null || outcome instanceof NexusError, `foreign rejection: ${outcome}`);
            assert.ok(sent >= 1, "a call that was not refused reached the server");
          }
        }),
        { numRuns: RUNS },
      );
    });
  }

  test("the module still works afterwards", async () => {
    const q = await freshProject(emulator, { assets: 1 });
    const results = await q.sequences.bulkUpdate([{ assetId: q.assets[0].assetId, sequence: { name: "ok" } }]);
    assert.deepEqual(results.actions, ["Ok"]);
    assert.equal((await q.sequences.list({ limit: 1 })).data[0].name, "ok");
  });
});
