// list, get, patch and delete against a real emulator: shapes, cursors, filters, patch semantics.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { NotFoundError } from "nexus-sequences";
import { assertFailsWith, fileEmulator, freshProject, sequenceNamed } from "./support/fixtures.mjs";

const emulator = await fileEmulator();

const SEQUENCE_KEYS = [
  "attributes", "createDate", "id", "itemCountWithRole", "items", "length", "name", "projectId", "updateDate",
];
const BYTES_TOTAL = 1_048_576;

/** Checks one Sequence object has every documented field with the documented types. */
function assertSequenceShape(seq, projectId) {
  assert.deepEqual(Object.keys(seq).sort(), SEQUENCE_KEYS);
  assert.match(seq.id, /^seq_[0-9a-f-]{36}$/);
  assert.equal(seq.projectId, projectId);
  assert.equal(typeof seq.name, "string");
  assert.equal(seq.length, seq.items.length);
  assert.ok(Number.isInteger(seq.createDate) && seq.createDate > 1.6e12, "createDate is epoch ms");
  assert.ok(Number.isInteger(seq.updateDate) && seq.updateDate >= seq.createDate);
  assert.equal(seq.attributes.bytesTotal, BYTES_TOTAL);
  assert.equal(typeof seq.attributes.bytesUsed, "number");
  assert.equal(Object.getPrototypeOf(seq.attributes.items), Object.prototype, "a plain object, not a Map");
  for (const item of seq.items) {
    assert.deepEqual(Object.keys(item).sort(), ["assetId", "ord", "role"]);
    assert.match(item.assetId, /^asset_/);
    // Absent values are null, never undefined (serde-wasm-bindgen's default would give undefined).
    assert.ok(item.role === null || typeof item.role === "string");
  }
}

describe("list", () => {
  test("returns a page envelope of well-formed sequences, honouring limit", async () => {
    const p = await freshProject(emulator);
    await emulator.seedSequences(p.projectId, { count: 5, itemsPerSequence: 2 });

    const page = await p.sequences.list({ limit: 3 });
    assert.deepEqual(Object.keys(page).sort(), ["data", "nextPage", "prevPage"]);
    assert.equal(page.data.length, 3);
    assert.equal(page.prevPage, null, "the first page has no previous page");
    assert.equal(typeof page.nextPage, "string");
    for (const seq of page.data) {
      assertSequenceShape(seq, p.projectId);
      assert.equal(seq.length, 2);
      assert.deepEqual(seq.items.map((i) => i.ord), [0, 1]);
    }
  });

  test("without arguments uses the default limit and returns everything that fits", async () => {
    const p = await freshProject(emulator);
    await emulator.seedSequences(p.projectId, { count: 4 });
    const page = await p.sequences.list();
    assert.equal(page.data.length, 4);
    assert.equal(page.nextPage, null);
  });

  test("nextPage walks forward and prevPage walks back to the same pages", async () => {
    const p = await freshProject(emulator);
    await emulator.seedSequences(p.projectId, { count: 5 });

    const first = await p.sequences.list({ limit: 2 });
    const second = await p.sequences.list({ limit: 2, page: first.nextPage });
    const third = await p.sequences.list({ limit: 2, page: second.nextPage });
    assert.equal(third.data.length, 1);
    assert.equal(third.nextPage, null, "the last page has no next page");

    const ids = [first, second, third].flatMap((page) => page.data.map((s) => s.id));
    assert.equal(new Set(ids).size, 5, "pages neither overlap nor skip");

    const backToSecond = await p.sequences.list({ limit: 2, page: third.prevPage });
    assert.deepEqual(backToSecond.data.map((s) => s.id), second.data.map((s) => s.id));
    const backToFirst = await p.sequences.list({ limit: 2, page: backToSecond.prevPage });
    assert.deepEqual(backToFirst.data.map((s) => s.id), first.data.map((s) => s.id));
  });

  test("a cursor stays valid while sequences are added and removed", async () => {
    const p = await freshProject(emulator, { assets: 2 });
    await emulator.seedSequences(p.projectId, { count: 6 });
    const first = await p.sequences.list({ limit: 2 });
    const rest = (await p.sequences.list({ limit: 10, page: first.nextPage })).data;

    // Remove what the cursor points past and the first sequence after it, then add two more.
    for (const seq of [...first.data, rest[0]]) await p.sequences.delete(seq.id);
    await p.sequences.bulkUpdate(p.assets.map((a, i) => ({ assetId: a.assetId, sequence: { name: `late-${i}` } })));

    const names = (await p.sequences.list({ limit: 10, page: first.nextPage })).data.map((s) => s.name);
    // Continues after the cursor: nothing skipped, nothing repeated, the new ones at the end (in id
    // order between themselves, since one bulk update gives them the same createDate).
    assert.deepEqual(names.slice(0, 3), rest.slice(1).map((s) => s.name));
    assert.deepEqual(names.slice(3).sort(), ["late-0", "late-1"]);
  });

  test("the name filter matches exactly one sequence, and nothing for a prefix", async () => {
    const p = await freshProject(emulator);
    await emulator.seedSequences(p.projectId, { count: 12, namePrefix: "seq-" });

    const page = await p.sequences.list({ limit: 100 }, { name: "seq-1" });
    assert.deepEqual(page.data.map((s) => s.name), ["seq-1"], "seq-10 and seq-11 do not match seq-1");
    const none = await p.sequences.list({ limit: 100 }, { name: "seq-" });
    assert.deepEqual(none.data, []);
  });

  test("a name needing percent-encoding is sent intact", async () => {
    const p = await freshProject(emulator, { assets: 1 });
    const name = "Patient A&B +1/2 ?#%";
    await p.sequences.bulkUpdate([{ assetId: p.assets[0].assetId, sequence: { name } }]);
    const found = await sequenceNamed(p.sequences, name);
    assert.equal(found?.name, name);
  });

  test("a project id without the proj_ prefix reaches the same project", async () => {
    const p = await freshProject(emulator);
    await emulator.seedSequences(p.projectId, { count: 2 });
    const bare = p.client.getProject(p.projectId.slice("proj_".length));
    const page = await bare.sequences.list();
    assert.equal(page.data.length, 2);
    assert.equal(page.data[0].projectId, p.projectId);
  });
});

