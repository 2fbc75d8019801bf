// Hooks: onRequest, onResponse and onRetry see each attempt in order, never the secret key; a
// hook that throws (or rejects) is reported with console.warn and the call goes on.
import assert from "node:assert/strict";
import { afterEach, describe, test } from "node:test";
import { inspect } from "node:util";
import { Client, ServiceUnavailableError } from "nexus-sequences";
import { fileEmulator, freshProject } from "./support/fixtures.mjs";

const emulator = await fileEmulator();
afterEach(() => emulator.clearFaults());

/** Hooks that record `[hook, info]` in `events`. */
function recordingHooks() {
  const events = [];
  const record = (name) => (info) => {
    events.push([name, info]);
  };
  return { events, hooks: { onRequest: record("request"), onResponse: record("response"), onRetry: record("retry") } };
}

/** Runs `call` with console.warn captured; returns the call's result and the warnings. */
async function withWarnings(call) {
  const warnings = [];
  const original = console.warn;
  console.warn = (...args) => warnings.push(args);
  try {
    return { result: await call(), warnings };
  } finally {
    console.warn = original;
  }
}

describe("hooks", () => {
  test("see each attempt in order, retries included", async () => {
    const { events, hooks } = recordingHooks();
    const p = await freshProject(emulator, { clientOptions: { hooks } });
    await emulator.seedSequences(p.projectId, { count: 1 });
    const [seq] = (await p.sequences.list()).data;
    events.length = 0;
    await p.faults([{ fault: "status", status: 503, times: 1 }]);
    const result = await p.sequences.get(seq.id);
    assert.deepEqual(
      events.map(([name, info]) => [name, info.attempt, info.status ?? null]),
      [
        ["request", 1, null],
        ["response", 1, 503],
        ["retry", 1, null],
        ["request", 2, null],
        ["response", 2, 200],
      ],
    );
    for (const [, info] of events) {
      assert.equal(info.method, "GET");
      assert.ok(info.url.endsWith(`/sequences/${seq.id}`));
    }
    const [, retry] = events[2];
    assert.ok(retry.error instanceof ServiceUnavailableError);
    assert.equal(typeof retry.delayMs, "number");
    const [, answered] = events[4];
    assert.equal(answered.requestId, result.lastResponse.requestId);
    assert.equal(events[0][1].headers["secret-key"], "[redacted]");
  });

  test("no hook argument holds the secret key", async () => {
    const { events, hooks } = recordingHooks();
    const p = await freshProject(emulator, { clientOptions: { hooks, maxRetries: 1 } });
    await p.faults([{ fault: "status", status: 503, times: 1 }]);
    await p.sequences.list();
    await p.sequences.bulkUpdate([{ sequenceName: "s", patch: { name: "t" } }]).catch(() => {});
    assert.ok(events.length >= 5);
    for (const [name, info] of events) {
      const text = JSON.stringify(info) + inspect(info, { depth: 6 });
      assert.ok(!text.includes(p.secretKey), `the key reached ${name}`);
    }
  });

  test("a hook that throws is reported and the call goes on", async () => {
    const boom = new Error("hook bug");
    const p = await freshProject(emulator, {
      clientOptions: {
        hooks: {
          onRequest: () => { throw boom; },
          onResponse: async () => { throw new Error("async hook bug"); },
        },
      },
    });
    await emulator.seedSequences(p.projectId, { count: 1 });
    const { result, warnings } = await withWarnings(async () => {
      const page = await p.sequences.list();
      await new Promise((resolve) => setTimeout(resolve, 10)); // the rejection is reported later
      return page;
    });
    assert.equal(result.data.length, 1);
    assert.deepEqual(warnings[0], ["nexus-sequences: hooks.onRequest threw; the call goes on:", boom]);
    assert.equal(warnings[1][0], "nexus-sequences: hooks.onResponse rejected; the call goes on:");
    assert.equal(warnings[1][1].message, "async hook bug");
    // The module still works afterwards.
    assert.equal((await withWarnings(() => p.sequences.list())).result.data.length, 1);
  });

  test("hooks must be functions; unknown hooks are refused", () => {
    assert.throws(() => new Client("sk-1", { hooks: { onRequest: 5 } }), {
      name: "ValidationError",
      message: "options.hooks.onRequest must be a function",
    });
    assert.throws(() => new Client("sk-1", { hooks: { beforeRequest() {} } }), {
      name: "ValidationError",
      message: /options\.hooks has unknown key "beforeRequest"/,
    });
  });
});
