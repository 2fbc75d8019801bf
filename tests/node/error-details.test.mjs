// Errors that explain themselves: the underlying cause, the retry-after of a 429 and its
// headers, JSON that keeps name and message, the same attempts note on every retried failure,
// and a stack that names the caller.
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { afterEach, describe, test } from "node:test";
import * as sdk from "nexus-sequences";
import { Client, NexusError } from "nexus-sequences";
import { fileEmulator, freshProject } from "./support/fixtures.mjs";

const emulator = await fileEmulator();
afterEach(() => emulator.clearFaults());
const NO_RETRY = { maxRetries: 0 };

/** A loopback port nothing listens on. */
async function closedPort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const rejection = (promise) => promise.then(() => assert.fail("resolved"), (e) => e);

describe("error details", () => {
  test("a refused connection's cause names ECONNREFUSED", async () => {
    const client = new Client("sk-refused-1", { endpoint: `http://127.0.0.1:${await closedPort()}`, ...NO_RETRY });
    const err = await rejection(client.getProject("proj_1").sequences.list());
    assert.equal(err.name, "NetworkConnectionError");
    assert.ok(err.cause instanceof TypeError, "fetch's own TypeError");
    assert.equal(err.cause.cause?.code, "ECONNREFUSED");
    assert.match(err.message, /ECONNREFUSED/);
  });

  test("a 429's retryAfterMs equals its Retry-After header", async () => {
    const p = await freshProject(emulator);
    await p.faults([{ fault: "tooManyRequests", retryAfterSeconds: 2 }]);
    const err = await rejection(p.sequences.list(undefined, undefined, NO_RETRY));
    assert.equal(err.name, "TooManyRequestsError");
    assert.equal(err.headers["retry-after"], "2");
    assert.equal(err.retryAfterMs, 2000);
    assert.equal(err.headers["x-request-id"], err.requestId);
  });

  test("a 503 without Retry-After has headers and a null retryAfterMs", async () => {
    const p = await freshProject(emulator);
    await p.faults([{ fault: "status", status: 503 }]);
    const err = await rejection(p.sequences.list(undefined, undefined, NO_RETRY));
    assert.equal(err.retryAfterMs, null);
    assert.equal(typeof err.headers, "object");
  });

  test("the attempts note is the same for statuses, timeouts and the network", async () => {
    const p = await freshProject(emulator);
    await p.faults([{ fault: "status", status: 503 }]);
    const status = await rejection(p.sequences.list(undefined, undefined, { maxRetries: 1 }));
    assert.match(status.message, / \(after 2 attempts\)$/);
    const client = new Client("sk-refused-1", { endpoint: `http://127.0.0.1:${await closedPort()}`, maxRetries: 1 });
    const network = await rejection(client.getProject("proj_1").sequences.list());
    assert.match(network.message, / \(after 2 attempts\)$/);
  });

  test("JSON.stringify keeps name, message, status, code, requestId and detail, for every class", () => {
    const classes = Object.values(sdk).filter((v) => typeof v === "function" && (v === NexusError || v.prototype instanceof NexusError));
    assert.ok(classes.length >= 12, `found ${classes.length} error classes`);
    for (const ErrorClass of classes) {
      const err = new ErrorClass("went wrong", { status: 404, requestId: "req-1", detail: { a: 1 } });
      assert.deepEqual(JSON.parse(JSON.stringify(err)), {
        name: ErrorClass.name,
        message: "went wrong",
        status: 404,
        code: ErrorClass.name,
        requestId: "req-1",
        detail: { a: 1 },
        retryAfterMs: null,
      });
      assert.ok(err instanceof ErrorClass && err instanceof NexusError && err instanceof Error);
    }
  });

  test("JSON.stringify of a real timeout names it", async () => {
    const p = await freshProject(emulator);
    await p.faults([{ fault: "delay", ms: 2000 }]);
    const err = await rejection(p.sequences.list(undefined, undefined, { timeoutMs: 50, maxRetries: 0 }));
    const json = JSON.parse(JSON.stringify(err));
    assert.equal(json.name, "RequestTimeoutError");
    assert.match(json.message, /no complete response within 50 ms/);
  });

  test("a rejected call's stack names the caller's file", async () => {
    const p = await freshProject(emulator);
    const err = await rejection(p.sequences.get("seq_missing"));
    assert.equal(err.name, "NotFoundError");
    assert.match(err.stack, /error-details\.test\.mjs/);
    assert.match(err.stack, /^NotFoundError: 404 /);
  });
});
