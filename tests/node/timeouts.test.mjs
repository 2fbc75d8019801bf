// Timeouts and AbortSignal (per call and per client), and where the secret key may be sent.
import assert from "node:assert/strict";
import { afterEach, describe, test } from "node:test";
import { Client, NexusError, RequestTimeoutError, ValidationError } from "nexus-sequences";
import { assertFailsWith, assertKeyAbsent, caught, fileEmulator, freshProject, timed } from "./support/fixtures.mjs";

const emulator = await fileEmulator();
afterEach(() => emulator.clearFaults());

const SLOW_MS = 3000;

/** A project whose every request is delayed by SLOW_MS. `clientOptions` go to its Client. */
async function slowProject(clientOptions = {}) {
  const p = await freshProject(emulator, { clientOptions });
  await p.faults([{ fault: "delay", ms: SLOW_MS }]);
  return p;
}

/** Asserts an abandoned call failed well before the server would have answered. */
function assertAbandonedEarly({ ms, error }, p) {
  assert.ok(error instanceof Error, `rejected (got ${error})`);
  assert.ok(ms < SLOW_MS / 2, `gave up after ${ms.toFixed(0)} ms`);
  assertKeyAbsent(error, p.secretKey);
}

describe("timeouts", () => {
  test("per call: timeoutMs with retries off", async () => {
    const p = await slowProject();
    const outcome = await timed(() => p.sequences.list(undefined, undefined, { timeoutMs: 150, maxRetries: 0 }));
    assert.ok(outcome.error instanceof RequestTimeoutError, `got ${outcome.error}`);
    assert.ok(outcome.ms >= 145, `not before the timeout: ${outcome.ms.toFixed(0)} ms`);
    assertAbandonedEarly(outcome, p);
  });

  test("client level: timeoutMs and maxRetries from the Client", async () => {
    const p = await slowProject({ timeoutMs: 150, maxRetries: 0 });
    const outcome = await timed(() => p.sequences.list());
    assert.ok(outcome.error instanceof RequestTimeoutError, `got ${outcome.error}`);
    assertAbandonedEarly(outcome, p);
    assert.equal((await p.requests()).total, 1);
  });

  test("a per-call timeout overrides the client's", async () => {
    const p = await freshProject(emulator, { clientOptions: { timeoutMs: 100, maxRetries: 0 } });
    await p.faults([{ fault: "delay", ms: 400 }]);
    const page = await p.sequences.list(undefined, undefined, { timeoutMs: 5000 });
    assert.deepEqual(page.data, []);
  });

  test("a timed-out GET is retried, then succeeds", async () => {
    const p = await freshProject(emulator);
    await p.faults([{ fault: "delay", ms: SLOW_MS, times: 1 }]);
    const page = await p.sequences.list(undefined, undefined, { timeoutMs: 300, maxRetries: 2 });
    assert.deepEqual(page.data, []);
    assert.equal((await p.requests()).total, 2);
  });
});

describe("AbortSignal", () => {
  test("per call: aborting mid-request rejects at once and stops retrying", async () => {
    const p = await slowProject();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const outcome = await timed(() => p.sequences.list(undefined, undefined, { signal: controller.signal }));
    assertAbandonedEarly(outcome, p);
    // Give a (wrong) retry the time to show up.
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal((await p.requests()).total, 1);
  });

  test("aborting while waiting between retries rejects at once", async () => {
    const p = await freshProject(emulator);
    await p.faults([{ fault: "status", status: 503 }]);
    const outcome = await timed(() =>
      p.sequences.list(undefined, undefined, { maxRetries: 10, signal: AbortSignal.timeout(300) }),
    );
    assertAbandonedEarly(outcome, p);
    const attempts = (await p.requests()).total;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal((await p.requests()).total, attempts, "no retry after the abort");
  });

  test("client level: one signal for every call", async () => {
    const controller = new AbortController();
    const p = await slowProject({ signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    assertAbandonedEarly(await timed(() => p.sequences.list()), p);
  });

  test("AbortSignal.timeout works as a per-call signal", async () => {
    const p = await slowProject();
    assertAbandonedEarly(await timed(() => p.sequences.list(undefined, undefined, { signal: AbortSignal.timeout(100) })), p);
  });

  test("an already-aborted signal rejects without sending anything", async () => {
    const p = await freshProject(emulator, { assets: 1 });
    const signal = AbortSignal.abort();
    const calls = [
      () => p.sequences.list(undefined, undefined, { signal }),
      () => p.sequences.get("seq_x", { signal }),
      () => p.sequences.patch("seq_x", { name: "n" }, { signal }),
      () => p.sequences.delete("seq_x", { signal }),
      () => p.sequences.bulkUpdate([{ sequenceName: "x" }], undefined, { signal }),
      async () => {
        for await (const _ of p.sequences.iterate(undefined, undefined, { signal })) assert.fail("yielded");
      },
    ];
    for (const call of calls) {
      const err = await caught(call);
      assert.ok(err instanceof Error, `rejected with an Error: ${err}`);
    }
    const aborted = new AbortController();
    aborted.abort();
    const viaClient = new Client(p.secretKey, { endpoint: emulator.endpoint, signal: aborted.signal });
    await caught(() => viaClient.getProject(p.projectId).sequences.list());
    assert.equal((await p.requests()).total, 0);
  });

  test("abort errors are typed: a NexusError or the platform's AbortError", async () => {
    const p = await freshProject(emulator);
    const err = await caught(() => p.sequences.list(undefined, undefined, { signal: AbortSignal.abort() }));
    assert.ok(err instanceof NexusError || err.name === "AbortError", `got ${err?.constructor?.name}: ${err}`);
  });
});

describe("where the secret key may go", () => {
  const key = "s3cr3t-".repeat(8);
  const refused = ["http://example.com", "http://10.1.2.3:4100", "http://api.datature.io", "http://127.0.0.1.nip.io"];
  for (const endpoint of refused) {
    test(`plain http to ${endpoint} is refused`, async () => {
      await assertFailsWith(
        () => new Client(key, { endpoint, maxRetries: 0, timeoutMs: 1000 }).getProject("proj_x").sequences.list(),
        ValidationError,
        { message: /http|insecure|allowInsecureHttp/i, secretKey: key },
      );
    });
  }

  const accepted = [
    ["https anywhere", "https://api.datature.io", {}],
    ["loopback 127.0.0.1", "http://127.0.0.1:4100", {}],
    ["loopback 127.0.0.53", "http://127.0.0.53:4100", {}],
    ["loopback localhost", "http://localhost:4100", {}],
    ["loopback [::1]", "http://[::1]:4100", {}],
    ["any http with allowInsecureHttp", "http://example.com", { allowInsecureHttp: true }],
  ];
  for (const [what, endpoint, options] of accepted) {
    test(`accepted at construction: ${what}`, () => {
      // No call is made: these endpoints are not all reachable from here.
      const project = new Client(key, { endpoint, ...options }).getProject("proj_x");
      assert.equal(typeof project.sequences.list, "function");
    });
  }

  test("a loopback http endpoint with a real key works end to end", async () => {
    const p = await freshProject(emulator);
    const viaLocalhost = new Client(p.secretKey, { endpoint: emulator.endpoint.replace("127.0.0.1", "localhost") });
    assert.deepEqual((await viaLocalhost.getProject(p.projectId).sequences.list()).data, []);
  });
});
