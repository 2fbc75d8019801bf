#!/usr/bin/env bash
# Soak: about 1,000 mixed SDK operations against the release emulator with ~20% of requests
# faulted, each checked against an exact model; prints lost / applied twice / failed for good /
# misreported (all must be 0) and exits 1 otherwise. Not part of CI.
# Usage: bench/soak/run.sh dist/nexus-sequences-<version>.tgz   (SOAK_OPS, SOAK_SEED optional)
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib.sh"
run_node_bench "$ROOT/bench/soak" "${1:-}"
