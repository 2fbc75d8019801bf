// `nexus-sequences/proxy` over real HTTP: a keyless client in front of the proxy (node:http,
// through toNodeHandler), a recording server behind it, the emulator behind that. What the
// proxy forwards reaches the emulator with the proxy's key and nothing of the caller's; what
// it refuses reaches nothing; the key is in no answer.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Client, NotFoundError, BadRequestError, ForbiddenError } from "nexus-sequences";
import { createProxyHandler } from "nexus-sequences/proxy";
import { startFakeServer, closedPort } from "./support/fake-server.mjs";
import { assertFailsWith, assertKeyAbsent, bulkResults, fileEmulator } from "./support/fixtures.mjs";
import { BASE_PATH, rawRequest, startProxy, startRecorder } from "./support/proxy.mjs";

const emulator = await fileEmulator();

/** Every answer the proxy gave in this file, to search for the key at the end. */
const answers = [];
/** The keys of every project of this file's proxies. */
const keys = [];

/**
 * A project with `assets` assets and `sequences` seeded sequences, behind a proxy (options
 * `proxyOptions`) behind a recorder; a keyless client on the proxy.
 */
async function proxied({ assets = 0, sequences = 0, proxyOptions = {} } = {}) {
  const { projectId, secretKey } = await emulator.createProject();
  keys.push(secretKey);
  const assetList = assets > 0 ? await emulator.createAssets(projectId, assets) : [];
  if (sequences > 0) await emulator.seedSequences(projectId, { count: sequences, itemsPerSequence: 1 });
  const recorder = await startRecorder(emulator.endpoint);
  const proxy = await startProxy({ secretKey, endpoint: recorder.url, projects: [projectId], ...proxyOptions });
  after(() => Promise.all([proxy.close(), recorder.close()]));
  const client = new Client(null, { endpoint: proxy.endpoint, maxRetries: 0 });
  return {
    projectId,
    secretKey,
    assets: assetList,
    recorder,
    proxy,
    sequences: client.getProject(projectId).sequences,
    /** A raw request to the proxy, recorded for the final key search. */
    async raw(request) {
      const answer = await rawRequest(proxy.url, request);
      answers.push(answer);
      return answer;
    },
  };
}

/** Asserts an answer is the API's error shape with `status` and `code`, and a request id. */
function assertApiError(answer, status, code) {
  assert.equal(answer.status, status, answer.body);
  assert.match(answer.headers["content-type"], /^application\/json/);
  assert.deepEqual(Object.keys(answer.json ?? {}).sort(), ["code", "message"], answer.body);
  assert.equal(answer.json.code, code);
  assert.ok(answer.json.message.length > 0);
  assert.ok(answer.headers["x-request-id"], "an X-Request-Id");
}

