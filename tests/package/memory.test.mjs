// The memory check in headless Chromium, as far as a page can observe memory: the JS heap
// (`performance.memory`, made precise by a flag) and the SDK's wasm memory, read after gc()
// (exposed by a V8 flag) and a pause for finalizers. list() and iterate() walks, each run many
// times: how much may stay behind is decided by fixtures/leak-check.js, as in the Node suite.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createProject, emulatorUrl, installDir, launchChromium, serveStatic } from "./helpers.mjs";

let browser;
let server;
let page;

before(async () => {
  browser = await launchChromium(["--js-flags=--expose-gc", "--enable-precise-memory-info"]);
  server = await serveStatic(installDir);
  page = await browser.newPage();
  // plain.html maps the bare `nexus-sequences` specifier to the package's web entry.
  await page.goto(`${server.url}/plain.html`);
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** Runs the walk `scenario` (see the page function) many times in the page; answers its growth. */
async function growthInPage(scenario) {
  const { projectId, secretKey } = await createProject({ sequences: 6 });
  return page.evaluate(
    async ({ scenario, endpoint, secretKey, projectId }) => {
      const sdk = await import("nexus-sequences");
      const { growthPerCall } = await import("/leak-check.js");
      const client = new sdk.Client(secretKey, { endpoint, maxRetries: 0 });
      const sequences = client.getProject(projectId).sequences;
      const calls = {
        list: () => sequences.list({ limit: 2 }),
        "iterate, walked to the end": async () => {
          for await (const _ of sequences.iterate({ limit: 2 }));
        },
        "iterate, broken out of": async () => {
          for await (const _ of sequences.iterate({ limit: 2 })) break;
        },
      };
      const settle = async () => {
        for (let i = 0; i < 4; i++) {
          window.gc();
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      };
      const read = () => ({ heap: performance.memory.usedJSHeapSize, wasm: sdk.wasmMemoryBytes() });
      return growthPerCall(calls[scenario], { settle, read });
    },
    { scenario, endpoint: emulatorUrl, secretKey, projectId },
  );
}

for (const scenario of ["list", "iterate, walked to the end", "iterate, broken out of"]) {
  test(`Chromium: ${scenario} keeps nothing`, async (t) => {
    const { said, leak } = await growthInPage(scenario);
    t.diagnostic(said);
    assert.equal(leak, null);
  });
}
