#!/usr/bin/env bash
# A simulated dashboard session of a few minutes against the release emulator, printing the JS
# heap and the SDK's wasm memory over time (both after GC and finalizers). Not part of CI.
# Usage: bench/session/run.sh dist/nexus-sequences-<version>.tgz   (SESSION_MINUTES, SESSION_SEED)
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib.sh"
run_node_bench "$ROOT/bench/session" "${1:-}"
