#!/usr/bin/env bash
# Smoke tests of the packed npm package, as a user gets it: installs TARBALL into an empty
# folder and runs the node:test files here against a running emulator (Node require and
# import, a plain ES module page and Vite and webpack bundles in headless Chromium).
# Usage: tests/package/run.sh TARBALL [EMULATOR_URL]
# Without EMULATOR_URL it starts the release emulator (cargo build --release -p nexus-emulator).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../../scripts/lib.sh" # PATH (tsc), require_tarball, use_emulator
tarball=$(require_tarball "${1:-}")

# The test tools (playwright-core, vite), pinned by this folder's lock file. `npm install`, not
# `npm ci`: vite 8 lists an optional dependency that the registry does not serve
# (napi-windows-process-start-time), which `npm ci` counts as a lock file out of sync; `npm install`
# skips it and still installs exactly the locked versions. --no-save: it would otherwise rewrite
# the tracked lock file, and a test run must leave the tree clean.
if [ ! -d "$here/node_modules" ] || [ "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ]; then
  (cd "$here" && npm install --no-save --no-audit --no-fund --loglevel=error)
fi

work=$(mktemp -d -t nexus-package.XXXXXX)
cleanup() {
  rm -rf "$work"
  stop_emulator
}
trap cleanup EXIT

use_emulator "${2:-}"

# A user's project: nothing but the tarball. --offline proves the package needs nothing
# else from the registry (no runtime dependencies).
printf '{ "private": true, "type": "module" }\n' >"$work/package.json"
cp "$here"/fixtures/* "$work/"
(cd "$work" && npm install --offline --no-audit --no-fund --no-package-lock --loglevel=error "$tarball")

export PACKAGE_INSTALL_DIR=$work
node --test --test-concurrency=1 "$here"/*.test.mjs
