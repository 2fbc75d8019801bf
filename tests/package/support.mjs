// What the package smoke tests here share with the runtime tests (tests/runtimes), so it imports
// nothing but Node's own modules: a fresh project on the emulator, what a run of
// fixtures/findings.js must report, and running a command.
import { spawn } from "node:child_process";
import { basename } from "node:path";

/** POSTs `body` to the emulator's admin API and answers the created resource; `what` names it in errors. */
async function adminPost(url, body, what) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (response.status !== 201) throw new Error(`${what}: HTTP ${response.status} ${await response.text()}`);
  return response.json();
}

/**
 * Creates a fresh project on the emulator at `emulatorUrl`, optionally with `sequences`
 * sequences (seq-0, seq-1, ...) and `assets` unlinked assets (image_0.jpg, image_1.jpg, ...);
 * answers its credentials.
 */
export async function createProjectAt(emulatorUrl, { sequences = 0, assets = 0 } = {}) {
  const project = await adminPost(`${emulatorUrl}/_emulator/projects`, {}, "creating a project");
  const projectUrl = `${emulatorUrl}/_emulator/projects/${project.projectId}`;
  if (sequences > 0) {
    const seeding = { count: sequences, itemsPerSequence: 1, namePrefix: "seq-" };
    await adminPost(`${projectUrl}/sequences`, seeding, "seeding sequences");
  }
  if (assets > 0) await adminPost(`${projectUrl}/assets`, { count: assets }, "creating assets");
  return project;
}

/** The names of the sequences createProjectAt seeds (`sequences` of them). */
export const seededNames = (count) => Array.from({ length: count }, (_, i) => `seq-${i}`);

/**
 * Checks what fixtures/findings.js reported for a project seeded with `count` sequences;
 * `assert` is node:assert/strict.
 */
export function assertFindings(assert, results, count) {
  assert.equal(results.error, undefined, results.error);
  assert.equal(results.listed, count);
  assert.deepEqual([...results.iterated].sort(), seededNames(count).sort(), "iterate() visits every sequence once");
  assert.deepEqual(results.notFound, {
    isNexusError: true,
    isError: true,
    isNotFoundError: true,
    isForbiddenError: false,
    isValidationError: false,
    name: "NotFoundError",
    status: 404,
    code: "ResourceNotFoundError",
    requestIdType: "string",
  });
  assert.deepEqual(results.forbidden, {
    isNexusError: true,
    isError: true,
    isNotFoundError: false,
    isForbiddenError: true,
    isValidationError: false,
    name: "ForbiddenError",
    status: 403,
    code: "ForbiddenError",
    requestIdType: "string",
  });
  assert.equal(results.invalid?.isValidationError, true, "list({limit: 0}) is a ValidationError");
  assert.equal(results.invalid.isNexusError, true);
  assert.equal(results.invalid.status, null, "a ValidationError never reached the network");
  assert.deepEqual(results.enums, { abortModeNone: "None", resultOk: "Ok", resultCount: 12, frozen: true });
  assert.deepEqual(results.transport, {
    fetched: [{ method: "GET", accept: "application/json", sendsKey: true }],
    events: [
      ["request", 1, "[redacted]", "application/json"],
      ["response", 1, 200, "string"],
    ],
    keyInHooks: false,
    lastResponse: { statusCode: 200, sameRequestId: true, enumerable: false },
  });
}

/**
 * Runs `command args` in `cwd` with `env` added; answers its stdout, or rejects with all of its
 * output when it exits other than 0.
 */
export function runOk(command, args, { cwd, env = {} } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve(stdout);
      else reject(new Error(`${basename(command)} ${args.join(" ")} exited ${code}\n${stdout}\n${stderr}`));
    });
  });
}
