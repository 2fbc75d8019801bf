// The platform package's binary needs no shared library (static, SQLite inside) and serves
// with an empty environment, so one file runs on any x86-64 Linux (glibc or musl).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { test } from "node:test";
import { lineMatching, run } from "./helpers.mjs";

const binary = "node_modules/nexus-emulator-linux-x64/bin/nexus-emulator";

test("the binary is statically linked: no interpreter, no needed library", () => {
  const headers = execFileSync("readelf", ["--program-headers", "--dynamic", "--wide", binary], { encoding: "utf8" });
  assert.doesNotMatch(headers, /INTERP/, "no program interpreter (ld.so)");
  assert.doesNotMatch(headers, /\(NEEDED\)/, "no shared library");
  // ldd answers 'statically linked' (or 'not a dynamic executable') and exits 1 for such files.
  let ldd;
  try {
    ldd = execFileSync("ldd", [binary], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    ldd = `${error.stdout}${error.stderr}`;
  }
  assert.match(ldd, /statically linked|not a dynamic executable/);
});

test("it serves with an empty environment (env -i)", async () => {
  const served = run("env", ["-i", binary, "serve", "--addr", "127.0.0.1:0", "--db", ":memory:", "--seed", "demo"]);
  try {
    const [, endpoint] = await lineMatching(served.lines, /^listening on (\S+)$/);
    const response = await fetch(`${endpoint}/projects/proj_demo0000000000000000000000000000/sequences?limit=1`, {
      headers: { "secret-key": "demo-secret-key-0000000000000000" },
    });
    assert.equal(response.status, 200);
  } finally {
    served.child.kill("SIGTERM");
    assert.deepEqual(await served.exit, { code: 0, signal: null });
  }
});
