# Shared by the project's scripts: paths, tool PATH, and running a private emulator.
# Sourced, not executed.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
# npm's binaryen (wasm-opt 132) must win over anything else on PATH.
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"

step() { printf '\n==> %s\n' "$*"; }

# start_emulator ARGS... : starts the release emulator on a free loopback port and sets
# EMULATOR_URL and EMULATOR_PID; it is stopped when the calling script exits.
start_emulator() {
  local log
  log=$(mktemp -t nexus-emulator.XXXXXX)
  "$TARGET_DIR/release/nexus-emulator" serve --addr 127.0.0.1:0 "$@" >"$log" 2>"$log.err" &
  EMULATOR_PID=$!
  trap 'kill "$EMULATOR_PID" 2>/dev/null || true' EXIT
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
