#!/usr/bin/env bash
# Sets up a fresh machine (idempotently) and runs every test of the project:
# formatting and lints, the emulator's and the SDK's native tests, the SDK's wasm tests
# in Node and in headless Chromium, the npm package's type check, packaging smoke tests,
# the emulator's npm packages in a project without Rust, node:test suites and the dashboard
# example's end-to-end tests, all against a real emulator (the static binary of the emulator's
# npm package: one release build serves every stage); and that the run left the git tree as it was.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

step "setup"
bash scripts/setup.sh

# What the tree looks like before the run (a developer's uncommitted work included): the run
# must leave it exactly so, tracked lock files included.
tree_state() { { git status --porcelain=v1 --untracked-files=all; git diff HEAD; } | sha256sum; }
tree_before=$(tree_state)

passed=0
stage_done() { passed=$((passed + 1)); printf '[ok] %s\n' "$1"; }

# wasm-pack can exit 0 having run nothing (docs/build.md, trap 2): require "N passed" with N > 0.
require_tests_ran() {
  local log=$1 what=$2
  if ! grep -Eq 'test result: ok\. [1-9][0-9]* passed' "$log"; then
    echo "$what: no test ran" >&2
    return 1
  fi
}

step "format and lints"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets -- -D warnings
cargo clippy -p nexus-sequences --target wasm32-unknown-unknown --all-targets -- -D warnings
stage_done "fmt + clippy"

step "native tests (emulator, SDK logic)"
cargo test --workspace
stage_done "cargo test"

step "emulator npm packages (static linux-x64 binary, launcher and test API)"
mapfile -t emulator_tarballs < <(bash scripts/build-emulator-packages.sh)
EMULATOR_BIN=$TARGET_DIR/x86_64-unknown-linux-gnu/release/nexus-emulator
trap stop_emulator EXIT
start_emulator --db :memory:
echo "emulator at $EMULATOR_URL"

step "SDK wasm tests in Node"
log=$(mktemp)
NEXUS_EMULATOR_URL=$EMULATOR_URL wasm-pack test --node --mode no-install 2>&1 | tee "$log"
require_tests_ran "$log" "wasm-pack test --node"
stage_done "wasm tests (node)"

step "SDK wasm tests in headless Chromium"
NEXUS_EMULATOR_URL=$EMULATOR_URL WASM_BINDGEN_USE_BROWSER=1 \
  wasm-pack test --headless --chrome --chromedriver "$(command -v chromedriver)" --mode no-install 2>&1 | tee "$log"
require_tests_ran "$log" "wasm-pack test --chrome"
stage_done "wasm tests (chromium)"

step "npm package"
tarball=$(bash scripts/build-package.sh | tail -n 1)
echo "package: $tarball"

step "TypeScript declarations (tsc, one run per project setup in tests/types)"
for config in tests/types/tsconfig*.json; do
  [ "$(basename "$config")" = tsconfig.base.json ] && continue
  echo "tsc -p $config"
  tsc --noEmit -p "$config"
done
stage_done "tsc"

step "package smoke tests (require, import, browser, bundler)"
bash tests/package/run.sh "$tarball" "$EMULATOR_URL"
stage_done "package smoke tests"

step "the package in Cloudflare Workers (workerd), Deno and Bun"
bash tests/runtimes/run.sh "$tarball" "$EMULATOR_URL"
stage_done "runtimes"

step "emulator packages in a scratch project without Rust (launcher, test API, static binary)"
bash tests/emulator-package/run.sh "${emulator_tarballs[@]}" "$tarball"
stage_done "emulator packages"

step "node:test suites against the installed package"
bash tests/node/run.sh "$tarball" "${emulator_tarballs[@]}"
stage_done "node suites"

step "dashboard end-to-end in headless Chromium (examples/dashboard)"
bash examples/dashboard/e2e/run.sh "$tarball" "${emulator_tarballs[@]}"
stage_done "dashboard e2e"

step "the run left the git tree as it found it"
if [ "$(tree_state)" != "$tree_before" ]; then
  git status --short
  echo "the test run changed the git tree (above)" >&2
  exit 1
fi
stage_done "git tree unchanged"

printf '\nstages: %d passed, 0 failed\n' "$passed"
