// The dashboard in headless Chromium against a fresh emulator with the demo project, connected
// through the dashboard's own server (its proxy holds the key; openDashboard checks that the key
// reaches the browser nowhere): every change made through the UI is checked through the
// emulator's HTTP API, never through the UI.
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { after, before, test } from "node:test";
import {
  DEMO,
  admin,
  allSequences,
  api,
  demoSession,
  emulatorUrl,
  errorDetails,
  expectedRow,
  launchChromium,
  listPage,
  openDashboard,
  sequenceNamed,
  serveDashboard,
  tableRows,
  tableShowsIds,
} from "./support.mjs";

const EXTRA_SEQUENCES = 244; // with the demo's 6: 250, so that 100 rows make a page and more follow
let browser;
let dashboard;
/** Assets made for the bulk tests: filename -> asset id. */
const assets = new Map();

before(async () => {
  await admin("POST", `/projects/${DEMO.projectId}/sequences`, {
    count: EXTRA_SEQUENCES,
    itemsPerSequence: 2,
    namePrefix: "Study ",
  });
  const made = await admin("POST", `/projects/${DEMO.projectId}/assets`, {
    assets: Array.from({ length: 6 }, (_, i) => ({ filename: `e2e-${i}.jpg` })),
  });
  for (const { filename, assetId } of made.assets) assets.set(filename, assetId);
  [browser, dashboard] = await Promise.all([launchChromium(), serveDashboard()]);
});
after(async () => {
  await browser?.close();
  await dashboard?.close();
});

test("connect (the default): through the dashboard's server, the page holds no key", async () => {
  const { page, requests, finish } = await openDashboard(browser, dashboard.url);
  const form = page.getByTestId("connect");
  assert.equal(await form.getByLabel("Connect through").inputValue(), "proxy");
  assert.equal(await form.getByLabel("Secret key").count(), 0, "no key field");
  assert.equal(await form.getByLabel("Project id").inputValue(), DEMO.projectId);
  await form.getByRole("button", { name: "Connect" }).click();
  await page.locator("[data-testid=sequences][data-state=ready]").waitFor();

  const origin = new URL(dashboard.url).origin;
  assert.ok(requests.includes(`${origin}/api/nexus/projects/${DEMO.projectId}/sequences?limit=100`), requests.join("\n"));
  assert.ok(!requests.some((url) => url.startsWith(emulatorUrl)), "the page never calls the API itself");
  const storage = await page.evaluate(() => ({ ...sessionStorage }));
  assert.deepEqual(Object.values(storage).map((value) => JSON.parse(value)), [{ mode: "proxy", projectId: DEMO.projectId }]);
  await finish(); // and the key is in no request, response, storage or cookie
});

test("connect with a key (an explicit choice, for local use): the key stays in sessionStorage", async () => {
  const { page, requests, consoleLines, finish } = await openDashboard(browser, dashboard.url, { keyInBrowser: true });
  const form = page.getByTestId("connect");
  await form.getByLabel("Connect through").selectOption("key");
  assert.equal(await form.getByLabel("Secret key").inputValue(), "", "the page ships no key to prefill");
  assert.equal(await form.getByLabel("Secret key").getAttribute("type"), "password");
  await form.getByLabel("Endpoint").fill(emulatorUrl); // this build's default is port 4100
  await form.getByLabel("Secret key").fill(DEMO.secretKey);
  await form.getByRole("button", { name: "Connect" }).click();
  await page.locator("[data-testid=sequences][data-state=ready]").waitFor();

  const storage = await page.evaluate(() => ({ session: { ...sessionStorage }, local: { ...localStorage } }));
  assert.deepEqual(storage.local, {});
  assert.ok(Object.values(storage.session).some((value) => value.includes(DEMO.secretKey)));
  assert.ok(!page.url().includes(DEMO.secretKey), "not in the page's URL");
  assert.ok(!requests.some((url) => url.includes(DEMO.secretKey)), "not in any request URL");
  assert.ok(!consoleLines.some((line) => line.includes(DEMO.secretKey)), "not in any console line");
  await finish();
});

