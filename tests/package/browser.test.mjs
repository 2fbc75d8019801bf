// The package in headless Chromium: straight from node_modules on a plain ES module page,
// and bundled by Vite and by webpack 5. Each page calls the emulator and tells its errors apart
// with instanceof.
import assert from "node:assert/strict";
import { readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { build } from "vite";
import webpack from "webpack";
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

test("webpack 5 bundle: the wasm is emitted as an asset and loads", async () => {
  const outDir = join(installDir, "webpack-dist");
  // webpack's defaults, as a user's minimal config has them: the entry's `new URL("….wasm",
  // import.meta.url)` becomes an emitted asset, its top-level await an async module.
  const compiler = webpack({
    mode: "production",
    context: installDir,
    entry: "./app.js",
    target: "web",
    output: { path: outDir, publicPath: "auto" },
  });
  const stats = await new Promise((resolve, reject) =>
    compiler.run((error, result) => compiler.close(() => (error ? reject(error) : resolve(result)))),
  );
  assert.ok(!stats.hasErrors(), stats.toString({ colors: false, all: false, errors: true }));
  const assets = await readdir(outDir);
  assert.ok(assets.some((name) => name.endsWith(".wasm")), `no .wasm among ${assets.join(", ")}`);
  await writeFile(join(outDir, "index.html"), '<!doctype html><meta charset="utf-8"><script src="main.js"></script>\n');

  const server = await serveStatic(outDir);
  servers.push(server);
  const results = await pageResults(browser, `${server.url}/index.html?${await projectQuery()}`);
  assertFindings(assert, results, SEEDED);
});