describe("forwarded: every route and method, with the proxy's key", () => {
  test("list, iterate, get, patch, bulk update and delete through a keyless client", async () => {
    const p = await proxied({ assets: 2, sequences: 3 });
    const page = await p.sequences.list({ limit: 2 }, { name: null });
    assert.equal(page.data.length, 2);
    assert.ok(page.nextPage);
    const all = [];
    for await (const sequence of p.sequences.iterate({ limit: 2 })) all.push(sequence.name);
    assert.deepEqual(all.sort(), ["seq-0", "seq-1", "seq-2"]);
    const [first] = page.data;
    assert.equal((await p.sequences.get(first.id)).name, first.name);
    const patched = await p.sequences.patch(first.id, { attributes: { via: "proxy" } });
    assert.deepEqual(patched.attributes.items, { via: "proxy" });
    const bulk = await p.sequences.bulkUpdate([{ assetId: p.assets[0].assetId, sequence: { name: "linked" } }]);
    assert.deepEqual(bulkResults(bulk), ["Ok"]);
    assert.deepEqual(await p.sequences.delete(first.id), { deleted: true, id: first.id });
    await assertFailsWith(() => p.sequences.get(first.id), NotFoundError, {
      status: 404,
      code: "ResourceNotFoundError",
      secretKey: p.secretKey,
    });

    const seen = p.recorder.requests.map((r) => `${r.method} ${r.url.split("?")[0].replace(/seq_[\w-]+/, "{id}")}`);
    const base = `/projects/${p.projectId}`;
    assert.deepEqual(seen, [
      `GET ${base}/sequences`,
      `GET ${base}/sequences`,
      `GET ${base}/sequences`,
      `GET ${base}/sequences/{id}`,
      `PATCH ${base}/sequences/{id}`,
      `POST ${base}/sequencesBulkUpdates`,
      `DELETE ${base}/sequences/{id}`,
      `GET ${base}/sequences/{id}`,
    ]);
    assert.equal(p.recorder.requests[0].url, `${base}/sequences?limit=2`, "the query is forwarded");
    for (const request of p.recorder.requests) assert.equal(request.headers["secret-key"], p.secretKey);
    const counts = await emulator.requestCounts(p.projectId);
    assert.equal(counts.total, p.recorder.requests.length, "what was recorded is what reached the emulator");
  });

  test("Idempotency-Key goes upstream; X-Request-Id and Idempotent-Replayed come back", async () => {
    const p = await proxied({ assets: 1 });
    const request = {
      method: "POST",
      path: `${BASE_PATH}/projects/${p.projectId}/sequencesBulkUpdates`,
      headers: { "content-type": "application/json", "idempotency-key": "proxy-key-1" },
      body: JSON.stringify({ actions: [{ kind: "Link", assetId: p.assets[0].assetId, sequence: { name: "once" } }] }),
    };
    const first = await p.raw(request);
    const replay = await p.raw(request);
    assert.equal(first.status, 200, first.body);
    assert.deepEqual(replay.json, first.json);
    assert.equal(replay.headers["idempotent-replayed"], "true");
    assert.equal(p.recorder.requests[1].headers["idempotency-key"], "proxy-key-1");
    assert.match(first.headers["x-request-id"], /^req_/, "the emulator's request id, passed through");
    assert.notEqual(first.headers["x-request-id"], replay.headers["x-request-id"]);
  });

  test("retries and aborts of the keyless client work through the proxy", async () => {
    const p = await proxied({ sequences: 1 });
    await emulator.setFaults({ seed: 1, rules: [{ fault: "status", status: 503, projectId: p.projectId, times: 2 }] });
    try {
      const retrying = new Client(null, { endpoint: p.proxy.endpoint, maxRetries: 2 }).getProject(p.projectId);
      assert.equal((await retrying.sequences.list()).data.length, 1);
      assert.equal(p.recorder.requests.length, 3, "two 503s, then the answer");
      await emulator.setFaults({ seed: 1, rules: [{ fault: "delay", ms: 3000, projectId: p.projectId }] });
      const controller = new AbortController();
      const reason = new Error("left the view");
      setTimeout(() => controller.abort(reason), 100);
      const started = Date.now();
      await assert.rejects(p.sequences.list(undefined, undefined, { signal: controller.signal }), (error) => error === reason);
      assert.ok(Date.now() - started < 1500, "the abort took effect at once");
    } finally {
      await emulator.clearFaults();
    }
  });
});