describe("get", () => {
  test("returns the full sequence, items ordered by ord", async () => {
    const p = await freshProject(emulator, { assets: 3 });
    const [a, b, c] = p.assets;
    await p.sequences.bulkUpdate([
      { assetId: a.assetId, sequence: { name: "Patient A", ord: 7, role: "Sagittal" } },
      { assetId: b.assetId, sequence: { name: "Patient A", ord: 2, role: null } },
      { assetId: c.assetId, sequence: { name: "Patient A", ord: 5, role: "Sagittal" } },
    ]);
    const { id } = await sequenceNamed(p.sequences, "Patient A");

    const seq = await p.sequences.get(id);
    assertSequenceShape(seq, p.projectId);
    assert.equal(seq.name, "Patient A");
    assert.deepEqual(seq.items, [
      { assetId: b.assetId, ord: 2, role: null },
      { assetId: c.assetId, ord: 5, role: "Sagittal" },
      { assetId: a.assetId, ord: 7, role: "Sagittal" },
    ]);
    assert.deepEqual(seq.itemCountWithRole, { Sagittal: 2 });
  });
});

describe("patch", () => {
  async function projectWithOneSequence() {
    const p = await freshProject(emulator);
    await emulator.seedSequences(p.projectId, { count: 1, namePrefix: "original-" });
    const [seq] = (await p.sequences.list()).data;
    return { ...p, seq };
  }

  test("renames and returns the sequence after the change", async () => {
    const p = await projectWithOneSequence();
    const renamed = await p.sequences.patch(p.seq.id, { name: "Patient B" });
    assertSequenceShape(renamed, p.projectId);
    assert.equal(renamed.id, p.seq.id);
    assert.equal(renamed.name, "Patient B");
    assert.ok(renamed.updateDate >= p.seq.updateDate);
    assert.equal((await p.sequences.get(p.seq.id)).name, "Patient B");
  });

  test("stringifies number and boolean attribute values and counts bytes", async () => {
    const p = await projectWithOneSequence();
    const patched = await p.sequences.patch(p.seq.id, {
      attributes: { age: 20, weight: 71.5, smoker: false, note: "née" },
    });
    assert.deepEqual(patched.attributes.items, { age: "20", weight: "71.5", smoker: "false", note: "née" });
    // keys 3+6+6+4 = 19, values 2+4+5+4 ("née" is 4 UTF-8 bytes) = 15
    assert.equal(patched.attributes.bytesUsed, 34);
    assert.equal(patched.name, "original-0", "a missing name leaves it unchanged");
  });

  test("null leaves a field unchanged; an attributes object replaces the whole map", async () => {
    const p = await projectWithOneSequence();
    await p.sequences.patch(p.seq.id, { name: "Kept", attributes: { a: "1", b: "2" } });

    const unchanged = await p.sequences.patch(p.seq.id, { name: null, attributes: null });
    assert.equal(unchanged.name, "Kept");
    assert.deepEqual(unchanged.attributes.items, { a: "1", b: "2" });

    const replaced = await p.sequences.patch(p.seq.id, { name: null, attributes: { b: "3" } });
    assert.equal(replaced.name, "Kept");
    assert.deepEqual(replaced.attributes.items, { b: "3" });

    const cleared = await p.sequences.patch(p.seq.id, { attributes: {} });
    assert.deepEqual(cleared.attributes.items, {});
    assert.equal(cleared.attributes.bytesUsed, 0);
  });

  test("attributes of exactly the 1 MiB quota are accepted", async () => {
    const p = await projectWithOneSequence();
    const value = "v".repeat(BYTES_TOTAL - "k".length);
    const patched = await p.sequences.patch(p.seq.id, { attributes: { k: value } });
    assert.equal(patched.attributes.bytesUsed, BYTES_TOTAL);
  });
});

describe("delete", () => {
  test("returns {deleted: true, id} and the sequence is gone", async () => {
    const p = await freshProject(emulator);
    await emulator.seedSequences(p.projectId, { count: 2 });
    const [doomed, kept] = (await p.sequences.list()).data;

    const result = await p.sequences.delete(doomed.id);
    assert.deepEqual(result, { deleted: true, id: doomed.id });
    await assertFailsWith(() => p.sequences.get(doomed.id), NotFoundError, { status: 404 });
    assert.deepEqual((await p.sequences.list()).data.map((s) => s.id), [kept.id]);
  });

  test("deleting twice is a NotFoundError the second time", async () => {
    const p = await freshProject(emulator);
    await emulator.seedSequences(p.projectId, { count: 1 });
    const [seq] = (await p.sequences.list()).data;
    await p.sequences.delete(seq.id);
    await assertFailsWith(() => p.sequences.delete(seq.id), NotFoundError, {
      status: 404,
      code: "ResourceNotFoundError",
      secretKey: p.secretKey,
    });
  });
});
