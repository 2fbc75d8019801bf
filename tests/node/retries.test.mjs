// Retries under the emulator's fault injection: which calls are retried, how often, how long they
// wait, and above all that a bulk update is never applied twice nor its result lost.
import assert from "node:assert/strict";
import { afterEach, describe, test } from "node:test";
import { NetworkConnectionError, ServiceUnavailableError } from "nexus-sequences";
import {
  assertFailsWith,
  bulkResults,
  caught,
  fileEmulator,
  freshProject,
  sequenceNamed,
  timed,
} from "./support/fixtures.mjs";

const emulator = await fileEmulator();
afterEach(() => emulator.clearFaults());

const BULK_ROUTE = "POST /projects/{projectId}/sequencesBulkUpdates";

/**
 * A project with one seeded sequence `seq` (named seq-0). `requestCount()` is the number of Nexus
 * requests so far, set-up included, so tests compare before and after.
 */
async function projectWithSequence() {
  const p = await freshProject(emulator);
  await emulator.seedSequences(p.projectId, { count: 1 });
  const [seq] = (await p.sequences.list()).data;
  return { ...p, seq, requestCount: async () => (await p.requests()).total };
}

describe("GET, PATCH and DELETE are retried", () => {
  // [operation, fault rule, requests expected]
  const cases = [
    ["get", { fault: "status", status: 503, times: 2 }, 3],
    ["list", { fault: "reset", times: 1 }, 2],
    ["get", { fault: "reset", times: 2 }, 3],
    ["patch", { fault: "status", status: 500, times: 1 }, 2],
    ["patch", { fault: "tooManyRequests", retryAfterSeconds: 0, times: 1 }, 2],
    ["delete", { fault: "reset", times: 1 }, 2],
    ["delete", { fault: "status", status: 504, times: 1 }, 2],
  ];
  const ops = {
    get: (p) => p.sequences.get(p.seq.id),
    list: (p) => p.sequences.list(),
    patch: (p) => p.sequences.patch(p.seq.id, { name: "renamed" }),
    delete: (p) => p.sequences.delete(p.seq.id),
  };
  for (const [op, rule, expected] of cases) {
    test(`${op} after ${rule.fault}${rule.status ? ` ${rule.status}` : ""} x${rule.times}`, async () => {
      const p = await projectWithSequence();
      const before = await p.requestCount();
      await p.faults([rule]);
      const result = await ops[op](p);
      assert.ok(result, "the call eventually succeeded");
      assert.equal((await p.requestCount()) - before, expected);
    });
  }

  test("maxRetries bounds the attempts", async () => {
    const p = await projectWithSequence();
    const before = await p.requestCount();
    await p.faults([{ fault: "status", status: 503 }]);
    await assertFailsWith(() => p.sequences.get(p.seq.id, { maxRetries: 2 }), ServiceUnavailableError, {
      status: 503,
    });
    assert.equal((await p.requestCount()) - before, 3, "1 attempt + 2 retries");
  });

  test("a 429's Retry-After is honoured", async () => {
    const p = await projectWithSequence();
    const before = await p.requestCount();
    await p.faults([{ fault: "tooManyRequests", retryAfterSeconds: 1, times: 1 }]);
    const { ms, value, error } = await timed(() => p.sequences.get(p.seq.id));
    assert.equal(error, undefined, `succeeded after the 429: ${error?.message}`);
    assert.equal(value.id, p.seq.id);
    // 5 ms of slack for timer and clock granularity, not for an early retry.
    assert.ok(ms >= 995, `retried after ${ms.toFixed(0)} ms, before Retry-After (1 s)`);
    assert.equal((await p.requestCount()) - before, 2);
  });
});

describe("a PATCH or DELETE whose answer is lost after the commit", () => {
  // Every PATCH and DELETE carries an Idempotency-Key, the same on each attempt; the emulator
  // answers the retry with the stored response instead of applying (or failing) it again.
  test("delete: the retry gets the original answer, not a 404", async () => {
    const p = await projectWithSequence();
    await p.faults([{ fault: "resetAfterCommit", methods: ["DELETE"], times: 1 }]);
    assert.deepEqual(await p.sequences.delete(p.seq.id), { deleted: true, id: p.seq.id });
    assert.equal(await sequenceNamed(p.sequences, p.seq.name), null, "gone");
    assert.equal((await p.requests()).routes["DELETE /projects/{projectId}/sequences/{sequenceId}"], 2);
  });

  test("patch: the retry gets the sequence as the first attempt left it", async () => {
    const p = await projectWithSequence();
    await p.faults([{ fault: "resetAfterCommit", methods: ["PATCH"], times: 1 }]);
    const patched = await p.sequences.patch(p.seq.id, { name: "renamed", attributes: { n: 1 } });
    assert.equal(patched.name, "renamed");
    assert.deepEqual(patched.attributes.items, { n: "1" });
    const stored = await p.sequences.get(p.seq.id);
    assert.equal(stored.updateDate, patched.updateDate, "applied once");
    assert.equal((await p.requests()).routes["PATCH /projects/{projectId}/sequences/{sequenceId}"], 2);
  });
});

