// What the SDK puts on the wire, seen by a recording server: headers, paths, query encoding, body
// shapes, Idempotency-Key on retries, and that the secret key never follows a redirect elsewhere.
// The emulator accepts all of these, so it could not tell a right request from a merely tolerated one.
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { Client, NetworkConnectionError } from "nexus-sequences";
import { startFakeServer } from "./support/fake-server.mjs";

const KEY = "wire-test-key-".repeat(4);
const PROJECT = `proj_${"b".repeat(32)}`;
const SEQ = "seq_00000000-0000-4000-8000-000000000000";
const SEQUENCE = {
  id: SEQ, name: "x", length: 0, projectId: PROJECT, items: [], itemCountWithRole: {},
  attributes: { bytesUsed: 0, bytesTotal: 1048576, items: {} }, createDate: 1705475663570, updateDate: 1705475663570,
};

/** A well-formed answer for whichever endpoint was called, so every call succeeds. */
function validAnswer({ method, url, body }) {
  const path = new URL(url, "http://x").pathname;
  if (path.endsWith("/sequencesBulkUpdates")) {
    return { body: JSON.stringify({ actions: JSON.parse(body).actions.map(() => "Ok") }) };
  }
  if (path.endsWith("/sequences")) return { body: JSON.stringify({ nextPage: null, prevPage: null, data: [] }) };
  if (method === "DELETE") return { body: JSON.stringify({ deleted: true, id: SEQ }) };
  return { body: JSON.stringify(SEQUENCE) };
}

/** A recording server that answers validly (unless `respond` says otherwise), closed after the file. */
async function recorder(respond = validAnswer) {
  const server = await startFakeServer(respond);
  after(() => server.close());
  return server;
}

const sequencesAt = (endpoint, options = {}) =>
  new Client(KEY, { endpoint, maxRetries: 0, ...options }).getProject(PROJECT).sequences;

describe("headers and paths", () => {
  test("Secret-Key on every request; Content-Type only with a body", async () => {
    const server = await recorder();
    const s = sequencesAt(server.endpoint);
    await s.list();
    await s.get(SEQ);
    await s.patch(SEQ, { name: "n" });
    await s.delete(SEQ);
    await s.bulkUpdate([{ sequenceId: SEQ }]);
    assert.deepEqual(
      server.requests.map((r) => [r.method, new URL(r.url, "http://x").pathname]),
      [
        ["GET", `/projects/${PROJECT}/sequences`],
        ["GET", `/projects/${PROJECT}/sequences/${SEQ}`],
        ["PATCH", `/projects/${PROJECT}/sequences/${SEQ}`],
        ["DELETE", `/projects/${PROJECT}/sequences/${SEQ}`],
        ["POST", `/projects/${PROJECT}/sequencesBulkUpdates`],
      ],
    );
    for (const { method, headers, body } of server.requests) {
      assert.equal(headers["secret-key"], KEY, `${method} carries the raw key`);
      assert.equal(headers.authorization, undefined);
      if (body) assert.match(headers["content-type"], /^application\/json/, `${method} with a body`);
    }
  });

  for (const suffix of ["/nexus", "/nexus/"]) {
    test(`a path in the endpoint is kept (${suffix})`, async () => {
      const server = await recorder();
      await sequencesAt(server.endpoint + suffix).get(SEQ);
      assert.equal(server.requests[0].url, `/nexus/projects/${PROJECT}/sequences/${SEQ}`);
    });
  }

  test("query values are percent-encoded and round-trip exactly", async () => {
    const server = await recorder();
    const page = "a+b/c=&d";
    const name = "Patient A&B +1/2 ?#%é";
    await sequencesAt(server.endpoint).list({ limit: 7, page }, { name });
    const { url } = server.requests[0];
    const params = new URL(url, "http://x").searchParams;
    assert.equal(params.get("limit"), "7");
    assert.equal(params.get("page"), page);
    assert.equal(params.get("name"), name);
    assert.ok(!url.includes("+1"), `'+' must be encoded, not left to mean a space: ${url}`);
  });
});

