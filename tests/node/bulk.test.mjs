// bulkUpdate: the three action kinds, merge modes, "Unset", both abort modes with exact per-action
// results, snake_case spellings, kind inference, idempotency keys, and the exported enums.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  BadRequestError,
  SequenceBulkUpdateAbortMode as AbortMode,
  SequenceBulkUpdateActionKind as Kind,
  SequenceBulkUpdateResult as Result,
  SequenceMergeMode as Merge,
} from "nexus-sequences";
import {
  assertFailsWith,
  bulkResults,
  fileEmulator,
  freshProject,
  sequenceNamed,
} from "./support/fixtures.mjs";
import { startEmulator } from "./support/emulator.mjs";

const emulator = await fileEmulator();
const MISSING_ASSET = "asset_00000000-0000-4000-8000-000000000000";
const MISSING_SEQUENCE = "seq_00000000-0000-4000-8000-000000000000";

/**
 * A project with assets image_0..image_5 where sequence "A" holds image_0 at ord 0 and "B" holds
 * image_1 at ord 0. Returns the fixture plus `seqA`, `seqB` and `run(actions, abortMode)` giving results.
 */
async function projectWithAB() {
  const p = await freshProject(emulator, { assets: 6 });
  const run = async (actions, abortMode, options) =>
    bulkResults(await p.sequences.bulkUpdate(actions, abortMode, options));
  await run([
    { kind: Kind.LINK, assetId: p.assets[0].assetId, sequence: { name: "A", ord: 0 } },
    { kind: Kind.LINK, assetId: p.assets[1].assetId, sequence: { name: "B", ord: 0 } },
  ]);
  const seqA = await sequenceNamed(p.sequences, "A");
  const seqB = await sequenceNamed(p.sequences, "B");
  return { ...p, run, seqA, seqB, asset: (i) => p.assets[i].assetId };
}

/** Asset ids of a sequence's items in order, looked up by name (null if the sequence is gone). */
async function itemsOf(sequences, name) {
  const seq = await sequenceNamed(sequences, name);
  return seq && seq.items.map((item) => item.assetId);
}

describe("Link", () => {
  test("by assetId and by assetFilename creates the sequence and places items", async () => {
    const p = await projectWithAB();
    const results = await p.run([
      { kind: "Link", assetId: p.asset(2), sequence: { name: "New", ord: 4, role: "Axial" } },
      { kind: "Link", assetFilename: "image_3.jpg", sequence: { name: "New", ord: 1, role: null } },
    ]);
    assert.deepEqual(results, [Result.OK, Result.OK]);
    const seq = await sequenceNamed(p.sequences, "New");
    assert.deepEqual(seq.items, [
      { assetId: p.asset(3), ord: 1, role: null },
      { assetId: p.asset(2), ord: 4, role: "Axial" },
    ]);
    assert.deepEqual(seq.itemCountWithRole, { Axial: 1 });
  });

  test("ord null takes the next free ord of that role", async () => {
    const p = await projectWithAB();
    await p.run([
      { assetId: p.asset(2), sequence: { name: "A", ord: null, role: null } },
      { assetId: p.asset(3), sequence: { name: "A", role: "X" } },
      { assetId: p.asset(4), sequence: { name: "A", role: "X" } },
    ]);
    const seq = await sequenceNamed(p.sequences, "A");
    const slots = seq.items.map((i) => [i.assetId, i.role, i.ord]);
    assert.deepEqual(slots, [
      [p.asset(0), null, 0],
      [p.asset(3), "X", 0],
      [p.asset(2), null, 1],
      [p.asset(4), "X", 1],
    ]);
  });

  test("linking an asset elsewhere moves it", async () => {
    const p = await projectWithAB();
    assert.deepEqual(await p.run([{ assetId: p.asset(0), sequence: { name: "B", ord: 3 } }]), [Result.OK]);
    assert.deepEqual(await itemsOf(p.sequences, "A"), [], "A keeps existing with zero items");
    assert.deepEqual(await itemsOf(p.sequences, "B"), [p.asset(1), p.asset(0)]);
  });

  // Both merge modes on an occupied slot (role null, ord 0 of "A" holds image_0).
  const mergeCases = [
    { merge: Merge.REPLACE_EXISTING_ENTRY, result: Result.OK, holder: 2 },
    { merge: Merge.REJECT_SEQUENCE_OPERATION, result: Result.FAILED_LINK_WOULD_OVERWRITE_EXISTING_ITEM, holder: 0 },
    { merge: undefined, result: Result.OK, holder: 2, label: "default (ReplaceExistingEntry)" },
  ];
  for (const { merge, result, holder, label } of mergeCases) {
    test(`merge ${label ?? merge} on an occupied slot`, async () => {
      const p = await projectWithAB();
      const sequence = { name: "A", ord: 0, role: null, ...(merge && { merge }) };
      assert.deepEqual(await p.run([{ assetId: p.asset(2), sequence }]), [result]);
      assert.deepEqual(await itemsOf(p.sequences, "A"), [p.asset(holder)]);
    });
  }

  test('"Unset" unlinks, and is a no-op Ok for an asset in no sequence', async () => {
    const p = await projectWithAB();
    const results = await p.run([
      { kind: Kind.LINK, assetId: p.asset(0), sequence: "Unset" },
      { kind: Kind.LINK, assetFilename: "image_5.jpg", sequence: "Unset" },
    ]);
    assert.deepEqual(results, [Result.OK, Result.OK]);
    assert.deepEqual(await itemsOf(p.sequences, "A"), []);
  });
});

