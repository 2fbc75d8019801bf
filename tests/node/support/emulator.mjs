// A private emulator for one test file (or one benchmark), started through the `nexus-emulator`
// npm package's test API (installed beside the SDK by tests/node/run.sh), plus the helpers the
// suites use on its admin API. Nothing here imports the SDK: the admin API is what the tests use
// to set up state and to observe what reached the server, independently of the code under test.
import { NexusEmulator } from "nexus-emulator";

/**
 * Starts an emulator on a free loopback port with an in-memory database. `options` are
 * `NexusEmulator.start()`'s (e.g. `{ maxItemsPerSequence: 3 }`); `serve` flags as an array
 * (`["--max-items-per-sequence", "3"]`) are accepted too and mean the same.
 */
export async function startEmulator(options = {}) {
  return new Emulator(await NexusEmulator.start(Array.isArray(options) ? optionsOfFlags(options) : options));
}

/** `["--max-items-per-sequence", "3"]` -> `{ maxItemsPerSequence: 3 }`. */
function optionsOfFlags(flags) {
  const options = {};
  for (let i = 0; i < flags.length; i += 2) {
    const name = flags[i].replace(/^--/, "").replace(/-([a-z])/g, (_, c) => c.toUpperCase());
    const value = flags[i + 1];
    options[name] = /^\d+$/.test(value) && name !== "db" ? Number(value) : value;
  }
  return options;
}

/** A running emulator: its endpoint and its admin API. */
export class Emulator {
  constructor(emulator) {
    /** The package's `NexusEmulator`, for anything the helpers below do not cover. */
    this.emulator = emulator;
    /** Base URL to give the SDK, e.g. http://127.0.0.1:39215 */
    this.endpoint = emulator.endpoint;
  }

  /** Sends one request to any route and returns the parsed JSON body (null for 204). */
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
    return this.emulator.admin.createProject(options);
  }

  /** Creates `count` assets named `${filenamePrefix}0.jpg`.. in the project; returns them in order. */
  createAssets(projectId, count, filenamePrefix = "image_") {
    return this.emulator.admin.createAssets(projectId, { count, filenamePrefix });
  }

  /** Seeds `count` sequences named `${namePrefix}${i}`, each with `itemsPerSequence` fresh assets. */
  seedSequences(projectId, { count, itemsPerSequence = 1, namePrefix = "seq-" }) {
    return this.emulator.admin.createSequences(projectId, { count, itemsPerSequence, namePrefix });
  }

  /** `{total, routes}` of Nexus requests that named this project (any status, rejected ones too). */
  requestCounts(projectId) {
    return this.emulator.admin.requestCounts(projectId);
  }

  /** Installs fault rules (`{seed, rules}`), replacing any previous ones. */
  setFaults(spec) {
    return this.emulator.admin.faults(spec);
  }

  clearFaults() {
    return this.emulator.admin.clearFaults();
  }

  /** Stops the process and waits for it to exit. */
  stop() {
    return this.emulator.stop();
  }
}