test("table: the seeded sequences, next then previous by cursor, the exact-name filter", async () => {
  // Time from navigation start to the first frame with 100 rows in the table, recorded in the
  // page itself (performance.now() counts from navigation start).
  const record = () =>
    new MutationObserver((_, observer) => {
      if (document.querySelectorAll("[data-testid=sequences] tbody tr").length >= 100) {
        observer.disconnect();
        requestAnimationFrame(() => (window.__first100 = performance.now()));
      }
    }).observe(document, { childList: true, subtree: true });
  const { page, finish } = await openDashboard(browser, dashboard.url, { session: demoSession(), beforeLoad: record });
  await page.waitForFunction(() => window.__first100 !== undefined, null, { timeout: 15_000 });
  const ms = await page.evaluate(() => window.__first100);
  console.log(`time to first 100 rows: ${ms.toFixed(0)} ms (navigation start to the first frame with 100 rows in the table, headless Chromium)`);

  const first = await listPage({ limit: 100 });
  assert.equal(first.data.length, 100);
  assert.deepEqual(await tableRows(page), first.data.map(expectedRow));
  const names = (await allSequences()).map((sequence) => sequence.name);
  assert.equal(names.length, 6 + EXTRA_SEQUENCES);
  for (const name of ["Patient A", "Patient F", "Study 0", "Study 93"]) assert.ok(names.includes(name));

  await page.getByRole("button", { name: "Next →" }).click();
  const second = await listPage({ limit: 100, page: first.nextPage });
  await tableShowsIds(page, second.data.map((sequence) => sequence.id));
  assert.deepEqual(await tableRows(page), second.data.map(expectedRow));

  await page.getByRole("button", { name: "← Previous" }).click();
  await tableShowsIds(page, first.data.map((sequence) => sequence.id));
  assert.deepEqual(await tableRows(page), first.data.map(expectedRow));

  await page.getByLabel("Page size").selectOption("10");
  await tableShowsIds(page, first.data.slice(0, 10).map((sequence) => sequence.id));

  const target = await sequenceNamed("Patient C");
  await page.getByLabel("filter by exact name").fill("Patient C");
  await page.getByRole("button", { name: "Filter" }).click();
  await tableShowsIds(page, [target.id]);
  assert.deepEqual(await tableRows(page), [expectedRow(target)]);
  await finish();
});

/** Opens the sequence named `name` through the table's filter. */
async function openSequence(page, name) {
  const sequence = await sequenceNamed(name);
  await page.getByLabel("filter by exact name").fill(name);
  await page.getByRole("button", { name: "Filter" }).click();
  await tableShowsIds(page, [sequence.id]);
  await page.getByRole("link", { name }).click();
  await page.locator("[data-testid=detail][data-state=ready]").waitFor();
  return sequence;
}

/** The attribute rows of the editor as `[name, value]` pairs. */
function attributeRows(page) {
  return page
    .getByTestId("attribute")
    .evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll("input")].map((input) => input.value)));
}

test("a sequence: items by role in ord order, asset ids, attributes and bytes match the API", async () => {
  const { page, finish } = await openDashboard(browser, dashboard.url, { session: demoSession() });
  const { id } = await openSequence(page, "Patient A");
  const { body: sequence } = await api(`/sequences/${id}`);
  assert.ok(sequence.items.length > 0 && Object.keys(sequence.attributes.items).length > 0);

  const shown = await page.getByTestId("role-group").evaluateAll((groups) =>
    groups.map((group) => ({
      role: group.dataset.role,
      items: [...group.querySelectorAll("tbody tr")].map((row) => {
        const [ord, assetId] = [...row.querySelectorAll("td")].map((cell) => cell.textContent);
        return { ord: Number(ord), assetId };
      }),
    })),
  );
  const roles = [...new Set(sequence.items.map((item) => item.role))].sort((a, b) =>
    a === null ? -1 : b === null ? 1 : a.localeCompare(b),
  );
  const expected = roles.map((role) => ({
    role: role ?? "",
    items: sequence.items
      .filter((item) => item.role === role)
      .sort((a, b) => a.ord - b.ord)
      .map(({ ord, assetId }) => ({ ord, assetId })),
  }));
  assert.deepEqual(shown, expected);

  assert.deepEqual(await attributeRows(page), Object.entries(sequence.attributes.items));
  const bytes = await page.getByRole("meter").evaluate((meter) => [meter.ariaValueNow, meter.ariaValueMax]);
  assert.deepEqual(bytes.map(Number), [sequence.attributes.bytesUsed, sequence.attributes.bytesTotal]);
  const screenshot = await page.screenshot();
  if (process.env.DASHBOARD_SCREENSHOT) {
    await writeFile(process.env.DASHBOARD_SCREENSHOT, screenshot);
    console.log(`screenshot: ${process.env.DASHBOARD_SCREENSHOT}`);
  }
  await finish();
});

