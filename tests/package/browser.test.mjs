// The package in headless Chromium: straight from node_modules on a plain ES module page,
// and bundled by Vite. Both call the emulator and tell its errors apart with instanceof.
import assert from "node:assert/strict";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { build } from "vite";
import {
  assertFindings,
  createProject,
  installDir,
  launchChromium,
  pageResults,
  serveRedirect,
  serveStatic,
} from "./helpers.mjs";

const SEEDED = 5;
let browser;
const servers = [];

before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await Promise.all(servers.map((server) => server.close()));
});

/** The query string fixtures/app.js reads: emulator address and a fresh seeded project. */
async function projectQuery() {
  const { projectId, secretKey } = await createProject({ sequences: SEEDED });
  const endpoint = process.env.NEXUS_EMULATOR_URL;
  return new URLSearchParams({ endpoint, key: secretKey, project: projectId }).toString();
}

test("plain ES module page: the web entry initialises itself", async () => {
  const server = await serveStatic(installDir);
  servers.push(server);
  const results = await pageResults(browser, `${server.url}/plain.html?${await projectQuery()}`);
  assertFindings(assert, results, SEEDED);
  assert.equal(results.missingStackNamesCaller, true, "a rejected call's stack names the page's own script");
});

test("plain ES module page: a redirect is refused, not followed (the key stays with the endpoint)", async () => {
  const server = await serveStatic(installDir);
  const redirect = await serveRedirect();
  servers.push(server, redirect);
  const query = new URLSearchParams({ endpoint: redirect.endpoint, key: "redirect-test-key", project: "proj_x" });
  const results = await pageResults(browser, `${server.url}/plain.html?${query}`);
  assert.match(results.error ?? "", /^NetworkConnectionError: .*answered with a redirect, which is not followed/);
  assert.deepEqual(redirect.followed, []);
});

test("Vite bundle: the wasm is emitted as an asset and loads", async () => {
  const outDir = join(installDir, "vite-dist");
  await build({ root: installDir, configFile: false, logLevel: "warn", build: { outDir, emptyOutDir: true } });
  const assets = await readdir(join(outDir, "assets"));
  assert.ok(assets.some((name) => name.endsWith(".wasm")), `no .wasm among ${assets.join(", ")}`);

  const server = await serveStatic(outDir);
  servers.push(server);
  const results = await pageResults(browser, `${server.url}/index.html?${await projectQuery()}`);
  assertFindings(assert, results, SEEDED);
});
