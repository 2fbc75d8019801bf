// `npx nexus-emulator`: the binary's arguments, output, exit code and signals pass through the
// launcher; a Ctrl-C or a SIGTERM leaves no process behind; clear one-line refusals.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { emulatorBelow, gone, lineMatching, run } from "./helpers.mjs";

const version = JSON.parse(readFileSync("node_modules/nexus-emulator/package.json", "utf8")).version;
const launcher = "node_modules/nexus-emulator/bin/nexus-emulator.cjs";

test("npx nexus-emulator --version prints the binary's version, which is the package's", () => {
  const result = spawnSync("npx", ["--no-install", "nexus-emulator", "--version"], { encoding: "utf8" });
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout.trim(), `nexus-emulator ${version}`);
});

test("npx nexus-emulator serve --seed demo answers the quickstart; Ctrl-C stops every process", async () => {
  // Detached: its own process group, which a terminal's Ctrl-C signals as a whole.
  const npx = run("npx", ["--no-install", "nexus-emulator", "serve", "--seed", "demo", "--addr", "127.0.0.1:0", "--db", ":memory:"], {
    detached: true,
  });
  const [, endpoint] = await lineMatching(npx.lines, /^endpoint: (\S+)$/);
  await lineMatching(npx.lines, /^secret key: /);
  const binary = await emulatorBelow(npx.child.pid);

  // The repository's examples/quickstart.mjs, with the demo's key and project (its defaults).
  const quickstart = spawnSync("node", ["quickstart.mjs"], { encoding: "utf8", env: { ...process.env, NEXUS_ENDPOINT: endpoint } });
  assert.equal(quickstart.status, 0, quickstart.stderr);
  assert.match(quickstart.stdout, /Patient A/);

  process.kill(-npx.child.pid, "SIGINT");
  const { code, signal } = await npx.exit;
  assert.ok(code === 0 || signal === "SIGINT", `npx ended with ${code ?? signal}: ${npx.stderr()}`);
  await gone(binary);
});

test("SIGTERM to the launcher alone reaches the binary; the launcher exits as it did", async () => {
  const launched = run("node", [launcher, "serve", "--addr", "127.0.0.1:0", "--db", ":memory:"]);
  const [, endpoint] = await lineMatching(launched.lines, /^listening on (\S+)$/);
  assert.equal((await fetch(`${endpoint}/_emulator/health`)).status, 200);
  const binary = await emulatorBelow(launched.child.pid);
  launched.child.kill("SIGTERM");
  assert.deepEqual(await launched.exit, { code: 0, signal: null });
  await gone(binary);
});

test("the binary's exit code and message come through", () => {
  const result = spawnSync("node", [launcher, "serve", "--faults", "bogus"], { encoding: "utf8" });
  assert.equal(result.status, 2);
  assert.match(result.stderr, /^nexus-emulator: --faults: /m);
});

test("an unsupported platform is one line naming the platforms and how to build from source", () => {
  const fake = path.join(mkdtempSync(path.join(tmpdir(), "platform-")), "freebsd.cjs");
  writeFileSync(fake, 'Object.defineProperty(process, "platform", { value: "freebsd" });\n');
  const result = spawnSync("node", ["--require", fake, launcher, "--version"], { encoding: "utf8" });
  assert.equal(result.status, 1);
  const lines = result.stderr.trim().split("\n");
  assert.equal(lines.length, 1, result.stderr);
  assert.match(lines[0], /no prebuilt binary for freebsd-x64; prebuilt platforms: linux-x64; to build from source: `cargo build --release -p nexus-emulator`.*NEXUS_EMULATOR_BINARY/);
});

test("NEXUS_EMULATOR_BINARY overrides the path; a binary of another version is refused", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "override-"));
  const copy = path.join(dir, "nexus-emulator");
  copyFileSync("node_modules/nexus-emulator-linux-x64/bin/nexus-emulator", copy);
  chmodSync(copy, 0o755);
  const ok = spawnSync("node", [launcher, "--version"], { encoding: "utf8", env: { ...process.env, NEXUS_EMULATOR_BINARY: copy } });
  assert.equal(ok.status, 0, ok.stderr);

  const other = path.join(dir, "other");
  writeFileSync(other, "#!/bin/sh\necho 'nexus-emulator 9.9.9'\n");
  chmodSync(other, 0o755);
  const refused = spawnSync("node", [launcher, "serve"], { encoding: "utf8", env: { ...process.env, NEXUS_EMULATOR_BINARY: other } });
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, new RegExp(`NEXUS_EMULATOR_BINARY .*other is version 9\\.9\\.9, this package \\(nexus-emulator\\) is ${version.replace(/\./g, "\\.")}`));
  assert.equal(refused.stderr.trim().split("\n").length, 1);
});
