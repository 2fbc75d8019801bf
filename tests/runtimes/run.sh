#!/usr/bin/env bash
# The packed package in the other runtimes a dashboard's server side runs on, against a running
# emulator: a Cloudflare Worker in workerd (bundled as Wrangler bundles it), Deno and Bun. The
# runtimes and esbuild are this folder's devDependencies, pinned by its lock file.
# Usage: tests/runtimes/run.sh TARBALL [EMULATOR_URL]
# Without EMULATOR_URL it starts the release emulator (built when missing).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../../scripts/lib.sh" # require_tarball, use_emulator
tarball=$(require_tarball "${1:-}")

# `npm ci` installs exactly the lock file; only when it changed since the last install (the
# runtimes' binaries are large). The packages' own install scripts put each binary in place.
if [ ! -d "$here/node_modules" ] || [ "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi

trap stop_emulator EXIT
use_emulator "${2:-}"

export PACKAGE_TARBALL=$tarball
node --test --test-reporter=spec --test-concurrency=1 "$here"/*.test.mjs
