#!/usr/bin/env bash
# SDK benchmark: installs the packed nexus-sequences tarball into bench/sdk and runs run.mjs, which
# starts one release emulator (the shared tests/node/support/emulator.mjs helper) and measures.
# Usage: bench/sdk/run.sh dist/nexus-sequences-<version>.tgz
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../../scripts/lib.sh" # require_tarball
tarball=$(require_tarball "${1:-}")
repo="$(cd "$here/../.." && pwd)"

# A debug emulator would make the server, not the SDK, the thing measured.
if [[ -z "${NEXUS_EMULATOR_BIN:-}" ]]; then
  target="${CARGO_TARGET_DIR:-$repo/target}"
  if [[ ! -x "$target/release/nexus-emulator" ]]; then
    (cd "$repo" && cargo build --release -p nexus-emulator)
  fi
  export NEXUS_EMULATOR_BIN="$target/release/nexus-emulator"
fi

cd "$here"
npm install --no-save --no-audit --no-fund --no-package-lock "$tarball"
exec node run.mjs
