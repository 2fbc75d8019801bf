// The packed package in the runtimes a dashboard's server side runs on besides Node: a
// Cloudflare Worker in workerd, bundled as Wrangler bundles it, and Deno and Bun with the
// package installed as their users install it. Each runs fixtures/checks.js against the
// emulator; Deno and Bun also run examples/quickstart.mjs unchanged; each also serves
// nexus-sequences/proxy (fixtures/proxy-worker.js, fixtures/proxy-server.mjs), checked from Node
// by proxy-checks.mjs. run.sh sets the environment.
import assert from "node:assert/strict";
import { cp, mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { createRequire } from "node:module";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { assertFindings, createProjectAt, runOk } from "../package/support.mjs";
import { assertProxy, proxiedProject } from "./proxy-checks.mjs";
import { bin, bundleWorker, serveRegistry, startServer, startWorkerd } from "./runners.mjs";

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests through tests/runtimes/run.sh`);
  return value;
}

const tarball = required("PACKAGE_TARBALL");
const emulatorUrl = required("NEXUS_EMULATOR_URL");

// One project folder per runtime, with what runs there: the checks (and the package smoke
// tests' findings.js they build on), the Worker, Deno's and Bun's probe, the quickstart.
const here = dirname(fileURLToPath(import.meta.url));
const workDir = await mkdtemp(join(tmpdir(), "nexus-runtimes-"));
after(() => rm(workDir, { recursive: true, force: true }));
const projectFiles = [
  ...(await readdir(join(here, "fixtures"))).map((name) => join(here, "fixtures", name)),
  join(here, "..", "package", "fixtures", "findings.js"),
  join(here, "..", "..", "examples", "quickstart.mjs"),
];
for (const runtime of ["workerd", "deno", "bun"]) {
  await mkdir(join(workDir, runtime));
  for (const file of projectFiles) await cp(file, join(workDir, runtime, basename(file)));
}

const SEEDED = 3;
/** How long the emulator delays every request of the abort checks' project. */
const SLOW_MS = 5000;
/** The compatibility date of the test Worker, as a new Worker's wrangler.json would set it. */
const COMPATIBILITY_DATE = "2026-11-01";

// The emulator's fault rules are global: these are the only ones while this file runs.
let slowProject;
before(async () => {
  slowProject = await createProjectAt(emulatorUrl);
  const rules = [{ fault: "delay", ms: SLOW_MS, projectId: slowProject.projectId }];
  await adminFaults("PUT", { seed: 1, rules });
});
after(() => adminFaults("DELETE"));

async function adminFaults(method, body) {
  const response = await fetch(`${emulatorUrl}/_emulator/faults`, {
    method,
    headers: { "content-type": "application/json" },
    body: body && JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} /_emulator/faults: HTTP ${response.status}`);
}

/** The parameters of fixtures/checks.js for `runtime`: a fresh seeded project and the slow one. */
async function checkParams(runtime) {
  const project = await createProjectAt(emulatorUrl, { sequences: SEEDED });
  return { endpoint: emulatorUrl, runtime, project, slowProject };
}

/** Asserts what fixtures/checks.js reported in `runtime`. */
function assertChecks(results, runtime) {
  assertFindings(assert, results, SEEDED);
  assert.deepEqual(results.crud, {
    got: { sameId: true, sameName: true },
    patched: { runtime, checked: "true" },
    bulk: ["Ok", "FailedPatchSequenceSequenceNotFound"],
    renamed: 1,
  });
  assert.equal(results.abort.rejectedWithReason, true, "an aborted call rejects with the signal's reason");
  assert.ok(results.abort.ms < SLOW_MS / 2, `the abort took effect at once, not after ${results.abort.ms} ms`);
}

/**
 * Starts a proxy server with `start(options)` (options for a fresh seeded project) and checks
 * every route and refusal through it against the emulator; stops it either way.
 */
async function checkProxyUnder(start) {
  const { project, options } = await proxiedProject(emulatorUrl, SEEDED);
  const proxy = await start(options);
  try {
    await assertProxy(proxy.url, { emulatorUrl, project, seeded: SEEDED });
  } finally {
    await proxy.stop();
  }
}

/** Runs examples/quickstart.mjs (copied into `dir`) with `command args` on a fresh project. */
async function runQuickstart(command, args, dir, extraEnv = {}) {
  // The demo seed's shape: a few sequences, and unlinked assets up to image_299.jpg.
  const project = await createProjectAt(emulatorUrl, { sequences: 2, assets: 300 });
  const env = {
    ...extraEnv,
    NEXUS_ENDPOINT: emulatorUrl,
    NEXUS_SECRET_KEY: project.secretKey,
    NEXUS_PROJECT_ID: project.projectId,
  };
  const output = await runOk(command, [...args, "quickstart.mjs"], { cwd: dir, env });
  for (const step of ["1. list: 2 sequence(s)", "2. get", "3. bulkUpdate", "4. patch", "5. delete"]) {
    assert.ok(output.includes(step), `the quickstart printed no "${step}":\n${output}`);
  }
  assert.equal(output.match(/-> Ok/g)?.length, 3, `three links applied:\n${output}`);
}

