#!/usr/bin/env bash
# Sets up a fresh machine (idempotently), builds the npm packages (the SDK and the emulator's),
# starts the emulator through its npm launcher with the demo project on a fresh database (plus
# 244 generated sequences, so that the table has pages to turn), builds the dashboard example
# (examples/dashboard) against it and serves it on loopback, with the demo key in the
# dashboard's server (its proxy at /api/nexus) and none in the page. Prints
# `dashboard: http://127.0.0.1:<port>/`. Ctrl-C, or a SIGTERM/SIGHUP to this script, stops the
# dashboard's server and the emulator.
# PORT=N serves the dashboard on port N (default: a free port).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

setup_and_build_packages
install_dashboard "$tarball" "${emulator_tarballs[@]}"

# Everything started below is stopped on exit, whatever the reason. A trapped signal interrupts
# `wait`, so the trap runs at once instead of after the foreground child.
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

step "start the emulator with the demo project (nexus-emulator serve --seed demo)"
# The launcher itself rather than `npx`, so that the signal goes straight to it. Its request log
# goes to a file, not between the dashboard's lines.
examples/dashboard/node_modules/.bin/nexus-emulator serve --addr 127.0.0.1:0 --db "$work/demo.db" \
  --seed demo >"$work/emulator.out" 2>"$work/emulator.log" &
pids+=($!)
for _ in $(seq 1 200); do grep -q '^secret key:' "$work/emulator.out" && break; sleep 0.1; done
grep -q '^secret key:' "$work/emulator.out" || { cat "$work/emulator.log" >&2; echo "the emulator did not start" >&2; exit 1; }
cat "$work/emulator.out"
endpoint=$(sed -n 's/^endpoint: //p' "$work/emulator.out")
project=$(sed -n 's/^project: //p' "$work/emulator.out")
secret_key=$(sed -n 's/^secret key: //p' "$work/emulator.out")
node -e '
  const [url, body] = process.argv.slice(1);
  fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body }).then((response) => {
    if (response.status !== 201) throw new Error(`seeding sequences: HTTP ${response.status}`);
  });
' "$endpoint/_emulator/projects/$project/sequences" '{"count": 244, "itemsPerSequence": 3, "namePrefix": "Study "}'
echo "seeded 244 more sequences (Study 0 .. Study 243)"

step "build the dashboard"
# Only what the page may know: the endpoint (for the connect form's key mode) and the project.
(cd examples/dashboard && VITE_NEXUS_ENDPOINT=$endpoint VITE_NEXUS_PROJECT_ID=$project \
  npm run --silent build -- --logLevel warn)

step "serve the dashboard (Ctrl-C stops it and the emulator)"
echo "the page connects through the dashboard's server (/api/nexus), which holds the key; the"
echo "connect form's other mode takes the key above, typed into the page, for local use only"
# The key goes to the server's environment only: nexus-proxy.ts reads it, the page never does.
NEXUS_SECRET_KEY=$secret_key NEXUS_ENDPOINT=$endpoint NEXUS_PROJECT_ID=$project \
  node examples/dashboard/serve.mjs &
pids+=($!)
wait "${pids[-1]}"
