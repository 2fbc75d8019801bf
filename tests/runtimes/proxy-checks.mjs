// What the runtime tests ask of nexus-sequences' proxy wherever it runs (a Worker in workerd,
// Deno.serve): every route through it against the emulator, the refusals, and the key in no
// answer. Plain fetch from Node, so the proxy is all that runs in the runtime under test.
import assert from "node:assert/strict";
import { createProjectAt } from "../package/support.mjs";

/** Where the proxies are mounted. */
const BASE_PATH = "/api/nexus";
/** Their body cap, small enough to test. */
const MAX_BODY_BYTES = 2000;

/**
 * A fresh project with `sequences` sequences and one asset, and the options of a proxy for it
 * (the JSON its runtime is given).
 */
export async function proxiedProject(emulatorUrl, sequences) {
  const project = await createProjectAt(emulatorUrl, { sequences, assets: 1 });
  const options = {
    secretKey: project.secretKey,
    endpoint: emulatorUrl,
    projects: [project.projectId],
    basePath: BASE_PATH,
    maxBodyBytes: MAX_BODY_BYTES,
  };
  return { project, options };
}

/** Runs the checks against the proxy at `proxyUrl` serving `project` (seeded with `seeded`). */
export async function assertProxy(proxyUrl, { emulatorUrl, project, seeded }) {
  const answers = [];
  const call = async (method, path, { body, headers = {} } = {}) => {
    const response = await fetch(`${proxyUrl}${BASE_PATH}${path}`, {
      method,
      headers: body === undefined ? headers : { "content-type": "application/json", ...headers },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const answer = {
      status: response.status,
      headers: Object.fromEntries(response.headers),
      json: await response.json().catch(() => null),
    };
    answers.push(answer);
    return answer;
  };
  const base = `/projects/${project.projectId}`;
  const intruder = await createProjectAt(emulatorUrl);

  // The caller's own Secret-Key is dropped: with it, the API would answer 403.
  const list = await call("GET", `${base}/sequences?limit=100`, { headers: { "secret-key": intruder.secretKey } });
  assert.equal(list.status, 200, JSON.stringify(list.json));
  assert.equal(list.json.data.length, seeded);
  assert.match(list.headers["x-request-id"], /^req_/, "the emulator's request id comes back");
  const [first] = list.json.data;
  assert.equal((await call("GET", `${base}/sequences/${first.id}`)).json.name, first.name);
  const patched = await call("PATCH", `${base}/sequences/${first.id}`, { body: { attributes: { via: "proxy" } } });
  assert.deepEqual(patched.json.attributes.items, { via: "proxy" });
  const bulk = { actions: [{ kind: "RemoveSequence", sequenceId: first.id }] };
  const once = await call("POST", `${base}/sequencesBulkUpdates`, { body: bulk, headers: { "idempotency-key": "runtime-1" } });
  const again = await call("POST", `${base}/sequencesBulkUpdates`, { body: bulk, headers: { "idempotency-key": "runtime-1" } });
  assert.deepEqual([once.json, again.json], [{ actions: ["Ok"] }, { actions: ["Ok"] }]);
  assert.equal(again.headers["idempotent-replayed"], "true");
  const [second] = list.json.data.slice(1);
  assert.deepEqual((await call("DELETE", `${base}/sequences/${second.id}`)).json, { deleted: true, id: second.id });

  const refused = [
    [await call("GET", `/projects/${intruder.projectId}/sequences`), 403, "ForbiddenError"],
    [await call("GET", "/_emulator/requests"), 404, "ResourceNotFoundError"],
    [await call("GET", `${base}/sequences/%2e%2e%2f%2e%2e%2f_emulator`), 404, "ResourceNotFoundError"],
    [await call("GET", `${base}/sequences/a%2Fb`), 404, "ResourceNotFoundError"],
    [await call("PUT", `${base}/sequences/${first.id}`, { body: {} }), 405, "MethodNotAllowedError"],
    [await call("PATCH", `${base}/sequences/${first.id}`, { body: "x".repeat(MAX_BODY_BYTES + 1) }), 413, "PayloadTooLargeError"],
  ];
  for (const [answer, status, code] of refused) {
    assert.equal(answer.status, status, JSON.stringify(answer));
    assert.equal(answer.json.code, code);
  }
  const counts = await (await fetch(`${emulatorUrl}/_emulator/requests?projectId=${intruder.projectId}`)).json();
  assert.equal(counts.total, 0, "nothing reached the API for the other project");
  for (const answer of answers) assert.ok(!JSON.stringify(answer).includes(project.secretKey), "the key is in no answer");
}