describe("refused: nothing reaches the API", () => {
  test("other projects: 403 ForbiddenError, without asking the API", async () => {
    const p = await proxied();
    const other = await emulator.createProject({ secretKey: p.secretKey }); // the key grants it
    const client = new Client(null, { endpoint: p.proxy.endpoint, maxRetries: 0 });
    await assertFailsWith(() => client.getProject(other.projectId).sequences.list(), ForbiddenError, {
      status: 403,
      code: "ForbiddenError",
      secretKey: p.secretKey,
    });
    assertApiError(await p.raw({ path: `${BASE_PATH}/projects/${other.projectId}/sequences` }), 403, "ForbiddenError");
    assert.deepEqual(p.recorder.requests, []);
    assert.equal((await emulator.requestCounts(other.projectId)).total, 0);
  });

  test("other paths: traversal, encoded traversal and separators, double slashes, admin routes", async () => {
    const p = await proxied({ sequences: 1 });
    const project = `${BASE_PATH}/projects/${p.projectId}`;
    const refused = {
      // Dot segments, literal or encoded, are refused by the node adapter before any parsing.
      [`${project}/../admin`]: [400, "BadRequestError"],
      [`${project}/sequences/../../../_emulator/requests`]: [400, "BadRequestError"],
      [`${project}/sequences/%2e%2e/%2E%2E/x`]: [400, "BadRequestError"],
      [`${BASE_PATH}/./projects/${p.projectId}/sequences`]: [400, "BadRequestError"],
      // Everything else that is not exactly a route.
      [`${project}%2fsequences`]: [404, "ResourceNotFoundError"],
      [`${project}/sequences/seq_1%2f..%2f..%2fx`]: [404, "ResourceNotFoundError"],
      [`${project}/sequences/a%2Fb`]: [404, "ResourceNotFoundError"],
      [`${project}/sequences/%2e%2e%2f`]: [404, "ResourceNotFoundError"],
      [`${BASE_PATH}//projects/${p.projectId}/sequences`]: [404, "ResourceNotFoundError"],
      [`${project}//sequences`]: [404, "ResourceNotFoundError"],
      [`${project}/sequences/`]: [404, "ResourceNotFoundError"],
      [`${project}/sequences/x/y`]: [404, "ResourceNotFoundError"],
      [`${project}/assets`]: [404, "ResourceNotFoundError"],
      [project]: [404, "ResourceNotFoundError"],
      [`${BASE_PATH}/_emulator/requests`]: [404, "ResourceNotFoundError"],
      [`${BASE_PATH}/_emulator/health`]: [404, "ResourceNotFoundError"],
      ["/_emulator/requests"]: [404, "ResourceNotFoundError"],
      [`/projects/${p.projectId}/sequences`]: [404, "ResourceNotFoundError"], // outside basePath
      [`${BASE_PATH}x/projects/${p.projectId}/sequences`]: [404, "ResourceNotFoundError"],
      ["/"]: [404, "ResourceNotFoundError"],
    };
    for (const [path, [status, code]] of Object.entries(refused)) {
      const answer = await p.raw({ path });
      assert.equal(answer.status, status, `${path}: ${answer.body}`);
      assertApiError(answer, status, code);
    }
    assert.deepEqual(p.recorder.requests, [], "nothing was forwarded");
    assert.equal((await emulator.requestCounts(p.projectId)).total, 0);
  });

  test("methods the route does not take, and those the server does not allow: 405 with Allow", async () => {
    const p = await proxied({ sequences: 1 });
    const project = `${BASE_PATH}/projects/${p.projectId}`;
    for (const [method, path, allow] of [
      ["PUT", `${project}/sequences/seq_1`, "GET, PATCH, DELETE"],
      ["POST", `${project}/sequences`, "GET"],
      ["DELETE", `${project}/sequences`, "GET"],
      ["GET", `${project}/sequencesBulkUpdates`, "POST"],
      ["OPTIONS", `${project}/sequences`, "GET"],
      ["HEAD", `${project}/sequences`, "GET"],
    ]) {
      const answer = await p.raw({ method, path });
      assert.equal(answer.status, 405, `${method} ${path}`);
      assert.equal(answer.headers.allow, allow);
      if (method !== "HEAD") assertApiError(answer, 405, "MethodNotAllowedError");
    }

    const readOnly = await proxied({ sequences: 1, proxyOptions: { methods: ["GET"] } });
    const [sequence] = (await readOnly.sequences.list()).data;
    const error = await assertFailsWith(() => readOnly.sequences.patch(sequence.id, { name: "x" }), BadRequestError, {
      status: 405,
      code: "MethodNotAllowedError",
      secretKey: readOnly.secretKey,
    });
    assert.match(error.message, /not allowed by this server \(allowed: GET\)/);
    await assertFailsWith(() => readOnly.sequences.delete(sequence.id), BadRequestError, { status: 405 });
    await assertFailsWith(() => readOnly.sequences.bulkUpdate([]), BadRequestError, { status: 405 });
    assert.deepEqual(
      readOnly.recorder.requests.map((r) => r.method),
      ["GET"],
      "only the list reached the API",
    );
    assert.deepEqual(p.recorder.requests, []);
  });

  test("bodies over maxBodyBytes: 413, declared or streamed, and the connection stays usable", async () => {
    const p = await proxied({ sequences: 1, proxyOptions: { maxBodyBytes: 1000 } });
    const [sequence] = (await p.sequences.list()).data;
    const path = `${BASE_PATH}/projects/${p.projectId}/sequences/${sequence.id}`;
    const big = JSON.stringify({ attributes: { note: "x".repeat(2000) } });
    await assertFailsWith(() => p.sequences.patch(sequence.id, { attributes: { note: "x".repeat(2000) } }), BadRequestError, {
      status: 413,
      code: "PayloadTooLargeError",
      secretKey: p.secretKey,
    });
    const declared = await p.raw({ method: "PATCH", path, headers: { "content-type": "application/json" }, body: big });
    assertApiError(declared, 413, "PayloadTooLargeError");
    const streamed = await p.raw({
      method: "PATCH",
      path,
      headers: { "content-type": "application/json", "transfer-encoding": "chunked" },
      body: [big.slice(0, 600), big.slice(600, 1200), big.slice(1200)],
    });
    assertApiError(streamed, 413, "PayloadTooLargeError");
    assert.deepEqual(p.recorder.requests.map((r) => r.method), ["GET"], "no oversized body was forwarded");
    const small = await p.sequences.patch(sequence.id, { attributes: { note: "fits" } });
    assert.deepEqual(small.attributes.items, { note: "fits" });
  });
});

