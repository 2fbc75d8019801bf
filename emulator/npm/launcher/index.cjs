"use strict";
// The test API: `await NexusEmulator.start(options)` runs a private emulator on a free loopback
// port and answers once it serves; `emulator.admin` is its admin API; `await emulator.stop()`
// ends it. No emulator outlives the process that started it: the binary runs with
// --stop-on-stdin-close and a pipe on its stdin, which the kernel closes however this process
// ends (exit, crash, SIGKILL).
const { spawn } = require("node:child_process");
const { readFileSync } = require("node:fs");
const { createInterface } = require("node:readline");
const { resolveBinary, BinaryNotFoundError } = require("./lib/binary.cjs");

const OPTIONS = new Set([
  "seed", "db", "fixture", "maxItemsPerSequence", "faults", "faultSeed",
  "host", "port", "binary", "env", "startTimeoutMs",
]);
const DEFAULT_START_TIMEOUT_MS = 20_000;
const STOP_GRACE_MS = 5_000;
// Only the tail of stderr is kept: enough to explain a failed start, bounded for long runs.
const STDERR_TAIL_CHARS = 16 * 1024;

/** The emulator could not start, or stopped unexpectedly; `message` holds the binary's words. */
class NexusEmulatorError extends Error {
  constructor(message) {
    super(message);
    this.name = "NexusEmulatorError";
  }
}

/** An admin call answered with an error status. */
class AdminError extends Error {
  constructor(method, route, status, body) {
    super(`${method} ${route}: HTTP ${status}${body?.message ? `: ${body.message}` : ""}`);
    this.name = "AdminError";
    this.status = status;
    this.code = body?.code ?? null;
  }
}

// Emulators of this process still running; stopped (SIGTERM) when the process exits normally.
// A crash or SIGKILL of this process is covered by the stdin pipe instead.
const running = new Set();
process.on("exit", () => {
  for (const child of running) child.kill("SIGTERM");
});

function serveArguments(options) {
  for (const key of Object.keys(options)) {
    if (!OPTIONS.has(key)) throw new TypeError(`NexusEmulator.start: unknown option ${JSON.stringify(key)}`);
  }
  const { seed, db = ":memory:", fixture, maxItemsPerSequence, faults, faultSeed, host = "127.0.0.1", port = 0 } = options;
  const check = (ok, what) => {
    if (!ok) throw new TypeError(`NexusEmulator.start: ${what}`);
  };
  check(seed === undefined || seed === "demo", `seed: expected "demo" or undefined, got ${JSON.stringify(seed)}`);
  check(typeof db === "string" && db.length > 0, "db: expected a file path or \":memory:\"");
  check(fixture === undefined || (typeof fixture === "string" && fixture.length > 0), "fixture: expected a file path");
  check(maxItemsPerSequence === undefined || (Number.isInteger(maxItemsPerSequence) && maxItemsPerSequence >= 1),
    "maxItemsPerSequence: expected an integer of at least 1");
  check(faults === undefined || typeof faults === "string", "faults: expected the compact form, e.g. \"503:0.2,reset:0.1\"");
  check(faultSeed === undefined || (Number.isSafeInteger(faultSeed) && faultSeed >= 0), "faultSeed: expected a non-negative integer");
  check(typeof host === "string" && host.length > 0, "host: expected an IP address");
  check(Number.isInteger(port) && port >= 0 && port <= 65535, "port: expected 0 (a free port) to 65535");
  const address = host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
  const args = ["serve", "--addr", address, "--db", db, "--stop-on-stdin-close"];
  if (seed) args.push("--seed", seed);
  if (fixture) args.push("--import", fixture);
  if (maxItemsPerSequence !== undefined) args.push("--max-items-per-sequence", String(maxItemsPerSequence));
  if (faults !== undefined) args.push("--faults", faults);
  if (faultSeed !== undefined) args.push("--fault-seed", String(faultSeed));
  return args;
}

/** The first project of a fixture and a key of its workspace, if any. */
function fixtureProject(file) {
  const { projects = [], secretKeys = [] } = JSON.parse(readFileSync(file, "utf8"));
  const project = projects[0];
  if (!project) return { projectId: null, secretKey: null };
  const key = secretKeys.find((k) => k.workspaceId === project.workspaceId);
  return { projectId: project.projectId, secretKey: key?.secretKey ?? null };
}

/** A running emulator. Create it with `NexusEmulator.start()`. */
class NexusEmulator {
  #child;
  #exited;
  #stderrTail;

  constructor(child, exited, stderrTail, banner) {
    this.#child = child;
    this.#exited = exited;
    this.#stderrTail = stderrTail;
    /** Base URL to give the SDK, e.g. `http://127.0.0.1:39215`. */
    this.endpoint = banner.endpoint;
    /** Project id of the demo (`seed: "demo"`) or of the fixture's first project, else null. */
    this.projectId = banner.projectId;
    /** A secret key of that project, else null. */
    this.secretKey = banner.secretKey;
    /** The process id of the emulator. */
    this.pid = child.pid;
    /** The admin API. */
    this.admin = new Admin(this.endpoint);
  }

