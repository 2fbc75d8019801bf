#!/usr/bin/env bash
# Installs the packed nexus-sequences tarball into tests/node (never saved into package.json, so the
# suites always test the tarball just built) and runs every node:test suite.
# Usage: tests/node/run.sh dist/nexus-sequences-<version>.tgz
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../../scripts/lib.sh" # require_tarball
tarball=$(require_tarball "${1:-}")

cd "$here"
npm install --no-save --no-audit --no-fund --no-package-lock "$tarball"
# Each file starts its own emulator; two files at a time keeps a 2-core machine busy but not swamped.
exec node --test --test-reporter=spec --test-concurrency=2 ./*.test.mjs
