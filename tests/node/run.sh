#!/usr/bin/env bash
# Installs the packed nexus-sequences tarball into tests/node (never saved into package.json, so the
# suites always test the tarball just built) and runs every node:test suite.
# Usage: tests/node/run.sh dist/nexus-sequences-<version>.tgz
set -euo pipefail

if [[ $# -ne 1 || ! -f "$1" ]]; then
  echo "usage: $0 <nexus-sequences tarball>" >&2
  exit 2
fi
tarball="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
here="$(cd "$(dirname "$0")" && pwd)"

cd "$here"
npm install --no-save --no-audit --no-fund --no-package-lock "$tarball"
# Each file starts its own emulator; two files at a time keeps a 2-core machine busy but not swamped.
exec node --test --test-reporter=spec --test-concurrency=2 ./*.test.mjs
