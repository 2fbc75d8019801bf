// Hostile arguments: values whose reading throws (getters, Proxy traps, revoked proxies, arrays
// whose length or elements throw) must become a rejected ValidationError naming where, never the
// caller's own exception, never a synchronous throw from a method that returns a promise, and must
// leave the module fully usable: such an exception unwinding through wasm would corrupt its stack.
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { ValidationError } from "nexus-sequences";
import { SEQ, everyArgument as calls } from "./support/calls.mjs";
import { fileEmulator, freshProject } from "./support/fixtures.mjs";

const emulator = await fileEmulator();
const boom = () => {
  throw new Error("boom");
};

/** Values that throw when read, each made fresh (a revoked Proxy stays revoked). */
const hostileValues = {
  "a throwing getter": () => ({ get limit() { return boom(); } }),
  "an ownKeys trap": () => new Proxy({}, { ownKeys: boom }),
  "a get trap": () => new Proxy({ name: "x" }, { get: boom }),
  "a getPrototypeOf trap": () => new Proxy({}, { getPrototypeOf: boom }),
  "a getOwnPropertyDescriptor trap": () => new Proxy({ a: 1 }, { getOwnPropertyDescriptor: boom }),
  "a revoked Proxy": () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    return proxy;
  },
  "an array whose length throws": () => new Proxy([], { get: (t, k) => (k === "length" ? boom() : t[k]) }),
  "an array whose element throws": () => {
    const array = [{ assetId: "asset_1" }];
    Object.defineProperty(array, 0, { get: boom, enumerable: true });
    return array;
  },
};


describe("hostile arguments", () => {
  let p;
  before(async () => {
    p = await freshProject(emulator, { assets: 2 });
    await emulator.admin("DELETE", "/_emulator/requests");
  });

  test("10,000 hostile calls each reject with a ValidationError and send nothing", async () => {
    const combos = Object.entries(calls).flatMap(([call, run]) =>
      Object.entries(hostileValues).map(([value, make]) => [`${call} with ${value}`, run, make]),
    );
    let done = 0;
    while (done < 10_000) {
      for (const [label, run, make] of combos) {
        let promise;
        try {
          promise = run(p.sequences, make());
        } catch (err) {
          assert.fail(`${label}: threw synchronously (${err?.message})`);
        }
        assert.ok(promise instanceof Promise, `${label}: returns a promise`);
        const err = await promise.then(
          () => assert.fail(`${label}: resolved`),
          (e) => e,
        );
        assert.ok(err instanceof ValidationError, `${label}: ${err?.constructor?.name} ${err?.message}`);
        assert.notEqual(err.message, "boom", label);
        done += 1;
      }
    }
    assert.equal((await emulator.admin("GET", "/_emulator/requests")).total, 0, "nothing was sent");
  });

  test("the module still works afterwards", async () => {
    const results = await p.sequences.bulkUpdate([{ assetId: p.assets[0].assetId, sequence: { name: "after" } }]);
    assert.deepEqual(results.actions, ["Ok"]);
    const page = await p.sequences.list({ limit: 1 });
    assert.deepEqual(page.data.map((s) => s.name), ["after"]);
  });

  test("a throwing getter is named in the message", async () => {
    const err = await p.sequences.list({ get limit() { return boom(); } }).catch((e) => e);
    assert.ok(err instanceof ValidationError);
    assert.match(err.message, /^pagination\.limit could not be read: it threw \(boom\)/);
    assert.equal(err.detail.field, "pagination.limit");
  });

  for (const length of [1e8, 2 ** 32 - 1]) {
    test(`new Array(${length}) as actions is refused at once`, async () => {
      const start = performance.now();
      const err = await p.sequences.bulkUpdate(new Array(length)).catch((e) => e);
      const ms = performance.now() - start;
      assert.ok(err instanceof ValidationError, err?.message);
      assert.match(err.message, /^actions has \d+ elements; at most 100000 are accepted/);
      assert.ok(ms < 50, `took ${ms.toFixed(1)} ms`);
    });
  }

  test("cycles, Maps, class instances, functions, symbols, BigInts and NaN are named", async () => {
    const cyclic = { name: "x" };
    cyclic.self = cyclic;
    class Patch {
      name = "x";
    }
    const cases = [
      [() => p.sequences.patch(SEQ, { attributes: cyclic }), /^patch\.attributes\.self refers to an object that contains it/],
      [() => p.sequences.patch(SEQ, { attributes: new Map([["a", "1"]]) }), /^patch\.attributes must be a plain object/],
      [() => p.sequences.patch(SEQ, new Patch()), /^patch must be a plain object/],
      [() => p.sequences.patch(SEQ, { attributes: { f: () => 1 } }), /^patch\.attributes\.f must be plain data, not a function/],
      [() => p.sequences.patch(SEQ, { attributes: { s: Symbol("s") } }), /^patch\.attributes\.s must be plain data/],
      [() => p.sequences.list({ limit: 10n }), /^pagination\.limit must be plain data/],
      [() => p.sequences.list({ limit: NaN }), /^pagination\.limit must be a finite number/],
      // An array where a map is expected: serde-wasm-bindgen would read [undefined] as a list of
      // [key, value] pairs and throw inside wasm (found by the property suite).
      [() => p.sequences.patch(SEQ, { attributes: [undefined] }), /^patch\.attributes must be an object, not an array/],
      [() => p.sequences.patch(SEQ, { attributes: [["a", "1"]] }), /^patch\.attributes must be an object, not an array/],
    ];
    for (const [call, message] of cases) {
      const err = await call().catch((e) => e);
      assert.ok(err instanceof ValidationError, err?.message);
      assert.match(err.message, message);
    }
  });
});
