// What the package smoke tests share: where the tarball was installed, the emulator's admin
// API, a static file server and a headless Chromium. run.sh sets the environment.
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, normalize, sep } from "node:path";
import { chromium } from "playwright-core";
import { launchChromium as launchWith } from "../support/chromium.mjs";
import { createProjectAt, runOk } from "./support.mjs";

export { assertFindings } from "./support.mjs";

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests through tests/package/run.sh`);
  return value;
}

/** A folder with `node_modules/nexus-sequences` installed from the tarball under test. */
export const installDir = required("PACKAGE_INSTALL_DIR");
/** Base URL of a running emulator. */
export const emulatorUrl = required("NEXUS_EMULATOR_URL");

/** createProjectAt on this run's emulator. */
export const createProject = (options) => createProjectAt(emulatorUrl, options);

/**
 * Runs `node FILE` inside the install folder, so that `nexus-sequences` resolves through the
 * package's `exports` as in a user's project; answers its stdout parsed as JSON.
 */
export async function runNode(file, env = {}) {
  const stdout = await runOk(process.execPath, [file], { cwd: installDir, env });
  try {
    return JSON.parse(stdout);
  } catch {
    throw new Error(`node ${file} printed no JSON:\n${stdout}`);
  }
}

const contentTypes = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
};

/** Serves the files under `root` on a free loopback port; answers `{url, close}`. */
export async function serveStatic(root) {
  const server = createServer(async (request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url, "http://x").pathname));
    const file = join(root, path.endsWith("/") ? `${path}index.html` : path);
    const info = file.startsWith(root + sep) ? await stat(file).catch(() => null) : null;
    if (!info?.isFile()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, {
      "content-type": contentTypes[extname(file)] ?? "application/octet-stream",
      "content-length": info.size,
    });
    createReadStream(file).pipe(response);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** Answers `request` with `status` and `headers` plus the CORS headers a page's SDK call needs. */
function answerWithCors(response, status, headers = {}) {
  response.writeHead(status, {
    "access-control-allow-origin": "*",
    "access-control-allow-headers": "secret-key, content-type, idempotency-key",
    "access-control-allow-methods": "GET, POST, PATCH, DELETE",
    ...headers,
  });
  response.end();
}

/**
 * An API endpoint that answers every request with a 307 to another loopback origin (and CORS
 * preflights with 204, so that a page may call it); answers {endpoint, followed, close}, where
 * `followed` lists the requests that reached the other origin.
 */
export async function serveRedirect() {
  const followed = [];
  const elsewhere = createServer((request, response) => {
    followed.push({ method: request.method, url: request.url, headers: request.headers });
    answerWithCors(response, request.method === "OPTIONS" ? 204 : 404);
  });
  await new Promise((resolve) => elsewhere.listen(0, "127.0.0.1", resolve));
  const target = `http://127.0.0.1:${elsewhere.address().port}`;
  const redirecting = createServer((request, response) => {
    if (request.method === "OPTIONS") answerWithCors(response, 204);
    else answerWithCors(response, 307, { location: `${target}${request.url}` });
  });
  await new Promise((resolve) => redirecting.listen(0, "127.0.0.1", resolve));
  const close = (server) => new Promise((resolve) => server.close(resolve));
  return {
    endpoint: `http://127.0.0.1:${redirecting.address().port}`,
    followed,
    close: () => Promise.all([close(redirecting), close(elsewhere)]),
  };
}

/** Headless Debian Chromium (tests/support/chromium.mjs); `extraArgs` are added to its flags. */
export function launchChromium(extraArgs = []) {
  return launchWith(chromium, extraArgs);
}

/**
 * Opens `url` and waits for the page script (fixtures/app.js) to publish its findings in
 * `window.__results`; page errors and console errors fail the wait with their text.
 */
export async function pageResults(browser, url) {
  const page = await browser.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  try {
    await page.goto(url);
    await page.waitForFunction(() => window.__results !== undefined, null, { timeout: 20_000 }).catch((error) => {
      throw new Error(`${error.message}\n${problems.join("\n")}`);
    });
    return await page.evaluate(() => window.__results);
  } finally {
    await page.close();
  }
}
