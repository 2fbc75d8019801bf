#!/usr/bin/env bash
# End-to-end tests of the dashboard example: installs its pinned tools, the package tarball and the
# emulator's packages, type-checks and builds it, and runs e2e/*.test.mjs in headless Chromium;
# e2e/support.mjs starts the emulator with the demo project through the nexus-emulator package.
# DASHBOARD_SCREENSHOT=FILE also saves the screenshot the run takes.
# Usage: examples/dashboard/e2e/run.sh SDK_TARBALL NEXUS_EMULATOR_TGZ PLATFORM_TGZ
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
source "$here/../../scripts/lib.sh" # install_dashboard, require_tarball
tarball=$(require_tarball "${1:-}")
launcher=$(require_tarball "${2:-}")
platform=$(require_tarball "${3:-}")

install_dashboard "$tarball" "$launcher" "$platform"
(cd "$here" && npm run --silent build -- --logLevel warn)

cd "$here"
node --test --test-concurrency=1 --test-reporter=spec e2e/*.test.mjs