test("edit: a bad attribute name is shown inline; rename and attribute changes reach the API", async () => {
  const { page, finish } = await openDashboard(browser, dashboard.url, { session: demoSession() });
  const { id } = await openSequence(page, "Patient B");
  const editor = page.getByTestId("editor");
  const before = (await api(`/sequences/${id}`)).body;

  // An attribute without a name: the SDK's ValidationError, under the attributes.
  await editor.getByRole("button", { name: "Add attribute" }).click();
  await editor.getByRole("button", { name: "Save" }).click();
  const fieldError = editor.getByTestId("field-error");
  await fieldError.waitFor();
  assert.match(await fieldError.getAttribute("data-path"), /^patch\.attributes/);
  assert.equal((await errorDetails(editor.getByTestId("error"))).class, "ValidationError");
  assert.deepEqual((await api(`/sequences/${id}`)).body, before, "nothing sent");

  const rows = editor.getByTestId("attribute");
  await rows.last().getByLabel("attribute name").fill("reviewed");
  await rows.last().getByLabel("attribute value").fill("yes");
  await rows.first().getByLabel("attribute value").fill("77");
  await editor.getByLabel("Name", { exact: true }).fill("Patient B (edited)");
  await editor.getByRole("button", { name: "Save" }).click();
  await page.getByTestId("detail-name").filter({ hasText: "Patient B (edited)" }).waitFor();

  const [firstKey] = Object.keys(before.attributes.items);
  const { body: after } = await api(`/sequences/${id}`);
  assert.equal(after.name, "Patient B (edited)");
  assert.deepEqual(after.attributes.items, { ...before.attributes.items, [firstKey]: "77", reviewed: "yes" });
  assert.deepEqual(await attributeRows(page), Object.entries(after.attributes.items));
  await finish();
});

/** Fills the bulk panel and runs Link or Unlink; answers the result shown next to each filename. */
async function runBulk(page, { filenames, name = "", role = "", ord = "", abortMode = "None", button = "Link" }) {
  const panel = page.getByTestId("bulk");
  await panel.getByLabel("Asset filenames").fill(filenames.join("\n"));
  await panel.getByLabel("Sequence name").fill(name);
  await panel.getByLabel("Role").fill(role);
  await panel.getByLabel("First ord").fill(ord);
  await panel.getByLabel("Abort mode").selectOption(abortMode);
  const finished = Number(await panel.getAttribute("data-finished"));
  await panel.getByRole("button", { name: button, exact: true }).click();
  await page.locator(`[data-testid=bulk][data-finished="${finished + 1}"]`).waitFor();
  return panel.getByTestId("bulk-result").evaluateAll((rows) =>
    rows.map((row) => [...row.querySelectorAll("td")].map((cell) => cell.textContent)),
  );
}

test("bulk: link three assets by filename, all or nothing; one unknown filename changes nothing", async () => {
  const { page, finish } = await openDashboard(browser, dashboard.url, { session: demoSession() });
  await page.getByRole("button", { name: "Bulk" }).click();

  const three = ["e2e-0.jpg", "e2e-1.jpg", "e2e-2.jpg"];
  const results = await runBulk(page, { filenames: three, name: "E2E Bulk", role: "Axial", ord: "0", abortMode: "AbortOnAnyFailed" });
  assert.deepEqual(results, three.map((filename) => [filename, "Ok"]));
  const linked = await sequenceNamed("E2E Bulk");
  assert.deepEqual(
    linked.items,
    three.map((filename, ord) => ({ assetId: assets.get(filename), ord, role: "Axial" })),
  );

  const snapshot = await allSequences();
  const withUnknown = ["e2e-3.jpg", "e2e-4.jpg", "no-such-file.jpg"];
  const failed = await runBulk(page, { filenames: withUnknown, name: "E2E Bulk 2", abortMode: "AbortOnAnyFailed" });
  assert.deepEqual(failed, [
    ["e2e-3.jpg", "Failed"],
    ["e2e-4.jpg", "Failed"],
    ["no-such-file.jpg", "FailedLinkAssetNotFound"],
  ]);
  await page.getByText("nothing applied (AbortOnAnyFailed)").waitFor();
  assert.deepEqual(await allSequences(), snapshot, "nothing changed on the server");

  const unlinked = await runBulk(page, { filenames: ["e2e-0.jpg"], button: "Unlink" });
  assert.deepEqual(unlinked, [["e2e-0.jpg", "Ok"]]);
  assert.deepEqual((await sequenceNamed("E2E Bulk")).items.map((item) => item.assetId), [assets.get("e2e-1.jpg"), assets.get("e2e-2.jpg")]);
  await finish();
});

