// A private nexus-emulator process for one test file (or one benchmark), plus typed helpers for its
// admin API. Nothing here imports the SDK: the admin API is what the tests use to set up state and to
// observe what reached the server, independently of the code under test.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import path from "node:path";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const LISTENING = /^listening on (http:\/\/\S+)$/;
const START_TIMEOUT_MS = 20_000;
// Only the tail of stderr is kept: enough to explain a failed start, bounded for long runs.
const STDERR_TAIL_BYTES = 16 * 1024;

/** Path of the emulator binary: $NEXUS_EMULATOR_BIN, else target/release, else target/debug. */
export function emulatorBinary() {
  if (process.env.NEXUS_EMULATOR_BIN) return process.env.NEXUS_EMULATOR_BIN;
  for (const profile of ["release", "debug"]) {
    const candidate = path.join(repoRoot, "target", profile, "nexus-emulator");
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(
    "nexus-emulator binary not found: build it (cargo build --release -p nexus-emulator) " +
      "or set NEXUS_EMULATOR_BIN",
  );
}

/**
 * Starts `nexus-emulator serve` on an ephemeral loopback port with an in-memory database.
 * `extraArgs` are appended (e.g. ["--max-items-per-sequence", "3"]).
 */
export async function startEmulator(extraArgs = []) {
  const child = spawn(
    emulatorBinary(),
    ["serve", "--addr", "127.0.0.1:0", "--db", ":memory:", ...extraArgs],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let stderrTail = "";
  // The pipe must be drained, or a chatty emulator would block on a full stderr buffer.
  child.stderr.setEncoding("utf8").on("data", (chunk) => {
    stderrTail = (stderrTail + chunk).slice(-STDERR_TAIL_BYTES);
  });
  const explain = (why) => new Error(`nexus-emulator ${why}\n--- stderr tail ---\n${stderrTail}`);

  const firstLine = new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    const timer = setTimeout(() => reject(explain("printed no listening line in time")), START_TIMEOUT_MS);
    lines.once("line", (line) => {
      clearTimeout(timer);
      // Later stdout lines are not needed, but keep reading so the pipe never fills.
      child.stdout.resume();
      resolve(line);
    });
    child.once("error", (err) => reject(explain(`failed to spawn: ${err.message}`)));
    child.once("exit", (code, signal) => reject(explain(`exited early (code ${code}, signal ${signal})`)));
  });
  const line = await firstLine.catch((err) => {
    child.kill("SIGKILL");
    throw err;
  });
  const match = LISTENING.exec(line);
  if (!match) {
    child.kill("SIGKILL");
    throw explain(`first stdout line was not 'listening on http://ip:port': ${JSON.stringify(line)}`);
  }
  return new Emulator(child, match[1]);
}

/** A running emulator: its endpoint and its admin API. */
export class Emulator {
  constructor(child, endpoint) {
    this.child = child;
    /** Base URL to give the SDK, e.g. http://127.0.0.1:39215 */
    this.endpoint = endpoint;
  }

  /** Sends one admin request and returns the parsed JSON body (null for 204). */
  async admin(method, route, body) {
    const res = await fetch(this.endpoint + route, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`admin ${method} ${route} -> ${res.status}: ${text}`);
    return text ? JSON.parse(text) : null;
  }

  /** Creates a project (its own workspace unless `secretKey` names an existing one). */
  createProject(options = {}) {
    return this.admin("POST", "/_emulator/projects", options);
  }

  /** Creates `count` assets named `${filenamePrefix}0.jpg`.. in the project; returns them in order. */
  async createAssets(projectId, count, filenamePrefix = "image_") {
    const { assets } = await this.admin("POST", `/_emulator/projects/${projectId}/assets`, {
      count,
      filenamePrefix,
    });
    return assets;
  }

  /** Seeds `count` sequences named `${namePrefix}${i}`, each with `itemsPerSequence` fresh assets. */
  async seedSequences(projectId, { count, itemsPerSequence = 1, namePrefix = "seq-" }) {
    const { created } = await this.admin("POST", `/_emulator/projects/${projectId}/sequences`, {
      count,
      itemsPerSequence,
      namePrefix,
    });
    return created;
  }

  /** `{total, routes}` of Nexus requests that named this project (any status, rejected ones too). */
  requestCounts(projectId) {
    return this.admin("GET", `/_emulator/requests?projectId=${encodeURIComponent(projectId)}`);
  }

  /** Installs fault rules (`{seed, rules}`), replacing any previous ones. */
  setFaults(spec) {
    return this.admin("PUT", "/_emulator/faults", spec);
  }

  clearFaults() {
    return this.admin("DELETE", "/_emulator/faults");
  }

  /** Stops the process and waits for it to exit. */
  async stop() {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.kill("SIGTERM");
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  }
}
