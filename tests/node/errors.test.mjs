// Every error class, reached through a real path: the emulator for HTTP errors (faults for 429/5xx),
// a closed port, a delay fault, and a local fake server only for malformed 2xx bodies and proxy
// statuses the emulator never sends. Each error must carry status/code/requestId and never the key.
import assert from "node:assert/strict";
import { afterEach, describe, test } from "node:test";
import {
  BadRequestError,
  Client,
  ConflictError,
  ForbiddenError,
  GatewayTimeoutError,
  InternalServerError,
  NetworkConnectionError,
  NexusError,
  NotFoundError,
  RequestTimeoutError,
  ResponseDecodeError,
  ServiceUnavailableError,
  TooManyRequestsError,
  UnauthorizedError,
  ValidationError,
} from "nexus-sequences";
import { assertFailsWith, assertKeyAbsent, caught, fileEmulator, freshProject } from "./support/fixtures.mjs";
import { closedPort, startFakeServer } from "./support/fake-server.mjs";

const emulator = await fileEmulator();
afterEach(() => emulator.clearFaults());

const NO_RETRY = { maxRetries: 0 };
const SOME_SEQUENCE = "seq_00000000-0000-4000-8000-000000000000";

describe("HTTP errors from the emulator", () => {
  // Each case gets a fresh project `p` (with one seeded sequence) and returns the failing call.
  const cases = [
    {
      name: "an unknown key",
      error: ForbiddenError, status: 403, code: "ForbiddenError",
      call: (p) => new Client("f".repeat(64), { endpoint: emulator.endpoint }).getProject(p.projectId).sequences.list(),
    },
    {
      name: "another workspace's key",
      error: ForbiddenError, status: 403, code: "ForbiddenError",
      call: async (p) => {
        const other = await freshProject(emulator);
        return other.client.getProject(p.projectId).sequences.get(p.seq.id);
      },
    },
    {
      name: "a project that does not exist",
      error: ForbiddenError, status: 403, code: "ForbiddenError",
      call: (p) => p.client.getProject(`proj_${"0".repeat(32)}`).sequences.list(),
    },
    {
      name: "an unknown sequence",
      error: NotFoundError, status: 404, code: "ResourceNotFoundError",
      call: (p) => p.sequences.get(SOME_SEQUENCE),
    },
    {
      name: "a rename onto an existing name",
      error: ConflictError, status: 409, code: "ConflictError",
      call: async (p) => {
        await p.sequences.bulkUpdate([{ assetId: p.assets[0].assetId, sequence: { name: "taken" } }]);
        return p.sequences.patch(p.seq.id, { name: "taken" });
      },
      after: async (p) => assert.equal((await p.sequences.get(p.seq.id)).name, "seq-0", "nothing renamed"),
    },
    {
      name: "a malformed page cursor",
      error: BadRequestError, status: 400, code: "BadRequestError",
      call: (p) => p.sequences.list({ limit: 10, page: "not-a-real-cursor" }),
    },
    {
      // No SDK limit applies (each action is valid), so the server's 32 MiB body cap does.
      name: "a bulk body over 32 MiB (any other 4xx)",
      error: BadRequestError, status: 413, code: "PayloadTooLargeError",
      call: (p) => {
        const nearlyFullAttributes = { k: "v".repeat(1_000_000) };
        const actions = Array.from({ length: 34 }, (_, i) => ({ sequenceName: `s${i}`, patch: { attributes: nearlyFullAttributes } }));
        return p.sequences.bulkUpdate(actions);
      },
    },
    {
      name: "a 429 with retries off",
      error: TooManyRequestsError, status: 429, code: "TooManyRequestsError",
      call: async (p) => {
        await p.faults([{ fault: "tooManyRequests", retryAfterSeconds: 1 }]);
        return p.sequences.get(p.seq.id, NO_RETRY);
      },
    },
    ...[
      [500, InternalServerError, "InternalServerError"],
      [503, ServiceUnavailableError, "ServiceUnavailableError"],
      [504, GatewayTimeoutError, "GatewayTimeoutError"],
    ].map(([status, error, code]) => ({
      name: `a ${status} with retries off`,
      error, status, code,
      call: async (p) => {
        await p.faults([{ fault: "status", status }]);
        return p.sequences.list(undefined, undefined, NO_RETRY);
      },
    })),
  ];

  for (const { name, error, status, code, call, after } of cases) {
    test(`${error.name}: ${name}`, async () => {
      const p = await freshProject(emulator, { assets: 1 });
      await emulator.seedSequences(p.projectId, { count: 1 });
      p.seq = (await p.sequences.list()).data[0];
      await assertFailsWith(() => call(p), error, { status, code, secretKey: p.secretKey });
      await after?.(p);
    });
  }

  test("retries off means exactly one request", async () => {
    const p = await freshProject(emulator);
    await p.faults([{ fault: "status", status: 503 }]);
    await caught(() => p.sequences.list(undefined, undefined, NO_RETRY));
    assert.equal((await p.requests()).total, 1);
  });
});

