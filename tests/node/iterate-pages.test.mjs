// iterate(): a page's items reach JavaScript in one call into wasm (`nextPage()`), and the
// package's next() steps through them without calling into wasm per item; nextPage() itself.
import { crossingsOf } from "./support/wasm-crossings.mjs"; // first: it wraps the wasm glue
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { Client, NexusError, ResponseDecodeError } from "nexus-sequences";
import { startFakeServer } from "./support/fake-server.mjs";
import { fileEmulator, freshProject } from "./support/fixtures.mjs";

const emulator = await fileEmulator();
const SEEDED = 250;
const LIMIT = 100;
const LIST_ROUTE = "GET /projects/{projectId}/sequences";

describe(`pages of ${SEEDED} sequences, ${LIMIT} a page`, () => {
  let p;
  let ids; // every id in list order
  before(async () => {
    p = await freshProject(emulator);
    await emulator.seedSequences(p.projectId, { count: SEEDED, itemsPerSequence: 1 });
    ids = [];
    for await (const sequence of p.sequences.iterate({ limit: LIMIT })) ids.push(sequence.id);
    assert.equal(ids.length, SEEDED);
  });
  const walk = (options) => p.sequences.iterate({ limit: LIMIT }, {}, options);

  for (const readAhead of [0, 1, 3]) {
    test(`readAhead ${readAhead}: for await calls into wasm once a page, not once an item`, async () => {
      const seen = [];
      const calls = await crossingsOf(async () => {
        for await (const sequence of walk({ readAhead })) seen.push(sequence.id);
      });
      assert.deepEqual(seen, ids);
      // 3 pages, then the call that finds the walk done; the signals are read once.
      assert.deepEqual(calls, { nextPage: 4, abortSignals: 1 });
    });
  }

  test("concurrent next() calls settle in the order they were made, across pages", async () => {
    const iterator = walk({ readAhead: 1 });
    let calls;
    const steps = [];
    calls = await crossingsOf(async () => {
      const order = [];
      const promises = Array.from({ length: SEEDED + 2 }, (_, i) =>
        iterator.next().then((step) => {
          order.push(i);
          return step;
        }),
      );
      steps.push(...(await Promise.all(promises)));
      assert.deepEqual(order, [...order].sort((a, b) => a - b), "settled in call order");
    });
    assert.deepEqual(steps.slice(0, SEEDED).map((step) => step.value.id), ids);
    assert.deepEqual(steps.slice(SEEDED), [{ done: true, value: undefined }, { done: true, value: undefined }]);
    assert.equal(calls.nextPage, 5, "3 pages and the end, found by each of the last two calls");
  });

  test("next(), nextPage() and for await share one walk: nothing skipped or repeated", async () => {
    const iterator = walk();
    const seen = [];
    const first = await iterator.next();
    seen.push(first.value.id);
    // The rest of the first page, at once.
    const rest = await iterator.nextPage();
    assert.equal(rest.done, false);
    assert.equal(rest.value.length, LIMIT - 1);
    seen.push(...rest.value.map((s) => s.id));
    // Concurrent: an item, the rest of its page, an item of the next page.
    const [a, b, c] = await Promise.all([iterator.next(), iterator.nextPage(), iterator.next()]);
    seen.push(a.value.id, ...b.value.map((s) => s.id), c.value.id);
    assert.equal(b.value.length, LIMIT - 1);
    // for await goes on with the same iterator, from the next item.
    for await (const sequence of iterator) seen.push(sequence.id);
    assert.deepEqual(seen, ids);
    assert.deepEqual(await iterator.nextPage(), { done: true, value: undefined });
    assert.deepEqual(await iterator.next(), { done: true, value: undefined });
  });

  test("nextPage() hands each page whole (as list() has it), then done", async () => {
    const iterator = walk({ readAhead: 0 });
    const pages = [];
    for (let page = await iterator.nextPage(); !page.done; page = await iterator.nextPage()) pages.push(page.value);
    assert.deepEqual(
      pages.map((page) => page.length),
      [100, 100, 50],
    );
    const listed = await p.sequences.list({ limit: LIMIT });
    assert.deepEqual(pages[0], listed.data);
  });

  test("return() mid-page drops the page being stepped through", async () => {
    const iterator = walk();
    assert.equal((await iterator.next()).value.id, ids[0]);
    assert.deepEqual(await iterator.return(), { done: true, value: undefined });
    assert.deepEqual(await iterator.next(), { done: true, value: undefined });
    assert.deepEqual(await iterator.nextPage(), { done: true, value: undefined });
  });

  test("a next() waiting for its page when return() is called gets done, and so do later ones", async () => {
    const iterator = walk({ readAhead: 0 });
    const waiting = iterator.next();
    await iterator.return();
    assert.deepEqual(await waiting, { done: true, value: undefined });
    assert.deepEqual(await iterator.next(), { done: true, value: undefined });
  });

  test("aborting mid-page: the next step rejects with the reason, in next() and nextPage()", async () => {
    const controller = new AbortController();
    const iterator = walk({ signal: controller.signal });
    for (let i = 0; i < 10; i++) assert.equal((await iterator.next()).value.id, ids[i]);
    const reason = new Error("user left");
    controller.abort(reason);
    await assert.rejects(iterator.next(), (err) => err === reason);
    // The walk has stopped: it stays rejecting with the reason, as at every step.
    await assert.rejects(iterator.nextPage(), (err) => err === reason);
    await assert.rejects(iterator.next(), (err) => err === reason);
  });

  test("the client's signal stops a walk mid-page too", async () => {
    const controller = new AbortController();
    const q = await freshProject(emulator, { clientOptions: { signal: controller.signal } });
    await emulator.seedSequences(q.projectId, { count: 5, itemsPerSequence: 1 });
    const iterator = q.sequences.iterate({ limit: 5 });
    await iterator.next();
    const reason = new Error("client closed");
    controller.abort(reason);
    await assert.rejects(iterator.next(), (err) => err === reason);
  });

  test("nextPage(): a failed page rejects after the pages before it, and the next call retries it", async () => {
    const q = await freshProject(emulator, { clientOptions: { maxRetries: 0 } });
    await emulator.seedSequences(q.projectId, { count: 25, itemsPerSequence: 1 });
    const iterator = q.sequences.iterate({ limit: 10 }, {}, { readAhead: 0 });
    assert.equal((await iterator.nextPage()).value.length, 10);
    await q.faults([{ fault: "status", status: 503, times: 1 }]);
    await assert.rejects(iterator.nextPage(), (err) => err instanceof NexusError && err.status === 503);
    assert.equal((await iterator.nextPage()).value.length, 10, "the failed page, requested again");
    assert.equal((await iterator.nextPage()).value.length, 5);
    assert.deepEqual(await iterator.nextPage(), { done: true, value: undefined });
    assert.equal((await q.requests()).routes[LIST_ROUTE], 4);
  });
});

