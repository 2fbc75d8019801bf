// The test API as a user's suite uses it: start, the SDK against it, every admin call, faults,
// two emulators at once, fixtures, and failures that carry the binary's own message.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { Client, ServiceUnavailableError } from "nexus-sequences";
import { NexusEmulator, NexusEmulatorError, AdminError } from "nexus-emulator";
import { alive, gone } from "./helpers.mjs";

test("start({seed: 'demo'}) serves the demo project on a free port; stop() ends the process", async () => {
  const emulator = await NexusEmulator.start({ seed: "demo" });
  assert.match(emulator.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.equal(emulator.projectId, "proj_demo0000000000000000000000000000");
  assert.equal(emulator.secretKey, "demo-secret-key-0000000000000000");
  const client = new Client(emulator.secretKey, { endpoint: emulator.endpoint });
  const page = await client.getProject(emulator.projectId).sequences.list({ limit: 100 });
  assert.equal(page.data.length, 6);
  assert.ok(alive(emulator.pid));
  await emulator.stop();
  assert.ok(!alive(emulator.pid));
  await emulator.stop(); // a second stop is a no-op
});

test("every admin operation is a method answering plain objects", async () => {
  const emulator = await NexusEmulator.start();
  try {
    const { admin } = emulator;
    assert.equal(emulator.projectId, null);
    assert.equal((await admin.health()).status, "ok");
    const { projectId, secretKey } = await admin.createProject();
    const assets = await admin.createAssets(projectId, { count: 3 });
    assert.deepEqual(assets.map((a) => a.filename), ["image_0.jpg", "image_1.jpg", "image_2.jpg"]);
    const named = await admin.createAssets(projectId, { assets: [{ filename: "x.png", assetId: "asset_x" }] });
    assert.deepEqual(named, [{ filename: "x.png", assetId: "asset_x" }]);
    assert.equal(await admin.createSequences(projectId, { count: 2, itemsPerSequence: 2, namePrefix: "s-" }), 2);

    const sequences = new Client(secretKey, { endpoint: emulator.endpoint }).getProject(projectId).sequences;
    assert.equal((await sequences.list({ limit: 10 })).data.length, 2);
    const counts = await admin.requestCounts(projectId);
    assert.equal(counts.total, 1);
    assert.equal(counts.routes["GET /projects/{projectId}/sequences"], 1);
    await admin.clearRequestCounts();
    assert.equal((await admin.requestCounts()).total, 0);

    const status = await admin.faults({ seed: 1, rules: [{ fault: "status", status: 503, projectId, times: 1 }] });
    assert.equal(status.rules.length, 1);
    await assert.rejects(sequences.list({ limit: 1 }, {}, { maxRetries: 0 }), ServiceUnavailableError);
    assert.equal((await admin.faultStatus()).rules[0].fired, 1);
    await admin.clearFaults();
    assert.deepEqual((await admin.faultStatus()).rules, []);

    const state = await admin.export();
    assert.equal(state.version, 1);
    assert.equal(state.projects[0].sequences.length, 2);
    await admin.reset();
    assert.deepEqual((await admin.export()).projects, []);

    const error = await admin.createAssets("proj_missing", { count: 1 }).catch((e) => e);
    assert.ok(error instanceof AdminError);
    assert.equal(error.status, 404);
  } finally {
    await emulator.stop();
  }
});

test("two emulators at once, on their own ports and databases", async () => {
  const [a, b] = await Promise.all([NexusEmulator.start({ seed: "demo" }), NexusEmulator.start()]);
  try {
    assert.notEqual(a.endpoint, b.endpoint);
    await b.admin.createProject({ projectId: "only_in_b" });
    assert.deepEqual((await a.admin.export()).projects.map((p) => p.projectId), ["proj_demo0000000000000000000000000000"]);
    assert.deepEqual((await b.admin.export()).projects.map((p) => p.projectId), ["only_in_b"]);
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
});

test("start options reach the binary: the item cap and faults from the start", async () => {
  const emulator = await NexusEmulator.start({ maxItemsPerSequence: 2, faults: "503:1", faultSeed: 7 });
  try {
    const error = await emulator.admin.createSequences("p", { count: 1, itemsPerSequence: 3 }).catch((e) => e);
    assert.match(error.message, /itemsPerSequence: at most 2/);
    const status = await emulator.admin.faultStatus();
    assert.equal(status.seed, 7);
    assert.equal(status.rules[0].fault, "status");
    assert.equal(status.rules[0].status, 503);
  } finally {
    await emulator.stop();
  }
});

test("a fixture starts the emulator in its state; its first project is the emulator's", async () => {
  const fixture = readFileSync("fixture.json", "utf8");
  const emulator = await NexusEmulator.start({ fixture: "fixture.json" });
  try {
    const expected = JSON.parse(fixture);
    assert.equal(emulator.projectId, expected.projects[0].projectId);
    assert.equal(emulator.secretKey, expected.secretKeys[0].secretKey);
    const response = await fetch(`${emulator.endpoint}/_emulator/export`);
    assert.equal(await response.text(), fixture, "export gives back the fixture byte for byte");
  } finally {
    await emulator.stop();
  }
});

test("a start that fails rejects with the binary's own message and leaves no process", async () => {
  const bad = await NexusEmulator.start({ faults: "bogus" }).catch((e) => e);
  assert.ok(bad instanceof NexusEmulatorError);
  assert.match(bad.message, /exit code 2.*--faults: /s);

  const taken = await NexusEmulator.start();
  try {
    const port = Number(new URL(taken.endpoint).port);
    const busy = await NexusEmulator.start({ port }).catch((e) => e);
    assert.ok(busy instanceof NexusEmulatorError);
    assert.match(busy.message, /bind: .*in use/i);
  } finally {
    await taken.stop();
  }
  await assert.rejects(NexusEmulator.start({ sead: "demo" }), /unknown option "sead"/);
  await assert.rejects(NexusEmulator.start({ binary: "/bin/false" }), /the binary option \/bin\/false does not run/);
  await assert.rejects(NexusEmulator.start({ fixture: "missing.json" }), /--import missing\.json: /);
});

test("CommonJS require gives the same API", async () => {
  const require = createRequire(import.meta.url);
  const cjs = require("nexus-emulator");
  assert.equal(cjs.NexusEmulator, NexusEmulator);
  const emulator = await cjs.NexusEmulator.start();
  await emulator.stop();
  await gone(emulator.pid);
});
