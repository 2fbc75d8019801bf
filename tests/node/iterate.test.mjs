// iterate(): walking more than 1,000 sequences page by page with `for await`, and stopping early.
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { SequenceIterator } from "nexus-sequences";
import { fileEmulator, freshProject } from "./support/fixtures.mjs";

const emulator = await fileEmulator();
const SEEDED = 1234;
const LIST_ROUTE = "GET /projects/{projectId}/sequences";

/** The documented order: createDate ascending, then id. */
function assertListOrder(sequences) {
  for (let i = 1; i < sequences.length; i++) {
    const [a, b] = [sequences[i - 1], sequences[i]];
    const ordered = a.createDate < b.createDate || (a.createDate === b.createDate && a.id < b.id);
    assert.ok(ordered, `sequence ${i} (${b.id}) is out of order after ${a.id}`);
  }
}

/** Every id that `list` returns following nextPage from the start. */
async function idsByListing(sequences, limit) {
  const ids = [];
  let page = await sequences.list({ limit });
  for (;;) {
    ids.push(...page.data.map((s) => s.id));
    if (page.nextPage === null) return ids;
    page = await sequences.list({ limit, page: page.nextPage });
  }
}

describe(`iterate over ${SEEDED} sequences`, () => {
  let p;
  before(async () => {
    p = await freshProject(emulator);
    assert.equal(await emulator.seedSequences(p.projectId, { count: SEEDED, itemsPerSequence: 1 }), SEEDED);
  });

  test("yields every sequence exactly once, in list order, one request per page", async () => {
    const pagesBefore = (await p.requests()).routes[LIST_ROUTE] ?? 0;
    const seen = [];
    const iterator = p.sequences.iterate({ limit: 100 });
    assert.ok(iterator instanceof SequenceIterator);
    for await (const seq of iterator) seen.push(seq);

    assert.equal(seen.length, SEEDED);
    assert.equal(new Set(seen.map((s) => s.id)).size, SEEDED, "no id twice");
    assert.deepEqual(
      new Set(seen.map((s) => s.name)),
      new Set(Array.from({ length: SEEDED }, (_, i) => `seq-${i}`)),
      "every seeded name",
    );
    assertListOrder(seen);
    assert.deepEqual(seen.map((s) => s.id), await idsByListing(p.sequences, 100), "same order as list()");

    const requests = (await p.requests()).routes[LIST_ROUTE] - pagesBefore;
    // 13 pages for the iterator, 13 more for idsByListing.
    assert.equal(requests, 2 * Math.ceil(SEEDED / 100));
  });

  test("with the default limit and the maximum limit", async () => {
    for (const pagination of [undefined, { limit: 1000 }]) {
      let count = 0;
      for await (const _ of p.sequences.iterate(pagination)) count++;
      assert.equal(count, SEEDED, `pagination ${JSON.stringify(pagination)}`);
    }
  });

  test("break stops fetching: no page beyond the ones consumed", async () => {
    const pagesBefore = (await p.requests()).routes[LIST_ROUTE];
    const seen = [];
    for await (const seq of p.sequences.iterate({ limit: 100 })) {
      seen.push(seq.id);
      if (seen.length === 150) break;
    }
    assert.equal(seen.length, 150);
    assert.equal((await p.requests()).routes[LIST_ROUTE] - pagesBefore, 2, "two pages of 100 were enough");
  });

  test("the name filter applies to every page", async () => {
    const names = [];
    for await (const seq of p.sequences.iterate({ limit: 1 }, { name: "seq-1000" })) names.push(seq.name);
    assert.deepEqual(names, ["seq-1000"]);
  });

  test("starting from a cursor continues where that page left off", async () => {
    const first = await p.sequences.list({ limit: 100 });
    const rest = [];
    for await (const seq of p.sequences.iterate({ limit: 500, page: first.nextPage })) rest.push(seq.id);
    assert.equal(rest.length, SEEDED - 100);
    assert.ok(!rest.includes(first.data[99].id));
  });
});

test("iterate over an empty project yields nothing", async () => {
  const p = await freshProject(emulator);
  for await (const seq of p.sequences.iterate()) assert.fail(`unexpected ${seq.id}`);
});
