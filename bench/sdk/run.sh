#!/usr/bin/env bash
# SDK benchmark: installs the packed nexus-sequences tarball into bench/sdk and runs run.mjs, which
# starts one release emulator (the shared tests/node/support/emulator.mjs helper) and measures.
# Usage: bench/sdk/run.sh dist/nexus-sequences-<version>.tgz [BASELINE_TARBALL]
# With a baseline tarball (another build of the package), its list() and iterate() walk beside
# this one's in the same rounds, installed as `nexus-sequences-base`.
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib.sh"
if [ -n "${2:-}" ]; then
  baseline=$(require_tarball "$2")
  export BENCH_BASELINE=nexus-sequences-base
  run_node_bench "$ROOT/bench/sdk" "${1:-}" "$BENCH_BASELINE@file:$baseline"
else
  run_node_bench "$ROOT/bench/sdk" "${1:-}"
fi
