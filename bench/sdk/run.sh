#!/usr/bin/env bash
# SDK benchmark: installs the packed nexus-sequences tarball into bench/sdk and runs run.mjs, which
# starts one release emulator (the shared tests/node/support/emulator.mjs helper) and measures.
# Usage: bench/sdk/run.sh dist/nexus-sequences-<version>.tgz
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib.sh"
run_node_bench "$ROOT/bench/sdk" "${1:-}"
