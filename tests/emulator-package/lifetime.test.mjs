// No emulator outlives the test process that started it: not when it is killed with SIGKILL,
// not when it ends without calling stop() (which must not keep it running either).
import assert from "node:assert/strict";
import { test } from "node:test";
import { gone, lineMatching, run } from "./helpers.mjs";

// A test process: starts an emulator, prints its pid, then does what `then` says.
const testProcess = (then) => `
  import { NexusEmulator } from "nexus-emulator";
  const emulator = await NexusEmulator.start({ seed: "demo" });
  console.log("emulator " + emulator.pid);
  ${then}
`;

test("SIGKILL of the test process leaves no emulator running", async () => {
  const parent = run("node", ["--input-type=module", "-e", testProcess("setInterval(() => {}, 1000);")]);
  const [, pid] = await lineMatching(parent.lines, /^emulator (\d+)$/);
  parent.child.kill("SIGKILL");
  assert.equal((await parent.exit).signal, "SIGKILL");
  await gone(Number(pid));
});

test("a test process that forgets stop() still exits, and takes its emulator with it", async () => {
  const parent = run("node", ["--input-type=module", "-e", testProcess("")]);
  const [, pid] = await lineMatching(parent.lines, /^emulator (\d+)$/);
  assert.deepEqual(await parent.exit, { code: 0, signal: null });
  await gone(Number(pid));
});

test("an uncaught exception in the test process leaves no emulator running", async () => {
  const parent = run("node", ["--input-type=module", "-e", testProcess('throw new Error("test crashed");')]);
  const [, pid] = await lineMatching(parent.lines, /^emulator (\d+)$/);
  assert.equal((await parent.exit).code, 1);
  await gone(Number(pid));
});