describe("PatchSequence and RemoveSequence", () => {
  test("patch by id and by name; remove by id and by name", async () => {
    const p = await projectWithAB();
    assert.deepEqual(
      await p.run([
        { kind: Kind.PATCH_SEQUENCE, sequenceId: p.seqA.id, patch: { name: "A2", attributes: null } },
        { kind: Kind.PATCH_SEQUENCE, sequenceName: "B", patch: { name: null, attributes: { age: 20, ok: true } } },
      ]),
      [Result.OK, Result.OK],
    );
    assert.equal((await p.sequences.get(p.seqA.id)).name, "A2");
    assert.deepEqual((await p.sequences.get(p.seqB.id)).attributes.items, { age: "20", ok: "true" });

    assert.deepEqual(
      await p.run([
        { kind: Kind.REMOVE_SEQUENCE, sequenceId: p.seqA.id },
        { kind: Kind.REMOVE_SEQUENCE, sequenceName: "B" },
      ]),
      [Result.OK, Result.OK],
    );
    assert.deepEqual((await p.sequences.list()).data, []);
  });

  test("actions run in order, each seeing the ones before", async () => {
    const p = await projectWithAB();
    const results = await p.run([
      { assetId: p.asset(2), sequence: { name: "C" } },
      { sequenceName: "C", patch: { name: "D" } },
      { assetId: p.asset(3), sequence: { name: "D" } },
      { sequenceName: "B" },
    ]);
    assert.deepEqual(results, [Result.OK, Result.OK, Result.OK, Result.OK]);
    assert.deepEqual(await itemsOf(p.sequences, "D"), [p.asset(2), p.asset(3)]);
    assert.equal(await sequenceNamed(p.sequences, "C"), null);
    assert.equal(await sequenceNamed(p.sequences, "B"), null);
  });
});

describe("per-action failure results (abortMode None)", () => {
  // Each case: actions built from the A/B fixture, and the exact results expected.
  const cases = [
    {
      name: "the same asset linked twice",
      actions: (p) => [
        { assetId: p.asset(2), sequence: { name: "A" } },
        { assetId: p.asset(2), sequence: { name: "B" } },
      ],
      results: [Result.OK, Result.FAILED_LINK_ASSET_ALREADY_PROCESSED],
    },
    {
      name: "unknown asset id and unknown filename",
      actions: () => [
        { assetId: MISSING_ASSET, sequence: { name: "A" } },
        { assetFilename: "nope.jpg", sequence: { name: "A" } },
      ],
      results: [Result.FAILED_LINK_ASSET_NOT_FOUND, Result.FAILED_LINK_ASSET_NOT_FOUND],
    },
    {
      name: "patch of an unknown sequence, by id and by name",
      actions: () => [
        { sequenceId: MISSING_SEQUENCE, patch: { name: "Z" } },
        { sequenceName: "nobody", patch: { attributes: { a: "1" } } },
      ],
      results: [Result.FAILED_PATCH_SEQUENCE_SEQUENCE_NOT_FOUND, Result.FAILED_PATCH_SEQUENCE_SEQUENCE_NOT_FOUND],
    },
    {
      name: "rename onto an existing name",
      actions: () => [{ sequenceName: "A", patch: { name: "B" } }],
      results: [Result.FAILED_PATCH_SEQUENCE_RENAME_WOULD_DUPLICATE],
    },
    {
      name: "a sequence patched twice",
      actions: () => [
        { sequenceName: "A", patch: { attributes: { a: "1" } } },
        { sequenceName: "A", patch: { name: "A3" } },
      ],
      results: [Result.OK, Result.FAILED_PATCH_SEQUENCE_SEQUENCE_ALREADY_PROCESSED],
    },
    {
      name: "remove of an unknown sequence, by id and by name",
      actions: () => [{ sequenceId: MISSING_SEQUENCE }, { sequenceName: "nobody" }],
      results: [Result.FAILED_REMOVE_SEQUENCE_SEQUENCE_NOT_FOUND, Result.FAILED_REMOVE_SEQUENCE_SEQUENCE_NOT_FOUND],
    },
    {
      name: "remove after a patch of the same sequence, and remove twice",
      actions: (p) => [
        { sequenceId: p.seqA.id, patch: { attributes: { a: "1" } } },
        { sequenceId: p.seqA.id },
        { sequenceName: "B" },
        { sequenceName: "B" },
      ],
      results: [
        Result.OK,
        Result.FAILED_REMOVE_SEQUENCE_SEQUENCE_ALREADY_PROCESSED,
        Result.OK,
        Result.FAILED_REMOVE_SEQUENCE_SEQUENCE_ALREADY_PROCESSED,
      ],
    },
  ];
  for (const { name, actions, results } of cases) {
    test(name, async () => {
      const p = await projectWithAB();
      assert.deepEqual(await p.run(actions(p), AbortMode.NONE), results);
    });
  }

  test("linking past the per-sequence item cap", async () => {
    // A second, private emulator with a tiny cap: the default (10,000) is too big to reach quickly.
    const capped = await startEmulator({ maxItemsPerSequence: 2 });
    try {
      const p = await freshProject(capped, { assets: 3 });
      const response = await p.sequences.bulkUpdate(
        p.assets.map((a) => ({ assetId: a.assetId, sequence: { name: "Full" } })),
      );
      assert.deepEqual(bulkResults(response), [
        Result.OK,
        Result.OK,
        Result.FAILED_LINK_SEQUENCE_WOULD_EXCEED_MAXIMUM_ITEM_COUNT,
      ]);
    } finally {
      await capped.stop();
    }
  });
});

