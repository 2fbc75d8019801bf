#!/usr/bin/env bash
# Sets up a fresh machine (idempotently), starts the emulator (through its npm launcher) with the
# demo project on a fresh database, and runs examples/quickstart.mjs against it with the built
# npm package.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

setup_and_build_packages
(cd examples && npm install --no-save --no-audit --no-fund --loglevel=error "$tarball" "${emulator_tarballs[@]}")
EMULATOR_BIN=$ROOT/examples/node_modules/.bin/nexus-emulator

step "start the emulator with the demo project"
db_dir=$(mktemp -d)
trap 'stop_emulator; rm -rf "$db_dir"' EXIT
start_emulator --db "$db_dir/demo.db" --seed demo
wait_for_demo_seed
cat "$EMULATOR_STDOUT"

step "examples/quickstart.mjs"
NEXUS_ENDPOINT=$EMULATOR_URL node examples/quickstart.mjs
