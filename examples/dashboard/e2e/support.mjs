// What the end-to-end tests share: the emulator (started here through the nexus-emulator
// package's test API, read directly over HTTP, never through the UI), the built dashboard served
// by Vite's preview server with its proxy (nexus-proxy.ts) holding the demo key, and headless
// Debian Chromium, whose every request and response is captured. run.sh installs the packages.
import assert from "node:assert/strict";
import { dirname } from "node:path";
import { after } from "node:test";
import { NexusEmulator } from "nexus-emulator";
import { chromium } from "playwright-core";
import { launchChromium as launchWith } from "../../../tests/support/chromium.mjs";
import { preview } from "vite";

const emulator = await NexusEmulator.start({ seed: "demo" });
after(() => emulator.stop());

export const emulatorUrl = emulator.endpoint;

/** The emulator's demo project (`seed: "demo"`). */
export const DEMO = {
  secretKey: emulator.secretKey,
  projectId: emulator.projectId,
};
const projectPath = `/projects/${DEMO.projectId}`;

// The dashboard's server side (nexus-proxy.ts, loaded with vite.config.ts by serveDashboard)
// reads its key from the environment, as in production: the page gets none.
Object.assign(process.env, {
  NEXUS_SECRET_KEY: DEMO.secretKey,
  NEXUS_ENDPOINT: emulatorUrl,
  NEXUS_PROJECT_ID: DEMO.projectId,
});

/** A GET of the Nexus API with the demo key; answers `{status, body}`. */
export async function api(path) {
  const response = await fetch(`${emulatorUrl}${projectPath}${path}`, { headers: { "secret-key": DEMO.secretKey } });
  return { status: response.status, body: await response.json() };
}

/** A page of sequences, straight from the API. */
export async function listPage(query) {
  const { status, body } = await api(`/sequences?${new URLSearchParams(query)}`);
  assert.equal(status, 200);
  return body;
}

/** Every sequence of the demo project, in list order. */
export async function allSequences() {
  const all = [];
  for (let page = null; ; ) {
    const body = await listPage({ limit: 1000, ...(page ? { page } : {}) });
    all.push(...body.data);
    if (!body.nextPage) return all;
    page = body.nextPage;
  }
}

/** The demo sequence named `name`. */
export async function sequenceNamed(name) {
  const { data } = await listPage({ name });
  assert.equal(data.length, 1, `one sequence named ${name}`);
  return data[0];
}

