"use strict";
// Finds the emulator binary for this machine: $NEXUS_EMULATOR_BINARY, else the platform package
// npm installed beside this one (an optional dependency chosen by its os/cpu). Refuses a binary
// whose version is not this package's, since the launcher, its API and the binary move together.
const { spawnSync } = require("node:child_process");
const path = require("node:path");
const { platforms } = require("../platforms.json");
const manifest = require("../package.json");

const BUILD_FROM_SOURCE =
  "to build from source: `cargo build --release -p nexus-emulator` in the nexus-sequences repository, " +
  "then set NEXUS_EMULATOR_BINARY to target/release/nexus-emulator";

/** An error whose message is one line fit to print as it is. */
class BinaryNotFoundError extends Error {
  constructor(message) {
    super(message);
    this.name = "BinaryNotFoundError";
  }
}

/** `linux-x64` and the like: the key of this machine in platforms.json. */
function currentPlatform() {
  return `${process.platform}-${process.arch}`;
}

/** The platforms this release ships a package for (its optional dependencies). */
function releasedPlatforms() {
  const shipped = new Set(Object.keys(manifest.optionalDependencies ?? {}));
  return Object.entries(platforms)
    .filter(([, entry]) => shipped.has(entry.package))
    .map(([key]) => key);
}

function platformBinary() {
  const key = currentPlatform();
  const entry = platforms[key];
  const released = releasedPlatforms().join(", ") || "none";
  if (!entry) {
    throw new BinaryNotFoundError(
      `nexus-emulator: no prebuilt binary for ${key}; prebuilt platforms: ${released}; ${BUILD_FROM_SOURCE}`,
    );
  }
  let packageDir;
  try {
    packageDir = path.dirname(require.resolve(`${entry.package}/package.json`));
  } catch {
    const why = releasedPlatforms().includes(key)
      ? `its package ${entry.package} is not installed (were optional dependencies omitted?)`
      : `no prebuilt binary for ${key} in this release`;
    throw new BinaryNotFoundError(
      `nexus-emulator: ${why}; prebuilt platforms: ${released}; ${BUILD_FROM_SOURCE}`,
    );
  }
  return path.join(packageDir, "bin", entry.binary);
}

let checked = null;

/**
 * The path of the emulator binary (`explicit`, else $NEXUS_EMULATOR_BINARY, else the platform
 * package's), checked to run and to be this package's version. Throws a BinaryNotFoundError with
 * a one-line message otherwise.
 */
function resolveBinary(explicit) {
  const override = explicit ?? process.env.NEXUS_EMULATOR_BINARY;
  const binary = override ? path.resolve(override) : platformBinary();
  if (checked === binary) return binary;
  const origin = explicit ? "the binary option" : override ? "NEXUS_EMULATOR_BINARY" : "the binary";
  const run = spawnSync(binary, ["--version"], { encoding: "utf8", timeout: 10_000 });
  if (run.error || run.status !== 0) {
    const why = run.error ? run.error.message : `exit code ${run.status}: ${run.stderr.trim()}`;
    throw new BinaryNotFoundError(`nexus-emulator: ${origin} ${binary} does not run (${why})`);
  }
  const version = /^nexus-emulator (\S+)$/m.exec(run.stdout)?.[1];
  if (version !== manifest.version) {
    throw new BinaryNotFoundError(
      `nexus-emulator: ${origin} ${binary} is version ${version ?? JSON.stringify(run.stdout.trim())}, ` +
        `this package (nexus-emulator) is ${manifest.version}; install matching versions ` +
        `(npm install nexus-emulator@${manifest.version}) or build the emulator of that version`,
    );
  }
  checked = binary;
  return binary;
}

module.exports = { resolveBinary, BinaryNotFoundError, currentPlatform, releasedPlatforms };