describe("abort modes", () => {
  // One good link, one unknown asset, one good patch.
  const mixed = (p) => [
    { assetId: p.asset(2), sequence: { name: "New" } },
    { assetId: MISSING_ASSET, sequence: { name: "New" } },
    { sequenceName: "B", patch: { attributes: { seen: "yes" } } },
  ];

  test("None applies every action that succeeds", async () => {
    const p = await projectWithAB();
    assert.deepEqual(await p.run(mixed(p), AbortMode.NONE), [
      Result.OK,
      Result.FAILED_LINK_ASSET_NOT_FOUND,
      Result.OK,
    ]);
    assert.deepEqual(await itemsOf(p.sequences, "New"), [p.asset(2)]);
    assert.deepEqual((await p.sequences.get(p.seqB.id)).attributes.items, { seen: "yes" });
  });

  test("AbortOnAnyFailed applies nothing and marks the others Failed", async () => {
    const p = await projectWithAB();
    assert.deepEqual(await p.run(mixed(p), AbortMode.ABORT_ON_ANY_FAILED), [
      Result.FAILED,
      Result.FAILED_LINK_ASSET_NOT_FOUND,
      Result.FAILED,
    ]);
    assert.equal(await sequenceNamed(p.sequences, "New"), null);
    assert.deepEqual((await p.sequences.get(p.seqB.id)).attributes.items, {});
  });

  test("AbortOnAnyFailed applies everything when all succeed", async () => {
    const p = await projectWithAB();
    const actions = mixed(p).filter((_, i) => i !== 1);
    assert.deepEqual(await p.run(actions, "AbortOnAnyFailed"), [Result.OK, Result.OK]);
    assert.deepEqual(await itemsOf(p.sequences, "New"), [p.asset(2)]);
  });
});

describe("input spellings", () => {
  // Python-SDK snake_case keys and omitted `kind`, each checked by its effect on the server.
  const spellings = [
    {
      name: "asset_id, kind inferred as Link",
      action: (p) => ({ asset_id: p.asset(2), sequence: { name: "A" } }),
      check: async (p) => assert.deepEqual(await itemsOf(p.sequences, "A"), [p.asset(0), p.asset(2)]),
    },
    {
      name: "asset_filename, kind inferred as Link",
      action: () => ({ asset_filename: "image_2.jpg", sequence: { name: "B" } }),
      check: async (p) => assert.deepEqual(await itemsOf(p.sequences, "B"), [p.asset(1), p.asset(2)]),
    },
    {
      name: "an asset key without sequence means Unset",
      action: (p) => ({ asset_id: p.asset(0) }),
      check: async (p) => assert.deepEqual(await itemsOf(p.sequences, "A"), []),
    },
    {
      name: "sequence_name with patch is a PatchSequence",
      action: () => ({ sequence_name: "A", patch: { name: "A-renamed" } }),
      check: async (p) => assert.equal((await p.sequences.get(p.seqA.id)).name, "A-renamed"),
    },
    {
      name: "sequence_id with patch is a PatchSequence",
      action: (p) => ({ sequence_id: p.seqB.id, patch: { attributes: { n: 1 } } }),
      check: async (p) => assert.deepEqual((await p.sequences.get(p.seqB.id)).attributes.items, { n: "1" }),
    },
    {
      name: "sequence_name without patch is a RemoveSequence",
      action: () => ({ sequence_name: "A" }),
      check: async (p) => assert.equal(await sequenceNamed(p.sequences, "A"), null),
    },
    {
      name: "sequence_id without patch is a RemoveSequence",
      action: (p) => ({ sequence_id: p.seqB.id }),
      check: async (p) => assert.equal(await sequenceNamed(p.sequences, "B"), null),
    },
  ];
  for (const { name, action, check } of spellings) {
    test(name, async () => {
      const p = await projectWithAB();
      assert.deepEqual(await p.run([action(p)]), [Result.OK]);
      await check(p);
    });
  }
});