describe("bulk updates are applied exactly once", () => {
  /**
   * A project with assets and sequences "victim" and "old"; `actions` link a fresh asset into "fresh",
   * remove "victim" and rename "old" to "new". Applied twice, the second run would report
   * FailedRemove/PatchSequenceSequenceNotFound, so all-Ok results prove a single application.
   */
  async function projectForBulk() {
    const p = await freshProject(emulator, { assets: 3 });
    await p.sequences.bulkUpdate([
      { assetId: p.assets[0].assetId, sequence: { name: "victim" } },
      { assetId: p.assets[1].assetId, sequence: { name: "old" } },
    ]);
    const actions = [
      { assetId: p.assets[2].assetId, sequence: { name: "fresh" } },
      { sequenceName: "victim" },
      { sequenceName: "old", patch: { name: "new" } },
    ];
    const assertAppliedOnce = async () => {
      assert.equal(await sequenceNamed(p.sequences, "victim"), null);
      assert.equal(await sequenceNamed(p.sequences, "old"), null);
      assert.ok(await sequenceNamed(p.sequences, "new"));
      assert.deepEqual((await sequenceNamed(p.sequences, "fresh")).items.map((i) => i.assetId), [p.assets[2].assetId]);
    };
    const bulkRequests = async () => (await p.requests()).routes[BULK_ROUTE];
    return { ...p, actions, assertAppliedOnce, bulkRequests };
  }

  test("resetAfterCommit with an idempotency key: retried, replayed, result kept", async () => {
    const p = await projectForBulk();
    const before = await p.bulkRequests();
    await p.faults([{ fault: "resetAfterCommit", methods: ["POST"], times: 1 }]);
    const response = await p.sequences.bulkUpdate(p.actions, undefined, { idempotencyKey: "commit-then-drop" });
    assert.deepEqual(bulkResults(response), ["Ok", "Ok", "Ok"]);
    assert.equal((await p.bulkRequests()) - before, 2, "one dropped attempt, one replay");
    await p.assertAppliedOnce();
  });

  test("resetAfterCommit without a key: applied once whatever the SDK chooses", async () => {
    // Either the SDK supplies its own Idempotency-Key and retries (results all Ok), or it does not
    // retry a non-idempotent POST and reports the connection failure. Never a second application.
    const p = await projectForBulk();
    await p.faults([{ fault: "resetAfterCommit", methods: ["POST"], times: 1 }]);
    const err = await caught(async () => {
      const results = bulkResults(await p.sequences.bulkUpdate(p.actions));
      assert.deepEqual(results, ["Ok", "Ok", "Ok"], "a retry without the same key applied twice");
      throw "succeeded";
    });
    if (err !== "succeeded") assert.ok(err instanceof NetworkConnectionError, `got ${err}`);
    await p.assertAppliedOnce();
  });

  test("a 503 before the bulk runs is retried under the same key", async () => {
    const p = await projectForBulk();
    const before = await p.bulkRequests();
    await p.faults([{ fault: "status", status: 503, methods: ["POST"], times: 2 }]);
    const response = await p.sequences.bulkUpdate(p.actions, undefined, { idempotencyKey: "after-503" });
    assert.deepEqual(bulkResults(response), ["Ok", "Ok", "Ok"]);
    assert.equal((await p.bulkRequests()) - before, 3);
    await p.assertAppliedOnce();
  });

  test("30 bulk updates under a seeded mix of faults are each applied exactly once", async () => {
    const BULKS = 30;
    const p = await freshProject(emulator, { assets: 2 * BULKS });
    // "victim-i" holds asset i; bulk i removes it and links asset BULKS+i into "stream-i".
    await p.sequences.bulkUpdate(
      Array.from({ length: BULKS }, (_, i) => ({ assetId: p.assets[i].assetId, sequence: { name: `victim-${i}` } })),
    );
    await p.faults(
      [
        { fault: "status", status: 503, rate: 0.1 },
        { fault: "status", status: 500, rate: 0.05 },
        { fault: "tooManyRequests", retryAfterSeconds: 1, rate: 0.03 },
        { fault: "reset", rate: 0.1 },
        { fault: "delay", ms: 150, rate: 0.1 },
        { fault: "resetAfterCommit", rate: 0.15 },
      ],
      20240917,
    );

    const results = [];
    for (let i = 0; i < BULKS; i++) {
      const response = await p.sequences.bulkUpdate(
        [
          { sequenceName: `victim-${i}` },
          { assetId: p.assets[BULKS + i].assetId, sequence: { name: `stream-${i}`, ord: null } },
        ],
        undefined,
        { idempotencyKey: `stream-bulk-${i}`, maxRetries: 10 },
      );
      results.push(bulkResults(response));
    }
    await emulator.clearFaults();

    assert.deepEqual(results, Array.from({ length: BULKS }, () => ["Ok", "Ok"]), "no result lost or replayed wrong");
    const page = await p.sequences.list({ limit: 1000 });
    const byName = new Map(page.data.map((s) => [s.name, s]));
    assert.equal(page.data.length, BULKS, "only the stream sequences remain");
    for (let i = 0; i < BULKS; i++) {
      assert.deepEqual(byName.get(`stream-${i}`)?.items, [{ assetId: p.assets[BULKS + i].assetId, ord: 0, role: null }]);
    }
    const attempts = (await p.requests()).routes[BULK_ROUTE] - 1;
    assert.ok(attempts > BULKS, `faults fired: ${attempts} attempts for ${BULKS} bulks`);
  });
});