/** A call to the emulator's admin API; answers the parsed body, if any. */
export async function admin(method, path, body) {
  const response = await fetch(`${emulatorUrl}/_emulator${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.ok(response.ok, `${method} /_emulator${path}: HTTP ${response.status}`);
  return response.status === 204 ? null : response.json();
}

/** Serves the built dashboard (dist/) on a free loopback port; answers `{url, close}`. */
export async function serveDashboard() {
  const server = await preview({
    root: dirname(import.meta.dirname),
    logLevel: "warn",
    preview: { host: "127.0.0.1", port: 0, strictPort: true, open: false },
  });
  return { url: server.resolvedUrls.local[0], close: () => server.close() };
}

/** Headless Debian Chromium, launched as every JS test suite does (tests/support/chromium.mjs). */
export function launchChromium() {
  return launchWith(chromium);
}

const STORAGE_KEY = "nexus-dashboard.connection";

/**
 * Opens the dashboard in a fresh browser context. With `session`, the tab starts connected
 * (as after a connect in the same tab); without, it shows the connect form. `beforeLoad` is a
 * function run in the page before its own scripts.
 * `allowStatuses`: HTTP error statuses the test provokes on purpose; Chromium logs each such
 * response as a console error, which is then not a problem. Every other console error and
 * every uncaught exception is; `finish()` asserts there were none and closes the context.
 * Every request and response the browser sees is captured (URL, headers, bodies); unless
 * `keyInBrowser` (a test that types the demo key into the page on purpose), `finish()` also
 * asserts that the demo key is in none of them, nor in the console, localStorage,
 * sessionStorage or cookies.
 */
export async function openDashboard(browser, url, { session = null, allowStatuses = [], beforeLoad, keyInBrowser = false } = {}) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 820 } });
  if (session) {
    await context.addInitScript(([key, value]) => sessionStorage.setItem(key, value), [STORAGE_KEY, JSON.stringify(session)]);
  }
  if (beforeLoad) await context.addInitScript(beforeLoad);
  const page = await context.newPage();
  const problems = [];
  const consoleLines = [];
  const requests = [];
  page.on("pageerror", (error) => problems.push(`uncaught: ${error.stack ?? error.message}`));
  page.on("console", (message) => {
    consoleLines.push(message.text());
    if (message.type() !== "error") return;
    const status = /the server responded with a status of (\d+)/.exec(message.text())?.[1];
    if (status && allowStatuses.includes(Number(status))) return;
    problems.push(`console error: ${message.text()}`);
  });
  page.on("request", (request) => requests.push(request.url()));
  const traffic = captureTraffic(page);
  await page.goto(url);
  return {
    page,
    consoleLines,
    requests,
    async finish() {
      if (!keyInBrowser) await assertKeyNowhere(page, context, await Promise.all(traffic), consoleLines);
      await context.close();
      assert.deepEqual(problems, [], "no uncaught errors and no console errors");
    },
  };
}

/** Every request and response of `page` as plain data (promises, settled by `finish`). */
function captureTraffic(page) {
  const traffic = [];
  page.on("request", (request) => {
    traffic.push(
      request.allHeaders().then((headers) => ({
        request: `${request.method()} ${request.url()}`,
        headers,
        body: request.postData() ?? "",
      })),
    );
  });
  page.on("response", (response) => {
    traffic.push(
      Promise.all([response.allHeaders(), response.body().catch(() => Buffer.alloc(0))]).then(([headers, body]) => ({
        response: `${response.status()} ${response.url()}`,
        headers,
        body: body.toString("latin1"), // the key is ASCII: found in any body, text or binary
      })),
    );
  });
  return traffic;
}

/** Asserts the demo key is in no request, response, console line, storage or cookie of the page. */
async function assertKeyNowhere(page, context, traffic, consoleLines) {
  const responses = traffic.filter((entry) => entry.response);
  assert.ok(responses.some((entry) => entry.response.startsWith("200 ")), "responses were captured");
  for (const entry of traffic) {
    assert.ok(!JSON.stringify(entry).includes(DEMO.secretKey), `the key is in ${entry.request ?? entry.response}`);
  }
  const stored = {
    storage: await page.evaluate(() => ({ local: { ...localStorage }, session: { ...sessionStorage } })),
    cookies: await context.cookies(),
    consoleLines,
  };
  assert.ok(!JSON.stringify(stored).includes(DEMO.secretKey), `the key is in the page's storage, cookies or console`);
}

/** The connected session of the demo project, through the dashboard's server: no key. */
export const demoSession = () => ({ mode: "proxy", projectId: DEMO.projectId });

/** Waits until the sequences table has loaded exactly the rows with these ids, in order. */
export async function tableShowsIds(page, ids) {
  await page.waitForFunction(
    (expected) => {
      const table = document.querySelector("[data-testid=sequences][data-state=ready]");
      const ids = table ? [...table.querySelectorAll("tbody tr")].map((row) => row.dataset.id) : null;
      return JSON.stringify(ids) === JSON.stringify(expected);
    },
    ids,
    { timeout: 15_000 },
  );
}

/** The table's rows as `{id, name, length, roles, changed}`. */
export function tableRows(page) {
  return page.locator("[data-testid=sequences] tbody tr").evaluateAll((rows) =>
    rows.map((row) => {
      const cells = [...row.querySelectorAll("td")].map((cell) => cell.textContent);
      return { id: row.dataset.id, name: cells[0], length: Number(cells[1]), roles: cells[2], changed: cells[3] };
    }),
  );
}

/** What the table should show for `sequence` (format.ts, restated). */
export function expectedRow(sequence) {
  return {
    id: sequence.id,
    name: sequence.name,
    length: sequence.length,
    roles: Object.entries(sequence.itemCountWithRole)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([role, count]) => `${role} ${count}`)
      .join(", "),
    changed: `${new Date(sequence.updateDate).toISOString().slice(0, 19).replace("T", " ")} UTC`,
  };
}

/** The error box's fields: `{class, status, code, requestId, message}`. */
export function errorDetails(locator) {
  return locator.evaluate((box) =>
    Object.fromEntries([...box.querySelectorAll("[data-field]")].map((el) => [el.dataset.field, el.textContent])),
  );
}