describe("pages whose body cannot be read, from a server replaying the emulator's pages", () => {
  let bodies; // the emulator's 3 pages of 10, 10 and 5 sequences, parsed
  before(async () => {
    const p = await freshProject(emulator);
    await emulator.seedSequences(p.projectId, { count: 25, itemsPerSequence: 1 });
    bodies = [];
    let cursor = "";
    do {
      const query = cursor ? `&page=${encodeURIComponent(cursor)}` : "";
      const res = await fetch(`${emulator.endpoint}/projects/${p.projectId}/sequences?limit=10${query}`, {
        headers: { "Secret-Key": p.secretKey },
      });
      bodies.push(await res.json());
      cursor = bodies.at(-1).nextPage;
    } while (cursor !== null);
    assert.equal(bodies.length, 3);
  });

  /** Serves the pages, the n-th request's body as `body(n, page)` gives it; counts requests by page. */
  async function replay(body) {
    const requests = [0, 0, 0];
    let n = 0;
    const server = await startFakeServer(({ url }) => {
      const cursor = new URL(url, "http://x").searchParams.get("page");
      const index = cursor === null ? 0 : bodies.findIndex((b) => b.nextPage === cursor) + 1;
      requests[index]++;
      return { body: body(n++, bodies[index]) };
    });
    const client = new Client("replay-key", { endpoint: server.endpoint, maxRetries: 0 });
    return { sequences: client.getProject("proj_replay").sequences, requests, close: server.close };
  }

  /** Steps through `iterator` to the end, collecting names and errors in order. */
  async function readAll(iterator) {
    const seen = [];
    for (;;) {
      try {
        const step = await iterator.next();
        if (step.done) return seen;
        seen.push(step.value.name);
      } catch (error) {
        seen.push(error);
      }
    }
  }

  for (const readAhead of [0, 1]) {
    test(`readAhead ${readAhead}: items that do not fit are reported in their page's place, and the walk goes on after it`, async () => {
      const server = await replay((_, page) => {
        if (page.nextPage === null || page.prevPage === null) return JSON.stringify(page);
        const broken = structuredClone(page);
        broken.data[3].items[0].ord = "three";
        return JSON.stringify(broken);
      });
      try {
        const seen = await readAll(server.sequences.iterate({ limit: 10 }, {}, { readAhead }));
        assert.equal(seen.length, 10 + 1 + 5);
        assert.ok(seen[10] instanceof ResponseDecodeError, String(seen[10]));
        assert.match(seen[10].message, /data\[3\]\.items\[0\]\.ord/);
        assert.deepEqual(
          seen.filter((s) => typeof s === "string"),
          [...bodies[0].data, ...bodies[2].data].map((s) => s.name),
        );
        assert.deepEqual(server.requests, [1, 1, 1], "the unreadable page is not requested again");
      } finally {
        await server.close();
      }
    });
  }

  test("a page whose cursor cannot be read rejects in its place, and the next call requests it again", async () => {
    const server = await replay((n, page) => (n === 1 ? '{"data": [], "nextPage": 7}' : JSON.stringify(page)));
    try {
      const seen = await readAll(server.sequences.iterate({ limit: 10 }, {}, { readAhead: 0 }));
      assert.equal(seen.length, 10 + 1 + 10 + 5);
      assert.ok(seen[10] instanceof ResponseDecodeError, String(seen[10]));
      assert.deepEqual(
        seen.filter((s) => typeof s === "string"),
        bodies.flatMap((b) => b.data.map((s) => s.name)),
      );
      assert.deepEqual(server.requests, [1, 2, 1]);
    } finally {
      await server.close();
    }
  });

  test("a rejected step's stack names the caller's file, in next() and nextPage()", async () => {
    const server = await replay(() => "not json");
    try {
      const iterator = server.sequences.iterate();
      for (const step of [() => iterator.next(), () => iterator.nextPage()]) {
        const error = await step().then(
          () => assert.fail("resolved"),
          (err) => err,
        );
        assert.ok(error instanceof ResponseDecodeError, String(error));
        assert.match(error.stack, /iterate-pages\.test\.mjs/);
      }
    } finally {
      await server.close();
    }
  });
});
