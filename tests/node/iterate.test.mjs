// iterate(): walking more than 1,000 sequences page by page with `for await`, and stopping early.
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { createServer } from "node:http";
import { Client, InternalServerError, SequenceIterator } from "nexus-sequences";
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

  for (const readAhead of [0, 1, 3]) {
    test(`readAhead ${readAhead}: every sequence once, in list order, one request per page`, async () => {
      const pagesBefore = (await p.requests()).routes[LIST_ROUTE] ?? 0;
      const seen = [];
      for await (const seq of p.sequences.iterate({ limit: 100 }, {}, { readAhead })) seen.push(seq.id);
      assert.equal((await p.requests()).routes[LIST_ROUTE] - pagesBefore, Math.ceil(SEEDED / 100));
      assert.deepEqual(seen, await idsByListing(p.sequences, 100));
    });

    test(`readAhead ${readAhead}: break leaves at most ${readAhead} pages requested beyond those read`, async () => {
      const pagesBefore = (await p.requests()).routes[LIST_ROUTE];
      const seen = [];
      for await (const seq of p.sequences.iterate({ limit: 100 }, {}, { readAhead })) {
        seen.push(seq.id);
        if (seen.length === 150) break;
      }
      assert.equal(seen.length, 150);
      await new Promise((resolve) => setTimeout(resolve, 100)); // let anything still in flight land
      const requests = (await p.requests()).routes[LIST_ROUTE] - pagesBefore;
      assert.ok(requests >= 2 && requests <= 2 + readAhead, `${requests} page requests`);
    });
  }

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

describe("read-ahead against a server that replays the emulator's pages", () => {
  let pages; // cursor ("" for the first page) -> body
  before(async () => {
    const p = await freshProject(emulator);
    await emulator.seedSequences(p.projectId, { count: 450, itemsPerSequence: 1 });
    pages = new Map();
    let cursor = "";
    do {
      const query = cursor ? `&page=${encodeURIComponent(cursor)}` : "";
      const res = await fetch(`${emulator.endpoint}/projects/${p.projectId}/sequences?limit=100${query}`, {
        headers: { "Secret-Key": p.secretKey },
      });
      const body = await res.text();
      pages.set(cursor, body);
      cursor = JSON.parse(body).nextPage;
    } while (cursor !== null);
  });

  /** Serves the captured pages; `hold(n)` may delay or fail the n-th request (0-based). */
  async function replay(hold = () => null) {
    const seen = [];
    const server = createServer(async (req, res) => {
      const n = seen.length;
      const entry = { cursor: new URL(req.url, "http://x").searchParams.get("page") ?? "", aborted: false };
      seen.push(entry);
      req.on("close", () => {
        if (!res.writableEnded) entry.aborted = true;
      });
      const plan = hold(n) ?? {};
      if (plan.delayMs) await new Promise((resolve) => setTimeout(resolve, plan.delayMs));
      if (res.destroyed) return;
      if (plan.status) {
        res.writeHead(plan.status, { "content-type": "application/json", "x-request-id": `replay-${n}` });
        res.end(JSON.stringify({ code: "InternalServerError", message: "injected" }));
        return;
      }
      res.writeHead(200, { "content-type": "application/json", "x-request-id": `replay-${n}` });
      res.end(pages.get(entry.cursor));
    });
    await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
    const client = new Client("replay-key", { endpoint: `http://127.0.0.1:${server.address().port}`, maxRetries: 0 });
    return {
      sequences: client.getProject("proj_replay").sequences,
      seen,
      close: () => {
        server.closeAllConnections();
        return new Promise((resolve) => server.close(resolve));
      },
    };
  }

  for (const readAhead of [0, 1, 3]) {
    test(`readAhead ${readAhead}: a failed page surfaces after the items before it, and next() retries it`, async () => {
      let failed = false;
      const server = await replay((n) => {
        if (n === 2 && !failed) {
          failed = true;
          return { status: 500 };
        }
        return null;
      });
      try {
        const iterator = server.sequences.iterate({ limit: 100 }, {}, { readAhead });
        const seen = [];
        let error;
        for (;;) {
          let step;
          try {
            step = await iterator.next();
          } catch (err) {
            error = err;
            break;
          }
          if (step.done) break;
          seen.push(step.value.id);
        }
        assert.ok(error instanceof InternalServerError, `expected the page's failure, got ${error}`);
        assert.equal(seen.length, 200, "the items of the two pages before the failed one came first");
        // The walk goes on from the failed page when asked again.
        for (let step = await iterator.next(); !step.done; step = await iterator.next()) seen.push(step.value.id);
        assert.equal(seen.length, 450);
        assert.equal(new Set(seen).size, 450);
      } finally {
        await server.close();
      }
    });
  }

  test("aborting mid-walk rejects with the signal's reason and aborts the page in flight", async () => {
    const server = await replay((n) => (n >= 1 ? { delayMs: 2_000 } : null));
    try {
      const controller = new AbortController();
      const iterator = server.sequences.iterate({ limit: 100 }, {}, { readAhead: 1, signal: controller.signal });
      let read = 0;
      for (let i = 0; i < 50; i++) {
        await iterator.next();
        read++;
      }
      assert.equal(read, 50);
      await new Promise((resolve) => setTimeout(resolve, 50)); // page 2 is now in flight
      assert.equal(server.seen.length, 2);
      const reason = new Error("user left the page");
      controller.abort(reason);
      const started = performance.now();
      await assert.rejects(iterator.next(), (err) => err === reason);
      assert.ok(performance.now() - started < 500, "rejected at once");
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(server.seen[1].aborted, true, "the page in flight was aborted");
      assert.equal(server.seen.length, 2, "nothing more was requested");
    } finally {
      await server.close();
    }
  });

  test("return() aborts the pages fetched ahead", async () => {
    const server = await replay((n) => (n >= 1 ? { delayMs: 2_000 } : null));
    try {
      const iterator = server.sequences.iterate({ limit: 100 }, {}, { readAhead: 1 });
      await iterator.next();
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.deepEqual(await iterator.return(), { done: true, value: undefined });
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(server.seen.length, 2);
      assert.equal(server.seen[1].aborted, true);
      assert.deepEqual(await iterator.next(), { done: true, value: undefined });
    } finally {
      await server.close();
    }
  });
});