describe("bodies", () => {
  test("patch sends both keys, null for what is left unchanged, values as strings", async () => {
    const server = await recorder();
    const s = sequencesAt(server.endpoint);
    await s.patch(SEQ, { name: "only the name" });
    await s.patch(SEQ, { attributes: { age: 20, ok: false, ratio: 0.5 } });
    assert.deepEqual(
      server.requests.map((r) => JSON.parse(r.body)),
      [
        { name: "only the name", attributes: null },
        { name: null, attributes: { age: "20", ok: "false", ratio: "0.5" } },
      ],
    );
  });

  test("bulk actions go out camelCase with kind, whatever the input spelling", async () => {
    const server = await recorder();
    await sequencesAt(server.endpoint).bulkUpdate([
      { asset_filename: "a.jpg", sequence: { name: "P", ord: 2 } },
      { asset_id: "asset_1" },
      { sequence_name: "P", patch: { attributes: { n: 1 } } },
      { sequence_id: SEQ },
    ]);
    const sent = JSON.parse(server.requests[0].body);
    assert.equal(sent.abortMode, "None", "the default abort mode is explicit");
    const [link, unset, patch, remove] = sent.actions;
    assert.equal(link.kind, "Link");
    assert.equal(link.assetFilename, "a.jpg");
    assert.equal(link.sequence.name, "P");
    assert.equal(link.sequence.ord, 2);
    assert.deepEqual(unset, { kind: "Link", assetId: "asset_1", sequence: "Unset" });
    assert.equal(patch.kind, "PatchSequence");
    assert.equal(patch.sequenceName, "P");
    assert.deepEqual(patch.patch.attributes, { n: "1" });
    assert.deepEqual(remove, { kind: "RemoveSequence", sequenceId: SEQ });
    assert.ok(!/"[a-z]+_[a-z]+"\s*:/.test(server.requests[0].body), "no snake_case key on the wire");
  });
});

describe("Idempotency-Key", () => {
  test("the given key is sent on every attempt of a retried bulk", async () => {
    let attempts = 0;
    const server = await recorder((req) => (++attempts < 3 ? { status: 503, body: "{}" } : validAnswer(req)));
    await sequencesAt(server.endpoint, { maxRetries: 3 }).bulkUpdate([{ sequenceId: SEQ }], undefined, {
      idempotencyKey: "my-key-1",
    });
    assert.deepEqual(server.requests.map((r) => r.headers["idempotency-key"]), ["my-key-1", "my-key-1", "my-key-1"]);
  });

  test("without a key, a bulk is either not retried or retried under one key of the SDK's", async () => {
    const server = await recorder((req) => (server.requests.length < 2 ? { status: 503, body: "{}" } : validAnswer(req)));
    await sequencesAt(server.endpoint, { maxRetries: 3 })
      .bulkUpdate([{ sequenceId: SEQ }])
      .catch(() => {});
    const keys = new Set(server.requests.map((r) => r.headers["idempotency-key"]));
    if (server.requests.length > 1) {
      assert.equal(keys.size, 1, "one key across attempts");
      assert.ok([...keys][0], "and it is not empty");
    }
  });
});

describe("redirects", () => {
  test("the secret key is never sent to another origin", async () => {
    const elsewhere = await recorder();
    const server = await recorder((req) => ({
      status: 307,
      headers: { location: `${elsewhere.endpoint}${req.url}` },
    }));
    const refused = await sequencesAt(server.endpoint, { maxRetries: 3 })
      .get(SEQ)
      .catch((error) => error);
    const leaked = elsewhere.requests.filter((r) => r.headers["secret-key"] !== undefined);
    assert.equal(leaked.length, 0, `Secret-Key followed a redirect to ${elsewhere.endpoint}`);
    assert.ok(refused instanceof NetworkConnectionError, `refused as a connection failure, got ${refused}`);
    assert.match(refused.message, /answered with a redirect 307, which is not followed/);
    // Refused at once: asking again would be redirected again.
    assert.equal(server.requests.length, 1);
    assert.doesNotMatch(refused.message, /after \d+ attempts/);
  });
});
