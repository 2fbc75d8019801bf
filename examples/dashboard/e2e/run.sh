#!/usr/bin/env bash
# End-to-end tests of the dashboard example: installs its pinned tools and the package tarball,
# type-checks and builds it, starts a fresh emulator with the demo project and runs e2e/*.test.mjs
# in headless Chromium. DASHBOARD_SCREENSHOT=FILE also saves the screenshot the run takes.
# Usage: examples/dashboard/e2e/run.sh TARBALL
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
source "$here/../../scripts/lib.sh" # install_dashboard, start_emulator, wait_for_demo_seed
tarball=$(require_tarball "${1:-}")

install_dashboard "$tarball"
(cd "$here" && npm run --silent build -- --logLevel warn)

trap stop_emulator EXIT
start_emulator --db :memory: --seed demo
wait_for_demo_seed
export NEXUS_EMULATOR_URL=$EMULATOR_URL

cd "$here"
node --test --test-concurrency=1 --test-reporter=spec e2e/*.test.mjs