describe("UnauthorizedError (401)", () => {
  test("the emulator answers 401 UnauthorizedError when Secret-Key is missing", async () => {
    const { projectId } = await emulator.createProject();
    const res = await fetch(`${emulator.endpoint}/projects/${projectId}/sequences`);
    assert.equal(res.status, 401);
    assert.equal((await res.json()).code, "UnauthorizedError");
    assert.ok(res.headers.get("x-request-id"));
  });

  test("a blank key never reaches the server as an empty Secret-Key", async () => {
    // fetch strips surrounding whitespace from header values, so a whitespace-only key would
    // arrive as an empty Secret-Key (401). The SDK may refuse it up front instead; either is a
    // clear, typed error, and neither leaks the key.
    for (const key of ["   ", "\t"]) {
      const { projectId } = await emulator.createProject();
      const err = await caught(() =>
        new Client(key, { endpoint: emulator.endpoint }).getProject(projectId).sequences.list(),
      );
      assert.ok(
        err instanceof ValidationError || err instanceof UnauthorizedError,
        `blank key ${JSON.stringify(key)}: got ${err?.constructor?.name}: ${err?.message}`,
      );
      if (err instanceof UnauthorizedError) {
        assert.equal(err.status, 401);
        assert.equal(err.code, "UnauthorizedError");
      } else {
        assert.equal((await emulator.requestCounts(projectId)).total, 0, "refused before sending");
      }
    }
  });
});

const FAKE_KEY = "k".repeat(64);
const FAKE_PROJECT = `proj_${"a".repeat(32)}`;

/**
 * Calls `use(sequences)` on a client of a fake server that answers every request with `status` and
 * `body` (an object is sent as JSON), and returns what the call failed with, checked by
 * assertFailsWith against `ErrorClass`. The server must have seen exactly one request (no retries).
 */
async function failureFromFakeServer({ status, body }, use, ErrorClass, expected = {}) {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  const server = await startFakeServer(() => ({ status, body: text }));
  try {
    const client = new Client(FAKE_KEY, { endpoint: server.endpoint, maxRetries: 0 });
    const err = await assertFailsWith(() => use(client.getProject(FAKE_PROJECT).sequences), ErrorClass, {
      secretKey: FAKE_KEY,
      ...expected,
    });
    assert.equal(err.status, status);
    assert.equal(err.requestId, "fake-req-1", "from the response's X-Request-Id");
    assert.equal(server.requests.length, 1);
    return err;
  } finally {
    await server.close();
  }
}

describe("statuses only a proxy or a broken server sends (local fake server)", () => {
  const table = [
    { status: 401, error: UnauthorizedError, body: { code: "UnauthorizedError", message: "no key" } },
    { status: 418, error: BadRequestError, body: { code: "TeapotError", message: "short and stout" } },
    { status: 502, error: InternalServerError, body: "<html>Bad Gateway</html>" },
    { status: 504, error: GatewayTimeoutError, body: "<html>Gateway Timeout</html>" },
    { status: 599, error: InternalServerError, body: "" },
  ];
  for (const { status, error, body } of table) {
    test(`${status} becomes ${error.name}`, async () => {
      const err = await failureFromFakeServer({ status, body }, (s) => s.get(SOME_SEQUENCE), error, { status });
      if (typeof body === "object") {
        assert.equal(err.code, body.code);
        assert.deepEqual(err.detail, body);
      }
    });
  }
});

