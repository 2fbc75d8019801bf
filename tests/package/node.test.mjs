// The package in Node 20: require(), import, both in one process, its metadata and file
// list, and its type declarations as resolved through `exports`.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readdir, readFile, writeFile, mkdir } from "node:fs/promises";
import { join, relative } from "node:path";
import { test } from "node:test";
import { promisify } from "node:util";
import { assertFindings, createProject, installDir, runNode } from "./helpers.mjs";

const packageDir = join(installDir, "node_modules", "nexus-sequences");
const SEEDED = 3;

async function probeEnv() {
  const { projectId, secretKey } = await createProject({ sequences: SEEDED });
  return { PROJECT_ID: projectId, PROJECT_KEY: secretKey };
}

test("require() loads the CommonJS build and calls the emulator", async () => {
  const results = await runNode("require-probe.cjs", await probeEnv());
  assertFindings(assert, results, SEEDED);
  assert.equal(results.missingStackNamesCaller, true, "a rejected call's stack names the caller's file");
  assert.deepEqual(results.madeError, { name: "ConflictError", code: "ConflictError", status: null, detail: null });
});

test("import loads the same module instance as require()", async () => {
  const results = await runNode("import-probe.mjs", await probeEnv());
  assertFindings(assert, results, SEEDED);
  assert.equal(results.missingStackNamesCaller, true, "a rejected call's stack names the caller's file");
  assert.deepEqual(results.mixed, { sameExports: true, exportCount: 23, importedErrorIsRequiredClass: true });
});

test("package.json: exports conditions, no runtime dependencies", async () => {
  const manifest = JSON.parse(await readFile(join(packageDir, "package.json"), "utf8"));
  const conditions = manifest.exports["."];
  assert.equal(Object.keys(conditions)[0], "types", "types must come first");
  assert.deepEqual(conditions.node, { import: "./node/index.mjs", require: "./node/index.cjs" });
  assert.equal(conditions.browser, "./web/index.js");
  assert.equal(conditions.default, "./web/index.js");
  // Bundlers pick the first matching key in the package's order: Workers' before the others.
  assert.equal(Object.keys(conditions)[1], "workerd");
  assert.equal(conditions.workerd, "./web/workerd.js");
  // The proxy: plain JavaScript, one ES module for every runtime and its CommonJS twin.
  assert.deepEqual(manifest.exports["./proxy"], {
    types: "./proxy.d.ts",
    require: "./node/proxy.cjs",
    default: "./web/proxy.js",
  });
  assert.equal(manifest.engines.node, ">=20");
  // Placeholders until the repository has a public address (the repository's own name).
  assert.equal(manifest.repository.type, "git");
  for (const field of ["homepage", "bugs"]) assert.ok(manifest[field], `has ${field}`);
  for (const field of ["dependencies", "peerDependencies", "optionalDependencies"]) {
    assert.equal(manifest[field], undefined, `no ${field}`);
  }
});

test("the tarball holds the entries, glue and wasm of both targets and nothing else", async () => {
  const files = (await readdir(packageDir, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => relative(packageDir, join(entry.parentPath, entry.name)))
    .sort();
  assert.deepEqual(files, [
    "README.md",
    "index.d.ts",
    "node/enums.cjs",
    "node/errors.cjs",
    "node/index.cjs",
    "node/index.mjs",
    "node/nexus_sequences.js",
    "node/nexus_sequences_bg.wasm",
    "node/proxy.cjs",
    "node/setup.cjs",
    "package.json",
    "proxy.d.ts",
    "types.d.ts",
    "web/enums.js",
    "web/errors.js",
    "web/index.js",
    "web/nexus_sequences.js",
    "web/nexus_sequences_bg.wasm",
    "web/package.json",
    "web/proxy.js",
    "web/setup.js",
    "web/workerd.js",
  ]);
});

test("the declarations resolve through exports for ESM and CommonJS TypeScript users", async () => {
  const dir = join(installDir, "types-check");
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "esm.mts"), `import { Client, NotFoundError, SequenceBulkUpdateAbortMode } from "nexus-sequences";
import type { SequencePage } from "nexus-sequences";
const client = new Client("key", { endpoint: "http://127.0.0.1:1" });
export const page: Promise<SequencePage> = client.getProject("proj_x").sequences.list({ limit: 1 });
export const mode: SequenceBulkUpdateAbortMode = SequenceBulkUpdateAbortMode.NONE;
export const isNotFound = (error: unknown): boolean => error instanceof NotFoundError;
`);
  await writeFile(join(dir, "proxy.mts"), `import { createProxyHandler, toNodeHandler, type ProxyHandler } from "nexus-sequences/proxy";
import { Client } from "nexus-sequences";
export const handler: ProxyHandler = createProxyHandler({ secretKey: "key", projects: ["proj_x"], methods: ["GET"] });
export const node = toNodeHandler(handler);
export const keyless = new Client(null, { endpoint: "/api/nexus" });
`);
  await writeFile(join(dir, "proxy-cjs.cts"), `import proxy = require("nexus-sequences/proxy");
export const handler: proxy.ProxyHandler = proxy.createProxyHandler({ secretKey: "key", projects: ["x"], basePath: "/api/nexus" });
`);
  await writeFile(join(dir, "cjs.cts"), `import sdk = require("nexus-sequences");
const client = new sdk.Client("key", { endpoint: "http://127.0.0.1:1" });
export const page: Promise<sdk.SequencePage> = client.getProject("proj_x").sequences.list({ limit: 1 });
export const mode: sdk.SequenceBulkUpdateAbortMode = sdk.SequenceBulkUpdateAbortMode.NONE;
export const isNotFound = (error: unknown): boolean => error instanceof sdk.NotFoundError;
`);
  await writeFile(join(dir, "tsconfig.json"), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, module: "node16", moduleResolution: "node16",
      target: "es2022", lib: ["es2022", "dom"], types: [] },
    files: ["esm.mts", "cjs.cts", "proxy.mts", "proxy-cjs.cts"],
  }));
  await promisify(execFile)("tsc", ["-p", dir]).catch((error) => {
    assert.fail(`tsc failed:\n${error.stdout}${error.stderr}`);
  });
});
