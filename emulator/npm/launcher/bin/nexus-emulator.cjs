#!/usr/bin/env node
"use strict";
// `npx nexus-emulator ...`: runs the platform's binary with the same arguments and standard
// streams, hands it SIGINT, SIGTERM and SIGHUP, and ends as it ended (its exit code, or the
// same signal).
const { spawn } = require("node:child_process");
const { resolveBinary } = require("../lib/binary.cjs");

let binary;
try {
  binary = resolveBinary();
} catch (error) {
  console.error(error.message);
  process.exit(1);
}

const child = spawn(binary, process.argv.slice(2), { stdio: "inherit" });
const FORWARDED = ["SIGINT", "SIGTERM", "SIGHUP"];
const forward = (signal) => {
  // A terminal's Ctrl-C reaches the binary too (same process group); a second SIGINT is harmless.
  if (child.exitCode === null && child.signalCode === null) child.kill(signal);
};
for (const signal of FORWARDED) process.on(signal, forward);

child.on("error", (error) => {
  console.error(`nexus-emulator: cannot run ${binary}: ${error.message}`);
  process.exit(1);
});
child.on("exit", (code, signal) => {
  if (signal) {
    // Die of the same signal, so that a shell or a parent sees what the binary saw.
    for (const forwarded of FORWARDED) process.removeListener(forwarded, forward);
    process.kill(process.pid, signal);
    return;
  }
  process.exit(code ?? 1);
});