describe("idempotency keys", () => {
  test("the same key and body replays the stored response without applying again", async () => {
    const p = await projectWithAB();
    const actions = [{ sequenceName: "B" }, { assetId: p.asset(3), sequence: { name: "Fresh" } }];
    const options = { idempotencyKey: "idem-replay-1" };
    assert.deepEqual(await p.run(actions, AbortMode.NONE, options), [Result.OK, Result.OK]);
    // Applied again, "B" would be FailedRemoveSequenceSequenceNotFound.
    assert.deepEqual(await p.run(actions, AbortMode.NONE, options), [Result.OK, Result.OK]);
    assert.equal((await p.requests()).routes["POST /projects/{projectId}/sequencesBulkUpdates"], 3);
  });

  test("the same key with another body is a 422, surfaced as BadRequestError", async () => {
    const p = await projectWithAB();
    const options = { idempotencyKey: "idem-reuse-1" };
    await p.run([{ sequenceName: "A" }], AbortMode.NONE, options);
    await assertFailsWith(
      () => p.sequences.bulkUpdate([{ sequenceName: "B" }], AbortMode.NONE, options),
      BadRequestError,
      { status: 422, code: "IdempotencyKeyReusedError", secretKey: p.secretKey },
    );
    assert.ok(await sequenceNamed(p.sequences, "B"), "the rejected body was not applied");
  });
});

describe("the attribute budget in a bulk update", () => {
  test("a patch over 1 MiB is sent and fails alone; with abort mode None the others apply", async () => {
    const p = await projectWithAB();
    const over = { big: "v".repeat(1_048_576) }; // 3 + 1,048,576 bytes: over the budget
    const results = await p.run(
      [
        { sequenceName: "A", patch: { attributes: over } },
        { sequenceName: "B", patch: { attributes: { age: 20 } } },
      ],
      AbortMode.NONE,
    );
    assert.deepEqual(results, [Result.FAILED_PATCH_SEQUENCE_ATTRIBUTE_SIZE_WOULD_EXCEED_LIMIT, Result.OK]);
    assert.deepEqual((await sequenceNamed(p.sequences, "A")).attributes.items, {});
    assert.deepEqual((await sequenceNamed(p.sequences, "B")).attributes.items, { age: "20" });
  });
});

describe("exported enums", () => {
  const upperSnake = (pascal) => pascal.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();
  const enums = {
    SequenceBulkUpdateAbortMode: [AbortMode, ["None", "AbortOnAnyFailed"]],
    SequenceMergeMode: [Merge, ["ReplaceExistingEntry", "RejectSequenceOperation"]],
    SequenceBulkUpdateActionKind: [Kind, ["Link", "PatchSequence", "RemoveSequence"]],
    SequenceBulkUpdateResult: [
      Result,
      [
        "Ok",
        "Failed",
        "FailedLinkAssetAlreadyProcessed",
        "FailedLinkAssetNotFound",
        "FailedLinkWouldOverwriteExistingItem",
        "FailedLinkSequenceWouldExceedMaximumItemCount",
        "FailedPatchSequenceSequenceNotFound",
        "FailedPatchSequenceAttributeSizeWouldExceedLimit",
        "FailedPatchSequenceRenameWouldDuplicate",
        "FailedPatchSequenceSequenceAlreadyProcessed",
        "FailedRemoveSequenceSequenceNotFound",
        "FailedRemoveSequenceSequenceAlreadyProcessed",
      ],
    ],
  };
  for (const [name, [object, wireValues]] of Object.entries(enums)) {
    test(`${name} is frozen and maps UPPER_SNAKE keys to exactly the wire strings`, () => {
      assert.ok(Object.isFrozen(object));
      const expected = Object.fromEntries(wireValues.map((v) => [upperSnake(v), v]));
      assert.deepEqual({ ...object }, expected);
    });
  }
});