describe("the caller's credentials and the key", () => {
  test("the caller's Secret-Key, cookies, Authorization and other headers never go upstream", async () => {
    const p = await proxied({ sequences: 1 });
    const intruder = await emulator.createProject();
    const answer = await p.raw({
      path: `${BASE_PATH}/projects/${p.projectId}/sequences`,
      headers: {
        "secret-key": intruder.secretKey,
        cookie: "session=abc123",
        authorization: "Bearer caller-token",
        "proxy-authorization": "Basic Zm9vOmJhcg==",
        "x-forwarded-for": "203.0.113.9",
        connection: "keep-alive, x-custom",
        "x-custom": "hop",
        te: "trailers",
        upgrade: "websocket",
      },
    });
    assert.equal(answer.status, 200, answer.body);
    const [upstream] = p.recorder.requests;
    assert.equal(upstream.headers["secret-key"], p.secretKey, "the proxy's key replaced the caller's");
    for (const name of ["cookie", "authorization", "proxy-authorization", "x-forwarded-for", "x-custom", "te", "upgrade"]) {
      assert.equal(upstream.headers[name], undefined, `${name} was not forwarded`);
    }
    assert.ok(!JSON.stringify(upstream).includes(intruder.secretKey));
    assert.ok(!JSON.stringify(upstream).includes("abc123"));
    assert.equal((await emulator.requestCounts(intruder.projectId)).total, 0);
  });

  test("an upstream that echoes the key, raw or escaped, in its body or headers: masked", async () => {
    const secretKey = "sk-echo-0123456789abcdef";
    const escaped = [...secretKey].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("");
    const echo = await startFakeServer((request) => ({
      status: request.url.includes("escaped") ? 400 : 403,
      headers: { "x-request-id": `id-${request.headers["secret-key"]}`, "retry-after": request.headers["secret-key"] },
      body: request.url.includes("escaped")
        ? `{"code":"BadRequestError","message":"bad key ${escaped}"}`
        : JSON.stringify({ code: "ForbiddenError", message: `key ${request.headers["secret-key"]} refused` }),
    }));
    after(() => echo.close());
    const proxy = await startProxy({ secretKey, endpoint: echo.endpoint, projects: ["proj_echo"] });
    after(() => proxy.close());
    for (const id of ["seq_plain", "seq_escaped"]) {
      const answer = await rawRequest(proxy.url, { path: `${BASE_PATH}/projects/proj_echo/sequences/${id}` });
      assert.ok(!JSON.stringify(answer).includes(secretKey), JSON.stringify(answer));
      assert.ok(answer.body.includes("[redacted]"), answer.body);
      assert.equal(answer.headers["x-request-id"], "id-[redacted]");
    }
    const client = new Client(null, { endpoint: proxy.endpoint, maxRetries: 0 });
    const error = await assertFailsWith(() => client.getProject("echo").sequences.get("seq_plain"), ForbiddenError, {
      status: 403,
    });
    assertKeyAbsent(error, secretKey);
  });

  test("a key with characters JSON escapes (\" and \\), echoed in a JSON body: masked", async () => {
    const secretKey = 'sk-echo-01"23\\456789abcdef';
    const inJson = JSON.stringify(secretKey).slice(1, -1);
    const echo = await startFakeServer((request) => ({
      status: 403,
      body: JSON.stringify({ code: "ForbiddenError", message: `key ${request.headers["secret-key"]} refused` }),
    }));
    after(() => echo.close());
    const proxy = await startProxy({ secretKey, endpoint: echo.endpoint, projects: ["proj_echo"] });
    after(() => proxy.close());
    const answer = await rawRequest(proxy.url, { path: `${BASE_PATH}/projects/proj_echo/sequences/seq_quoted` });
    assert.ok(!answer.body.includes(inJson) && !answer.body.includes(secretKey), answer.body);
    assert.equal(JSON.parse(answer.body).message, "key [redacted] refused");
  });

  test("an unreachable API or a redirect: 502 BadGatewayError, the redirect not followed", async () => {
    const secretKey = "sk-gateway-0123456789";
    const down = await startProxy({ secretKey, endpoint: `http://127.0.0.1:${await closedPort()}`, projects: ["proj_x"] });
    after(() => down.close());
    const unreachable = await rawRequest(down.url, { path: `${BASE_PATH}/projects/proj_x/sequences` });
    assertApiError(unreachable, 502, "BadGatewayError");

    const redirecting = await startFakeServer(() => ({ status: 302, headers: { location: "http://127.0.0.1:9/steal" } }));
    after(() => redirecting.close());
    const proxy = await startProxy({ secretKey, endpoint: redirecting.endpoint, projects: ["proj_x"] });
    after(() => proxy.close());
    const redirected = await rawRequest(proxy.url, { path: `${BASE_PATH}/projects/proj_x/sequences` });
    assertApiError(redirected, 502, "BadGatewayError");
    assert.equal(redirected.headers.location, undefined);
    assert.equal(redirecting.requests.length, 1);
    for (const answer of [unreachable, redirected]) assert.ok(!JSON.stringify(answer).includes(secretKey));
  });

  test("malformed options: a TypeError naming the option, never showing the key", () => {
    const secretKey = "sk-options-0123456789";
    const cases = [
      [undefined, /options must be an object/],
      [{ projects: ["proj_a"] }, /secretKey must be a string/],
      [{ secretKey: "a b", projects: ["proj_a"] }, /secretKey must be a string/],
      [{ secretKey }, /projects must be a non-empty array/],
      [{ secretKey, projects: [] }, /projects must be a non-empty array/],
      [{ secretKey, projects: ["a/b"] }, /projects must be/],
      [{ secretKey, projects: ["proj_"] }, /projects must be/],
      [{ secretKey, projects: ["a"], methods: ["PUT"] }, /methods must be a non-empty array of GET, PATCH, DELETE, POST/],
      [{ secretKey, projects: ["a"], methods: [] }, /methods must be/],
      [{ secretKey, projects: ["a"], basePath: "api" }, /basePath must be a path/],
      [{ secretKey, projects: ["a"], basePath: "/api/../x" }, /basePath must be a path/],
      [{ secretKey, projects: ["a"], maxBodyBytes: 0 }, /maxBodyBytes must be a positive integer/],
      [{ secretKey, projects: ["a"], endpoint: "ftp://x" }, /endpoint must be an http\(s\) URL/],
      [{ secretKey, projects: ["a"], endpoint: `https://${secretKey}@x` }, /endpoint must be an http\(s\) URL/],
      [{ secretKey, projects: ["a"], endpoint: "http://example.com" }, /not loopback/],
    ];
    for (const [options, message] of cases) {
      assert.throws(
        () => createProxyHandler(options),
        (error) => error instanceof TypeError && message.test(error.message) && !error.message.includes(secretKey),
        JSON.stringify(options),
      );
    }
    assert.equal(typeof createProxyHandler({ secretKey, projects: ["a"], endpoint: "http://example.com", allowInsecureHttp: true }), "function");
  });
});