test("errors: a bad ord is a ValidationError under its field, sent nowhere", async () => {
  const { page, requests, finish } = await openDashboard(browser, dashboard.url, { session: demoSession() });
  await page.getByRole("button", { name: "Bulk" }).click();
  const sent = requests.length;
  await runBulk(page, { filenames: ["e2e-5.jpg"], name: "E2E Bad ord", ord: "-1" });

  const panel = page.getByTestId("bulk");
  const fieldError = panel.getByTestId("field-error");
  assert.equal(await fieldError.getAttribute("data-path"), "actions[0].sequence.ord");
  assert.match(await fieldError.textContent(), /actions\[0\]\.sequence\.ord/);
  const details = await errorDetails(panel.getByTestId("error"));
  assert.equal(details.class, "ValidationError");
  assert.equal(details.status, "none");
  assert.equal(details.code, "ValidationError");
  assert.equal(details.requestId, "none");
  assert.deepEqual(requests.slice(sent), [], "no request left the page");
  assert.equal((await listPage({ name: "E2E Bad ord" })).data.length, 0);
  await finish();
});

test("errors: a wrong key is a 403 ForbiddenError with its code and request id", async () => {
  const wrongKey = "wrong-key-of-the-e2e-test";
  const { page, requests, consoleLines, finish } = await openDashboard(browser, dashboard.url, { allowStatuses: [403] });
  const responses = [];
  page.on("response", (response) => responses.push(response));
  const form = page.getByTestId("connect");
  await form.getByLabel("Connect through").selectOption("key");
  await form.getByLabel("Endpoint").fill(emulatorUrl);
  await form.getByLabel("Secret key").fill(wrongKey);
  await form.getByRole("button", { name: "Connect" }).click();
  await page.locator("[data-testid=sequences][data-state=failed]").waitFor();

  const forbidden = responses.find((response) => response.status() === 403);
  assert.ok(forbidden, "the list request was answered 403");
  const details = await errorDetails(page.getByTestId("error"));
  assert.deepEqual(
    { ...details, message: undefined },
    {
      class: "ForbiddenError",
      status: "403",
      code: "ForbiddenError",
      requestId: await forbidden.headerValue("x-request-id"),
      message: undefined,
    },
  );
  assert.ok(details.message.length > 0);
  assert.ok(!details.message.includes(wrongKey), "the key is not in the message");
  assert.ok(!requests.some((url) => url.includes(wrongKey)) && !page.url().includes(wrongKey));
  assert.ok(!consoleLines.some((line) => line.includes(wrongKey)));
  await finish();
});

test("delete: after a confirmation, gone from the table and from the API", async () => {
  const { page, finish } = await openDashboard(browser, dashboard.url, { session: demoSession() });
  const { id } = await openSequence(page, "Patient F");
  const panel = page.getByTestId("delete");
  await panel.getByRole("button", { name: "Delete…" }).click();
  await panel.getByRole("button", { name: "Cancel" }).click();
  assert.equal((await api(`/sequences/${id}`)).status, 200, "cancel keeps it");

  await panel.getByRole("button", { name: "Delete…" }).click();
  await panel.getByRole("button", { name: "Delete", exact: true }).click();
  await page.getByTestId("notice").filter({ hasText: "Deleted Patient F." }).waitFor();
  await tableShowsIds(page, []); // the table still filters on "Patient F"
  assert.equal((await api(`/sequences/${id}`)).status, 404);
  assert.equal((await listPage({ name: "Patient F" })).data.length, 0);
  assert.ok(!(await allSequences()).some((sequence) => sequence.id === id));
  await finish();
});

test("leaving a view aborts its request in flight", async () => {
  const { page, finish } = await openDashboard(browser, dashboard.url, { session: demoSession() });
  const sequence = await sequenceNamed("Patient D");
  const detailUrl = new URL(`/api/nexus/projects/${DEMO.projectId}/sequences/${sequence.id}`, dashboard.url).href;
  await page.locator("[data-testid=sequences][data-state=ready]").waitFor();
  const failed = [];
  page.on("requestfailed", (request) => failed.push([request.url(), request.failure()?.errorText]));
  await admin("PUT", "/faults", { seed: 1, rules: [{ fault: "delay", ms: 1500, methods: ["GET"] }] });
  try {
    await page.getByLabel("filter by exact name").fill("Patient D");
    await page.getByRole("button", { name: "Filter" }).click();
    await tableShowsIds(page, [sequence.id]);
    const sent = page.waitForRequest((request) => request.url() === detailUrl && request.method() === "GET");
    await page.getByRole("link", { name: "Patient D" }).click();
    await sent; // and answered only after 1.5 s
    await page.getByRole("button", { name: "← Sequences" }).click();
    await tableShowsIds(page, [sequence.id]);
  } finally {
    await admin("DELETE", "/faults");
  }
  assert.deepEqual(failed, [[detailUrl, "net::ERR_ABORTED"]]);
  await finish();
});