describe("Cloudflare Workers (workerd)", () => {
  const dir = join(workDir, "workerd");
  const outDir = join(dir, "dist");
  let bundle;
  let worker;

  before(async () => {
    // A Worker project: the package from npm, then Wrangler's bundling.
    await writeFile(join(dir, "package.json"), '{ "private": true, "type": "module" }\n');
    await runOk("npm", ["install", "--offline", "--no-audit", "--no-fund", "--no-package-lock", tarball], { cwd: dir });
    await mkdir(outDir, { recursive: true });
    bundle = await bundleWorker(join(dir, "worker.js"), outDir);
    worker = await startWorkerd(outDir, bundle.wasmModules, COMPATIBILITY_DATE);
  });
  after(() => worker?.stop());

  test("the bundle takes the workerd entry and ships the wasm as a module", () => {
    assert.ok(bundle.inputs.some((path) => path.endsWith("/web/workerd.js")), bundle.inputs.join("\n"));
    assert.ok(!bundle.inputs.some((path) => path.endsWith("/web/index.js")), "not the browser entry");
    assert.deepEqual(bundle.wasmModules, ["nexus_sequences_bg.wasm"]);
  });

  test("through the Worker's fetch: list, iterate, get, patch, bulk update, error classes, abort", async () => {
    const response = await fetch(worker.url, { method: "POST", body: JSON.stringify(await checkParams("workerd")) });
    const results = await response.json();
    assert.equal(response.status, 200, `${results.error}\n${worker.stderr()}`);
    assertChecks(results, "workerd");
  });

  test("nexus-sequences/proxy as the Worker: every route forwarded with the key, the rest refused", async () => {
    const proxyDir = join(dir, "proxy-dist");
    await mkdir(proxyDir, { recursive: true });
    const proxyBundle = await bundleWorker(join(dir, "proxy-worker.js"), proxyDir);
    assert.ok(proxyBundle.inputs.some((path) => path.endsWith("/web/proxy.js")), proxyBundle.inputs.join("\n"));
    assert.deepEqual(proxyBundle.wasmModules, [], "the proxy needs no wasm");
    await checkProxyUnder((options) =>
      startWorkerd(proxyDir, [], COMPATIBILITY_DATE, { PROXY_OPTIONS: JSON.stringify(options) }),
    );
  });
});

describe("Deno", () => {
  const dir = join(workDir, "deno");
  // The registry `deno add` installs from, a cache of this run's own, and no update check
  // (nothing downloaded beyond the registry).
  let registry;
  const denoEnv = () => ({
    NPM_CONFIG_REGISTRY: registry.url,
    DENO_DIR: join(workDir, "deno-cache"),
    DENO_NO_UPDATE_CHECK: "1",
    NO_COLOR: "1",
  });
  // The node entry reads its .wasm file: --allow-read, besides the network and the variables.
  const permissions = ["--allow-net=127.0.0.1", "--allow-read", "--allow-env"];

  before(async () => {
    registry = await serveRegistry(tarball);
  });
  after(() => registry?.close());

  test("deno add npm:nexus-sequences", async () => {
    await writeFile(join(dir, "deno.json"), "{}\n");
    await runOk(bin("deno"), ["add", "npm:nexus-sequences"], { cwd: dir, env: denoEnv() });
  });

  test("the quickstart runs unchanged", async () => {
    await runQuickstart(bin("deno"), ["run", ...permissions], dir, denoEnv());
  });

  test("list, iterate, get, patch, bulk update, error classes, abort", async () => {
    const env = { ...denoEnv(), RUNTIME_CHECKS: JSON.stringify(await checkParams("deno")) };
    const output = await runOk(bin("deno"), ["run", ...permissions, "probe.mjs"], { cwd: dir, env });
    assertChecks(JSON.parse(output), "deno");
  });

  test("nexus-sequences/proxy in Deno.serve: every route forwarded with the key, the rest refused", async () => {
    await checkProxyUnder((options) =>
      startServer("deno", ["run", "--allow-net=127.0.0.1", "--allow-env", "proxy-server.mjs"], {
        cwd: dir,
        env: { ...denoEnv(), PROXY_OPTIONS: JSON.stringify(options) },
      }),
    );
  });
});

describe("Bun", () => {
  const dir = join(workDir, "bun");
  const bunEnv = { BUN_INSTALL_CACHE_DIR: join(workDir, "bun-cache"), NO_COLOR: "1" };

  test("bun add the tarball", async () => {
    await writeFile(join(dir, "package.json"), '{ "private": true, "type": "module" }\n');
    await runOk(bin("bun"), ["add", tarball], { cwd: dir, env: bunEnv });
  });

  test("the quickstart runs unchanged", async () => {
    await runQuickstart(bin("bun"), ["run"], dir);
  });

  test("require() and import give the very same exports, those Node gets", async () => {
    const script = `import * as imported from "nexus-sequences";
      const required = require("nexus-sequences");
      const names = Object.keys(imported).sort();
      console.log(JSON.stringify({ names, same: names.every((name) => required[name] === imported[name]) }));`;
    const output = await runOk(bin("bun"), ["-e", script], { cwd: dir, env: bunEnv });
    const inNode = Object.keys(createRequire(join(dir, "package.json"))("nexus-sequences")).sort();
    assert.deepEqual(JSON.parse(output), { names: inNode, same: true });
  });

  test("list, iterate, get, patch, bulk update, error classes, abort", async () => {
    const env = { ...bunEnv, RUNTIME_CHECKS: JSON.stringify(await checkParams("bun")) };
    const output = await runOk(bin("bun"), ["run", "probe.mjs"], { cwd: dir, env });
    assertChecks(JSON.parse(output), "bun");
  });

  test("nexus-sequences/proxy in Bun.serve: every route forwarded with the key, the rest refused", async () => {
    await checkProxyUnder((options) =>
      startServer("bun", ["run", "proxy-server.mjs"], { cwd: dir, env: { ...bunEnv, PROXY_OPTIONS: JSON.stringify(options) } }),
    );
  });
});
