// Responses you can see: every result carries the response it was read from in a
// non-enumerable `lastResponse` (stripe-node's model), equal to what the emulator sent, while
// the data stays the plain objects it always was.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { fileEmulator, freshProject, recordingFetch } from "./support/fixtures.mjs";

const emulator = await fileEmulator();

describe("lastResponse", () => {
  test("status, request id and headers equal what the emulator sent", async () => {
    const { exchanges, fetchFn } = recordingFetch();
    const sentLast = () => exchanges.at(-1).response;
    const p = await freshProject(emulator, { clientOptions: { fetch: fetchFn } });
    await emulator.seedSequences(p.projectId, { count: 2 });
    const page = await p.sequences.list();
    const sent = sentLast();
    assert.equal(page.lastResponse.statusCode, sent.status);
    assert.equal(page.lastResponse.statusCode, 200);
    assert.equal(typeof page.lastResponse.requestId, "string");
    assert.equal(page.lastResponse.requestId, sent.headers["x-request-id"]);
    assert.deepEqual({ ...page.lastResponse.headers }, sent.headers);
    assert.equal(page.lastResponse.idempotencyKey, null, "a GET sends no Idempotency-Key");

    const seq = await p.sequences.get(page.data[0].id);
    assert.equal(seq.lastResponse.requestId, sentLast().headers["x-request-id"]);
    assert.notEqual(seq.lastResponse.requestId, page.lastResponse.requestId);
  });

  test("every method's result has one; a write's names its Idempotency-Key", async () => {
    const p = await freshProject(emulator, { assets: 1 });
    await emulator.seedSequences(p.projectId, { count: 2 });
    const [a, b] = (await p.sequences.list()).data;
    const patched = await p.sequences.patch(a.id, { name: "renamed" }, { idempotencyKey: "patch-key-1" });
    assert.equal(patched.lastResponse.idempotencyKey, "patch-key-1");
    const bulk = await p.sequences.bulkUpdate([{ sequenceId: a.id, patch: { name: "again" } }]);
    assert.match(bulk.lastResponse.idempotencyKey, /^[0-9a-f-]{36}$/);
    const deleted = await p.sequences.delete(b.id);
    for (const result of [patched, bulk, deleted]) {
      assert.equal(result.lastResponse.statusCode, 200);
      assert.equal(typeof result.lastResponse.requestId, "string");
    }
  });

  test("the data stays the plain objects: lastResponse is not enumerable", async () => {
    const p = await freshProject(emulator);
    await emulator.seedSequences(p.projectId, { count: 1 });
    const page = await p.sequences.list();
    assert.ok(!Object.keys(page).includes("lastResponse"));
    assert.ok(!JSON.stringify(page).includes("lastResponse"));
    assert.deepEqual(Object.keys(page).sort(), ["data", "nextPage", "prevPage"]);
    assert.equal({ ...page }.lastResponse, undefined, "a spread leaves it behind");
    assert.deepEqual(JSON.parse(JSON.stringify(page)), page, "deep equality ignores it");
  });
});
