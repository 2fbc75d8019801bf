# Shared by the project's scripts: paths, tool PATH, and running a private emulator.
# Sourced, not executed.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
# npm's binaryen (wasm-opt 132) must win over anything else on PATH.
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"

step() { printf '\n==> %s\n' "$*"; }

# require_tarball ARG : prints the absolute path of the npm tarball a script was given, or
# fails with a usage line.
require_tarball() {
  if [ -z "${1:-}" ] || [ ! -f "$1" ]; then
    echo "usage: $0 <nexus-sequences tarball> ..." >&2
    return 2
  fi
  realpath "$1"
}

# start_emulator ARGS... : starts the emulator $EMULATOR_BIN (default: the release build; a
# launcher works too) on a free loopback port and sets EMULATOR_URL, EMULATOR_PID and
# EMULATOR_STDOUT. The caller stops it with stop_emulator (typically from its EXIT trap; this
# library sets no trap, so it never replaces the caller's).
start_emulator() {
  local log
  log=$(mktemp -t nexus-emulator.XXXXXX)
  "${EMULATOR_BIN:-$TARGET_DIR/release/nexus-emulator}" serve --addr 127.0.0.1:0 "$@" >"$log" 2>"$log.err" &
  EMULATOR_PID=$!
  for _ in $(seq 1 100); do
    EMULATOR_URL=$(sed -n '1s/^listening on //p' "$log")
    [ -n "$EMULATOR_URL" ] && break
    kill -0 "$EMULATOR_PID" 2>/dev/null || { cat "$log.err" >&2; echo "emulator failed to start" >&2; return 1; }
    sleep 0.1
  done
  [ -n "$EMULATOR_URL" ] || { echo "emulator did not report its address" >&2; return 1; }
  EMULATOR_STDOUT=$log
  export EMULATOR_URL
}

# use_emulator [URL] : exports NEXUS_EMULATOR_URL: URL when given, else that of a private
# in-memory emulator started here (the release build, built when missing), which the caller
# stops with stop_emulator.
use_emulator() {
  if [ -n "${1:-}" ]; then
    export NEXUS_EMULATOR_URL=$1
    return
  fi
  [ -x "$TARGET_DIR/release/nexus-emulator" ] || (cd "$ROOT" && cargo build --release -p nexus-emulator)
  start_emulator --db :memory:
  export NEXUS_EMULATOR_URL=$EMULATOR_URL
}

# stop_emulator : stops the emulator start_emulator started, if any.
stop_emulator() {
  if [ -n "${EMULATOR_PID:-}" ]; then kill "$EMULATOR_PID" 2>/dev/null || true; fi
}

# wait_for_demo_seed : after `start_emulator ... --seed demo`, waits for the demo's key and project
# lines that follow the address line (seeding is quick).
wait_for_demo_seed() {
  for _ in $(seq 1 50); do grep -q '^secret key:' "$EMULATOR_STDOUT" && return 0; sleep 0.1; done
  echo "the emulator did not report the demo project" >&2
  return 1
}

# install_dashboard TARBALLS... : installs examples/dashboard's pinned tools (its lock file) and the
# tarballs (the SDK, the emulator's packages), as a user's app installs them. One command, since
# a later `npm install` would prune what an earlier --no-save one added. --no-save: neither
# package.json nor the tracked lock file is rewritten.
install_dashboard() {
  (cd "$ROOT/examples/dashboard" && npm install --no-save --no-audit --no-fund --loglevel=error "$@")
}

# setup_and_build_packages : what the demo scripts start with: sets the machine up
# (scripts/setup.sh) and builds the npm packages; sets `tarball` (the SDK's) and
# `emulator_tarballs` (the emulator's launcher and platform package). Run from $ROOT.
setup_and_build_packages() {
  step "setup"
  bash scripts/setup.sh
  step "build the npm packages (SDK, emulator)"
  tarball=$(bash scripts/build-package.sh | tail -n 1)
  mapfile -t emulator_tarballs < <(bash scripts/build-emulator-packages.sh)
}

# run_node_bench DIR TARBALL [NPM_SPEC...] : installs TARBALL into DIR (never saved), with any
# further npm specs (in the same install, which would otherwise prune them), builds the emulator's
# npm packages (a release build, skipped by cargo when up to date) and installs them into
# tests/node, where the shared helper tests/node/support/emulator.mjs imports them, then runs
# DIR/run.mjs.
run_node_bench() {
  local dir=$1 tarball emulator_tarballs
  tarball=$(require_tarball "${2:-}") || return 2
  shift 2
  mapfile -t emulator_tarballs < <(cd "$ROOT" && bash scripts/build-emulator-packages.sh)
  (cd "$ROOT/tests/node" &&
    npm install --no-save --no-audit --no-fund --no-package-lock --loglevel=error "${emulator_tarballs[@]}")
  cd "$dir"
  npm install --no-save --no-audit --no-fund --no-package-lock --loglevel=error "$tarball" "$@"
  node run.mjs
}
