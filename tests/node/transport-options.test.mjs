// The caller's transport: a custom `fetch` that sees every attempt, default and per-call
// headers, the SDK's User-Agent in Node, and an idempotency key of the caller's own on every
// write.
import assert from "node:assert/strict";
import { afterEach, describe, test } from "node:test";
import { Client, ValidationError } from "nexus-sequences";
import { assertFailsWith, fileEmulator, freshProject, recordingFetch } from "./support/fixtures.mjs";
import { startFakeServer } from "./support/fake-server.mjs";

const emulator = await fileEmulator();
afterEach(() => emulator.clearFaults());

/** The requests a `recordingFetch()` was given. */
const requestsOf = ({ exchanges }) => exchanges.map((exchange) => exchange.request);

/** A project with one sequence `seq`, whose client sends through a `recordingFetch()`. */
async function recordedProject() {
  const recorder = recordingFetch();
  const p = await freshProject(emulator, { clientOptions: { fetch: recorder.fetchFn } });
  await emulator.seedSequences(p.projectId, { count: 1 });
  const [seq] = (await p.sequences.list()).data;
  return { p, seq, recorder };
}

describe("options.fetch", () => {
  test("sees every attempt, retries included, each with the same Idempotency-Key", async () => {
    const { p, seq, recorder } = await recordedProject();
    recorder.exchanges.length = 0;
    await p.faults([{ fault: "status", status: 503, times: 2 }]);
    await p.sequences.patch(seq.id, { name: "renamed" });
    const requests = requestsOf(recorder);
    assert.equal(requests.length, 3, "two 503s, then the answer");
    assert.ok(requests.every((r) => r.method === "PATCH" && r.url.endsWith(`/sequences/${seq.id}`)));
    const keys = new Set(requests.map((r) => r.headers["idempotency-key"]));
    assert.equal(keys.size, 1);
    assert.equal(requests[0].headers["secret-key"], p.secretKey, "the custom fetch is what sends the key");
  });

  test("what it throws or rejects with is the cause of a NetworkConnectionError", async () => {
    const failure = new TypeError("proxy down");
    const p = await freshProject(emulator, {
      clientOptions: { fetch: async () => { throw failure; }, maxRetries: 1 },
    });
    const err = await p.sequences.list().then(() => assert.fail("resolved"), (e) => e);
    assert.equal(err.name, "NetworkConnectionError");
    assert.equal(err.cause, failure);
    assert.match(err.message, /proxy down \(after 2 attempts\)/);
  });

  test("something other than a Response fails the attempt with a clear message", async () => {
    const p = await freshProject(emulator, { clientOptions: { fetch: async () => ({ status: 200 }), maxRetries: 0 } });
    const err = await p.sequences.list().then(() => assert.fail("resolved"), (e) => e);
    assert.equal(err.name, "NetworkConnectionError");
    assert.match(err.message, /options\.fetch resolved to something that is not a Response/);
  });

  test("must be a function", () => {
    assert.throws(() => new Client("sk-1", { fetch: "https://x" }), {
      name: "ValidationError",
      message: "options.fetch must be a function",
    });
  });
});

describe("headers", () => {
  test("defaultHeaders and a call's headers reach the server; the call's win by name", async () => {
    const server = await startFakeServer(() => ({ body: JSON.stringify({ data: [], nextPage: null, prevPage: null }) }));
    try {
      const client = new Client("sk-headers-1", {
        endpoint: server.endpoint,
        defaultHeaders: { "X-Team": "vision", "X-Trace": "default" },
      });
      const sequences = client.getProject("proj_1").sequences;
      await sequences.list();
      await sequences.list(undefined, undefined, { headers: { "x-trace": "call-42" } });
      const [first, second] = server.requests;
      assert.equal(first.headers["x-team"], "vision");
      assert.equal(first.headers["x-trace"], "default");
      assert.equal(second.headers["x-team"], "vision");
      assert.equal(second.headers["x-trace"], "call-42");
      assert.equal(second.headers["secret-key"], "sk-headers-1");
      assert.match(first.headers["user-agent"], /^nexus-sequences\/\d+\.\d+\.\d+ node\/\d+/);
    } finally {
      await server.close();
    }
  });

  test("Secret-Key and Idempotency-Key cannot be set through headers", async () => {
    assert.throws(() => new Client("sk-1", { defaultHeaders: { "secret-key": "other" } }), {
      name: "ValidationError",
      message: /options\.defaultHeaders\["secret-key"\] cannot be set: the SDK sends Secret-Key itself/,
    });
    const p = await freshProject(emulator);
    await assertFailsWith(() => p.sequences.get("seq_1", { headers: { "Idempotency-Key": "k" } }), ValidationError, {
      message: /options\.headers\["Idempotency-Key"\] cannot be set/,
    });
    await assertFailsWith(() => p.sequences.list(undefined, undefined, { headers: { "bad name": "x" } }), ValidationError, {
      message: /options\.headers has "bad name", which is not a header name/,
    });
  });
});

describe("idempotencyKey on every write", () => {
  test("patch and delete send the caller's key", async () => {
    const { p, seq, recorder } = await recordedProject();
    await p.sequences.patch(seq.id, { name: "x" }, { idempotencyKey: "my-patch-1" });
    await p.sequences.delete(seq.id, { idempotencyKey: "my-delete-1" });
    assert.deepEqual(requestsOf(recorder).slice(1).map((r) => r.headers["idempotency-key"]), ["my-patch-1", "my-delete-1"]);
    await assertFailsWith(() => p.sequences.get(seq.id, { idempotencyKey: "k" }), ValidationError, {
      message: /options has unknown key "idempotencyKey"/,
    });
  });
});
