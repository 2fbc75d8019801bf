#!/usr/bin/env bash
# The packed package in the other runtimes a dashboard's server side runs on, against a running
# emulator: a Cloudflare Worker in workerd (bundled as Wrangler bundles it), Deno and Bun. The
# runtimes and esbuild are this folder's devDependencies, pinned by its lock file.
# Usage: tests/runtimes/run.sh TARBALL [EMULATOR_URL]
# Without EMULATOR_URL it starts the release emulator (cargo build --release -p nexus-emulator).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../../scripts/lib.sh" # require_tarball, start/stop_emulator
tarball=$(require_tarball "${1:-}")

# `npm ci` installs exactly the lock file; only when it changed since the last install (the
# runtimes' binaries are large). The packages' own install scripts put each binary in place.
if [ ! -d "$here/node_modules" ] || [ "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi

work=$(mktemp -d -t nexus-runtimes.XXXXXX)
cleanup() {
  rm -rf "$work"
  stop_emulator
}
trap cleanup EXIT

if [ $# -ge 2 ]; then
  export NEXUS_EMULATOR_URL=$2
else
  [ -x "$TARGET_DIR/release/nexus-emulator" ] || (cd "$ROOT" && cargo build --release -p nexus-emulator)
  start_emulator --db :memory:
  export NEXUS_EMULATOR_URL=$EMULATOR_URL
fi

# One project folder per runtime, with what runs there: the checks (and the package smoke
# tests' findings.js they build on), the Worker, Deno's and Bun's probe, the quickstart.
for runtime in workerd deno bun; do
  mkdir "$work/$runtime"
  cp "$here"/fixtures/* "$here/../package/fixtures/findings.js" "$ROOT/examples/quickstart.mjs" "$work/$runtime/"
done
printf '{ "private": true, "type": "module" }\n' >"$work/workerd/package.json"

export RUNTIMES_WORK_DIR=$work PACKAGE_TARBALL=$tarball
node --test --test-reporter=spec --test-concurrency=1 "$here"/*.test.mjs
