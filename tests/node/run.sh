#!/usr/bin/env bash
# Installs the packed nexus-sequences tarball and the emulator's packages into tests/node (never
# saved into package.json, so the suites always test the tarballs just built) and runs every
# node:test suite; each file starts its own emulator through the nexus-emulator package's API.
# Usage: tests/node/run.sh dist/nexus-sequences-<version>.tgz NEXUS_EMULATOR_TGZ PLATFORM_TGZ
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../../scripts/lib.sh" # require_tarball
tarball=$(require_tarball "${1:-}")
launcher=$(require_tarball "${2:-}")
platform=$(require_tarball "${3:-}")

cd "$here"
npm install --no-save --no-audit --no-fund --no-package-lock "$tarball" "$launcher" "$platform"
# Two files at a time keeps a 2-core machine busy but not swamped.
exec node --test --test-reporter=spec --test-concurrency=2 ./*.test.mjs
