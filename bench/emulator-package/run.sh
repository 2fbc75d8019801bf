#!/usr/bin/env bash
# Figures of the emulator's npm packages: the size of each tarball, the time from `npm install`
# of the tarballs (into an empty project, offline) to the first answered request, and the
# start-to-ready time of NexusEmulator.start() beside the bare binary's (median of 20 each).
# Usage: bench/emulator-package/run.sh SDK_TGZ [NEXUS_EMULATOR_TGZ PLATFORM_TGZ]
# Without the emulator tarballs it builds them (scripts/build-emulator-packages.sh).
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib.sh"
sdk=$(require_tarball "${1:-}")
if [ $# -ge 3 ]; then
  emulator_tarballs=("$(require_tarball "$2")" "$(require_tarball "$3")")
else
  mapfile -t emulator_tarballs < <(bash "$ROOT/scripts/build-emulator-packages.sh")
fi
work=$(mktemp -d -t nexus-emulator-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
cp "$(dirname "$0")/run.mjs" "$work/"
cd "$work"
npm_config_update_notifier=false node run.mjs "${emulator_tarballs[@]}" "$sdk"