  /** Starts an emulator and resolves once it answers HTTP requests. */
  static async start(options = {}) {
    if (options === null || typeof options !== "object") throw new TypeError("NexusEmulator.start: options must be an object");
    const args = serveArguments(options);
    const timeoutMs = options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;
    const binary = resolveBinary(options.binary);
    const child = spawn(binary, args, {
      stdio: ["pipe", "pipe", "pipe"],
      env: { ...process.env, ...options.env },
      windowsHide: true,
    });
    running.add(child);
    let stderrTail = "";
    // Drained always: a chatty emulator must never block on a full pipe.
    child.stderr.setEncoding("utf8").on("data", (chunk) => {
      stderrTail = (stderrTail + chunk).slice(-STDERR_TAIL_CHARS);
    });
    const exited = new Promise((resolve) => {
      child.once("exit", (code, signal) => {
        running.delete(child);
        resolve({ code, signal });
      });
    });
    const explain = (why) =>
      new NexusEmulatorError(`nexus-emulator ${why}${stderrTail.trim() ? `: ${stderrTail.trim()}` : ""}`);
    try {
      const banner = await readBanner(child, exited, explain, timeoutMs, options.seed === "demo");
      if (options.fixture) Object.assign(banner, fixtureProject(options.fixture));
      const emulator = new NexusEmulator(child, exited, () => stderrTail, banner);
      await emulator.admin.health();
      // From here on the emulator does not keep the test process alive: a forgotten stop()
      // must not hang a test run, and the stdin pipe ends the emulator with the process.
      for (const handle of [child, child.stdin, child.stdout, child.stderr]) handle.unref();
      return emulator;
    } catch (error) {
      child.kill("SIGKILL");
      await exited;
      if (error instanceof BinaryNotFoundError || error instanceof NexusEmulatorError) throw error;
      throw explain(`did not start: ${error.message}`);
    }
  }

  /** The last lines the emulator wrote to stderr (its request log). */
  logs() {
    return this.#stderrTail();
  }

  /** Stops the emulator (SIGTERM, then SIGKILL after 5 s) and resolves when it has exited. */
  async stop() {
    const child = this.#child;
    if (child.exitCode === null && child.signalCode === null) {
      child.ref();
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
      await this.#exited;
      clearTimeout(timer);
    }
    await this.#exited;
  }
}

/** Reads the listening line (and the demo's lines) from stdout. */
function readBanner(child, exited, explain, timeoutMs, demo) {
  return new Promise((resolve, reject) => {
    const banner = { endpoint: null, projectId: null, secretKey: null };
    const lines = createInterface({ input: child.stdout });
    const timer = setTimeout(() => reject(explain(`did not report its address within ${timeoutMs} ms`)), timeoutMs);
    const done = (error) => {
      clearTimeout(timer);
      lines.removeAllListeners("line");
      // Later output is not needed, but keep reading so the pipe never fills.
      child.stdout.resume();
      if (error) reject(error);
      else resolve(banner);
    };
    lines.on("line", (line) => {
      const [, label, value] = /^([a-z ]+?):? (\S+)$/.exec(line) ?? [];
      if (label === "listening on") banner.endpoint = value;
      else if (label === "project") banner.projectId = value;
      else if (label === "secret key") banner.secretKey = value;
      if (banner.endpoint && (!demo || banner.secretKey)) done();
    });
    child.once("error", (error) => done(explain(`could not be run: ${error.message}`)));
    exited.then(({ code, signal }) => {
      // Let stderr's last chunk arrive before quoting it.
      setImmediate(() => done(explain(`exited before serving (${signal ?? `exit code ${code}`})`)));
    });
  });
}

/** The admin API (`/_emulator/`): set-up and observation, no key needed. Plain objects in and out. */
class Admin {
  #endpoint;

  constructor(endpoint) {
    this.#endpoint = endpoint;
  }

  async #call(method, route, body) {
    const response = await fetch(this.#endpoint + "/_emulator" + route, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const parsed = text ? JSON.parse(text) : null;
    if (!response.ok) throw new AdminError(method, "/_emulator" + route, response.status, parsed);
    return parsed;
  }

  /** `{status: "ok", version}`. */
  health() {
    return this.#call("GET", "/health");
  }

  /** Creates a project (and a workspace, unless `secretKey` is an existing key). */
  createProject(options = {}) {
    return this.#call("POST", "/projects", options);
  }

  /** Creates assets: `{assets: [{filename, assetId?}]}` or `{count, filenamePrefix?}`; answers them in order. */
  async createAssets(projectId, request) {
    const { assets } = await this.#call("POST", `/projects/${encodeURIComponent(projectId)}/assets`, request);
    return assets;
  }

  /** Creates `count` sequences named `${namePrefix}${i}`, each with `itemsPerSequence` new assets; answers the count. */
  async createSequences(projectId, request) {
    const { created } = await this.#call("POST", `/projects/${encodeURIComponent(projectId)}/sequences`, request);
    return created;
  }

  /** `{total, routes}` of Nexus requests received (only those naming `projectId`, when given). */
  requestCounts(projectId) {
    const query = projectId === undefined ? "" : `?projectId=${encodeURIComponent(projectId)}`;
    return this.#call("GET", `/requests${query}`);
  }

  /** Sets every request count back to zero. */
  async clearRequestCounts() {
    await this.#call("DELETE", "/requests");
  }

  /** Installs fault rules (`{seed?, rules}`), replacing earlier ones; answers their status. */
  faults(spec) {
    return this.#call("PUT", "/faults", spec);
  }

  /** The active fault rules, each with how often it `fired`. */
  faultStatus() {
    return this.#call("GET", "/faults");
  }

  /** Removes every fault rule. */
  async clearFaults() {
    await this.#call("DELETE", "/faults");
  }

  /** Wipes projects, keys, assets, sequences, request counts and faults. */
  async reset() {
    await this.#call("POST", "/reset");
  }

  /** The whole state as a fixture object (what `nexus-emulator export` writes). */
  export() {
    return this.#call("GET", "/export");
  }
}

module.exports = { NexusEmulator, NexusEmulatorError, AdminError, BinaryNotFoundError };