describe("keyless client", () => {
  let recorder;
  before(async () => {
    recorder = await startRecorder(emulator.endpoint);
  });
  after(() => recorder.close());

  test("sends no Secret-Key at all (the API answers 401)", async () => {
    const { projectId } = await emulator.createProject();
    const client = new Client(null, { endpoint: recorder.url, maxRetries: 0 });
    const { UnauthorizedError } = await import("nexus-sequences");
    await assertFailsWith(() => client.getProject(projectId).sequences.list(), UnauthorizedError, { status: 401 });
    const [request] = recorder.requests.slice(-1);
    assert.equal(request.headers["secret-key"], undefined);
  });

  test("a path as endpoint needs a page; undefined is not null; any http:// is allowed without a key", async () => {
    const { ValidationError } = await import("nexus-sequences");
    assert.throws(
      () => new Client(null, { endpoint: "/api/nexus" }),
      (error) =>
        error instanceof ValidationError &&
        /^options\.endpoint is a path \(\/api\/nexus\), which resolves against a page's origin, and there is no page here/.test(error.message),
    );
    assert.throws(() => new Client(undefined), (error) => error instanceof ValidationError && /or null for a client without a key/.test(error.message));
    assert.throws(() => new Client(), ValidationError);
    new Client(null, { endpoint: "http://dashboard.example.com/api/nexus" }).free();
    assert.throws(() => new Client("sk-key", { endpoint: "http://dashboard.example.com/api/nexus" }), ValidationError);
  });
});

test("the key is in no answer the proxy gave in this file", () => {
  assert.ok(answers.length > 30, `${answers.length} answers recorded`);
  for (const answer of answers) {
    const text = JSON.stringify(answer);
    for (const key of keys) assert.ok(!text.includes(key), `the key leaked into ${text}`);
  }
});
