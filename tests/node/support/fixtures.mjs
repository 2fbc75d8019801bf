// Shared set-up for the suites: one emulator per test file, one fresh project per test, and the
// assertions every error test needs. Tests never share a project, so they cannot see each other's
// sequences, request counts or project-scoped faults.
import assert from "node:assert/strict";
import { after } from "node:test";
import { inspect } from "node:util";
import { Client, NexusError } from "nexus-sequences";
import { startEmulator } from "./emulator.mjs";

/** Starts this file's emulator (`startEmulator` options) and stops it when the file's tests are done. */
export async function fileEmulator(options = {}) {
  const emulator = await startEmulator(options);
  after(() => emulator.stop());
  return emulator;
}

/**
 * A fresh project on `emulator` with `assets` assets (`image_0.jpg`..), and an SDK client for it.
 * `clientOptions` go to `new Client` (endpoint defaults to the emulator).
 */
export async function freshProject(emulator, { assets = 0, clientOptions = {} } = {}) {
  const { projectId, secretKey } = await emulator.createProject();
  const assetList = assets > 0 ? await emulator.createAssets(projectId, assets) : [];
  const client = new Client(secretKey, { endpoint: emulator.endpoint, ...clientOptions });
  const project = client.getProject(projectId);
  return {
    projectId,
    secretKey,
    client,
    project,
    sequences: project.sequences,
    assets: assetList,
    /** Nexus requests that reached the emulator for this project so far. */
    requests: () => emulator.requestCounts(projectId),
    /** Installs fault rules that only fire for this project. */
    faults: (rules, seed = 1) =>
      emulator.setFaults({ seed, rules: rules.map((rule) => ({ projectId, ...rule })) }),
  };
}

/**
 * Runs `call` (which may throw synchronously or return a rejecting promise) and returns the error,
 * failing the test if it succeeds.
 */
export async function caught(call) {
  try {
    await call();
  } catch (err) {
    return err;
  }
  assert.fail("expected the call to fail, but it succeeded");
}

/**
 * Asserts that `call` fails with `ErrorClass` and the properties every SDK error must have, and that
 * `secretKey` appears nowhere in what a user might log. Returns the error for further checks.
 * `expected` may hold `status`, `code` (exact) and `message` (RegExp).
 */
export async function assertFailsWith(call, ErrorClass, { secretKey, status, code, message } = {}) {
  const err = await caught(call);
  assert.ok(
    err instanceof ErrorClass,
    `expected ${ErrorClass.name}, got ${err?.constructor?.name}: ${err?.message}`,
  );
  assert.ok(err instanceof NexusError, "every SDK error extends NexusError");
  assert.ok(err instanceof Error, "every SDK error extends Error");
  assert.equal(err.name, ErrorClass.name);
  assert.equal(typeof err.message, "string");
  assert.ok(err.message.length > 0, "message is not empty");
  for (const field of ["status", "code", "detail", "requestId"]) {
    assert.ok(field in err, `error has a '${field}' property`);
  }
  if (status !== undefined) {
    assert.equal(err.status, status);
    // Every emulator response carries X-Request-Id; an HTTP error must surface it.
    assert.equal(typeof err.requestId, "string", "requestId from X-Request-Id");
    assert.ok(err.requestId.length > 0);
  }
  if (code !== undefined) assert.equal(err.code, code);
  if (message !== undefined) assert.match(err.message, message);
  if (secretKey) assertKeyAbsent(err, secretKey);
  return err;
}

/** Asserts the secret key is in none of the places an error gets printed or serialised. */
export function assertKeyAbsent(err, secretKey) {
  const surfaces = {
    message: err.message,
    "String(err)": String(err),
    stack: err.stack ?? "",
    detail: JSON.stringify(err.detail ?? null),
    "own properties": JSON.stringify(Object.fromEntries(Object.entries(err))),
    "util.inspect": inspect(err, { depth: 5 }),
    "JSON.stringify": JSON.stringify(err),
    requestId: String(err.requestId),
    code: String(err.code),
  };
  // In JSON text (the serialised surfaces) a key with `"` or `\` in it stands escaped.
  const inJson = JSON.stringify(secretKey).slice(1, -1);
  for (const [where, text] of Object.entries(surfaces)) {
    assert.ok(!text.includes(secretKey), `secret key leaked into the error's ${where}`);
    assert.ok(!text.includes(inJson), `secret key leaked, JSON-escaped, into the error's ${where}`);
  }
}

/** Milliseconds taken by `call`, together with its outcome (`{ms, value}` or `{ms, error}`). */
export async function timed(call) {
  const start = performance.now();
  try {
    const value = await call();
    return { ms: performance.now() - start, value };
  } catch (error) {
    return { ms: performance.now() - start, error };
  }
}

/** The sequence called `name` in the project (exact name filter), or null. */
export async function sequenceNamed(sequences, name) {
  const page = await sequences.list({ limit: 10 }, { name });
  assert.ok(page.data.length <= 1, `names are unique, found ${page.data.length} called ${name}`);
  return page.data[0] ?? null;
}

/** Per-action results of a bulk update response (`{actions: [...]}` on the wire). */
export function bulkResults(response) {
  assert.ok(Array.isArray(response?.actions), `bulk response has an actions array: ${JSON.stringify(response)}`);
  return response.actions;
}

/**
 * A `fetch` for `options.fetch` that sends each request with the global fetch and records it:
 * `exchanges` gets `{request: {method, url, headers}, response: {status, headers}}` per attempt
 * (headers as plain objects; `response` is null when fetch rejected).
 */
export function recordingFetch() {
  const exchanges = [];
  const fetchFn = async (request) => {
    const exchange = { request: { method: request.method, url: request.url, headers: Object.fromEntries(request.headers) }, response: null };
    exchanges.push(exchange);
    const response = await fetch(request);
    exchange.response = { status: response.status, headers: Object.fromEntries(response.headers) };
    return response;
  };
  return { exchanges, fetchFn };
}