describe("ResponseDecodeError: a 2xx body that is not the documented shape", () => {
  const sequence = {
    id: SOME_SEQUENCE, name: "x", length: 0, projectId: FAKE_PROJECT, items: [],
    itemCountWithRole: {}, attributes: { bytesUsed: 0, bytesTotal: 1048576, items: {} },
    createDate: 1705475663570, updateDate: 1705475663570,
  };
  const table = [
    { name: "get: not JSON", op: "get", body: "this is not json" },
    { name: "get: empty body", op: "get", body: "" },
    { name: "get: an unrelated object", op: "get", body: { foo: 1 } },
    { name: "get: items is a string", op: "get", body: { ...sequence, items: "none" } },
    { name: "get: attribute value not a string", op: "get", body: { ...sequence, attributes: { ...sequence.attributes, items: { a: 1 } } } },
    { name: "list: data missing", op: "list", body: { nextPage: null, prevPage: null } },
    { name: "list: a sequence without id", op: "list", body: { nextPage: null, prevPage: null, data: [{ ...sequence, id: undefined }] } },
    { name: "delete: deleted is a string", op: "delete", body: { deleted: "yes", id: SOME_SEQUENCE } },
    { name: "bulkUpdate: unknown result string", op: "bulkUpdate", body: { actions: ["Maybe"] } },
    { name: "bulkUpdate: results not an array", op: "bulkUpdate", body: { actions: "Ok" } },
  ];
  const ops = {
    get: (s) => s.get(SOME_SEQUENCE),
    list: (s) => s.list(),
    delete: (s) => s.delete(SOME_SEQUENCE),
    bulkUpdate: (s) => s.bulkUpdate([{ sequenceId: SOME_SEQUENCE }]),
  };
  for (const { name, op, body } of table) {
    test(name, () => failureFromFakeServer({ status: 200, body }, ops[op], ResponseDecodeError));
  }
});

describe("the secret key never reaches an error, however a server echoes it", () => {
  const KEY = "sk-live-0123456789abcdef0123456789";
  const escaped = [...KEY].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("");
  // A key with characters JSON escapes: the body holds it as `\"` and `\\`.
  const QUOTED_KEY = 'sk-live-01234"56789\\abcdef';
  const quotedInJson = JSON.stringify(QUOTED_KEY).slice(1, -1);
  // [what, status, body, headers, key (default KEY)]
  const cases = [
    ["glued to other characters", 403, `{"code":"ForbiddenError","message":"key=${KEY}abc is not valid"}`, {}],
    ["\\u-escaped in the body", 400, `{"code":"BadRequestError","message":"bad key ${escaped}","echo":["${escaped}"]}`, {}],
    ["in X-Request-Id", 404, `{"code":"ResourceNotFoundError","message":"nope"}`, { "x-request-id": `req-${KEY}` }],
    ["quoted in a decode error about a 2xx body", 200, `{"id":"seq_1","name":"x","items":"${KEY}"}`, {}],
    ["JSON-escaped in the body (a key with \" and \\)", 400, `{"code":"BadRequestError","message":"bad key ${quotedInJson}","echo":["${quotedInJson}"]}`, {}, QUOTED_KEY],
  ];
  for (const [what, status, body, headers, key = KEY] of cases) {
    test(what, async () => {
      const server = await startFakeServer(() => ({ status, body, headers }));
      try {
        const client = new Client(key, { endpoint: server.endpoint, maxRetries: 0 });
        const err = await caught(() => client.getProject(FAKE_PROJECT).sequences.get(SOME_SEQUENCE));
        assert.ok(err instanceof NexusError, String(err));
        assertKeyAbsent(err, key);
        assert.match(`${err.message} ${err.requestId} ${JSON.stringify(err.detail)}`, /\[redacted\]/);
      } finally {
        await server.close();
      }
    });
  }
});

describe("transport failures", () => {
  test("NetworkConnectionError: nothing listening on the endpoint", async () => {
    const port = await closedPort();
    const key = "c".repeat(64);
    const client = new Client(key, { endpoint: `http://127.0.0.1:${port}`, maxRetries: 0 });
    const err = await assertFailsWith(
      () => client.getProject(`proj_${"a".repeat(32)}`).sequences.list(),
      NetworkConnectionError,
      { secretKey: key },
    );
    assert.equal(err.requestId, null, "no response, so no request id");
  });

  test("RequestTimeoutError: the server is slower than timeoutMs", async () => {
    const p = await freshProject(emulator);
    await p.faults([{ fault: "delay", ms: 3000 }]);
    const start = performance.now();
    await assertFailsWith(
      () => p.sequences.list(undefined, undefined, { timeoutMs: 200, maxRetries: 0 }),
      RequestTimeoutError,
      { secretKey: p.secretKey },
    );
    const ms = performance.now() - start;
    assert.ok(ms >= 190 && ms < 2000, `timed out after ${ms.toFixed(0)} ms`);
  });

  test("ValidationError: bad input, with status null", async () => {
    const p = await freshProject(emulator);
    const err = await assertFailsWith(() => p.sequences.get("seq/../x"), ValidationError, {
      secretKey: p.secretKey,
    });
    assert.equal(err.status, null);
  });
});
