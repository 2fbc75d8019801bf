#!/usr/bin/env bash
# Sets up a fresh machine (idempotently), starts the emulator with the demo project on a fresh
# database (plus 244 generated sequences, so that the table has pages to turn), builds the
# dashboard example (examples/dashboard) against it and serves it on loopback. Prints
# `dashboard: http://127.0.0.1:<port>/`; Ctrl-C stops the dashboard and the emulator.
# PORT=N serves the dashboard on port N (default: a free port).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

step "setup"
bash scripts/setup.sh

step "build the emulator and the npm package"
cargo build --release -p nexus-emulator
tarball=$(bash scripts/build-package.sh | tail -n 1)

step "start the emulator with the demo project"
db_dir=$(mktemp -d)
trap 'stop_emulator; wait; rm -rf "$db_dir"' EXIT
start_emulator --db "$db_dir/demo.db" --seed demo
wait_for_demo_seed
cat "$EMULATOR_STDOUT"
project=$(sed -n 's/^project: //p' "$EMULATOR_STDOUT")
node -e '
  const [url, body] = process.argv.slice(1);
  fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body }).then((response) => {
    if (response.status !== 201) throw new Error(`seeding sequences: HTTP ${response.status}`);
  });
' "$EMULATOR_URL/_emulator/projects/$project/sequences" '{"count": 244, "itemsPerSequence": 3, "namePrefix": "Study "}'
echo "seeded 244 more sequences (Study 0 .. Study 243)"

step "build the dashboard"
install_dashboard "$tarball"
(cd examples/dashboard && VITE_NEXUS_ENDPOINT=$EMULATOR_URL npm run --silent build -- --logLevel warn)

step "serve the dashboard (Ctrl-C stops it and the emulator)"
node examples/dashboard/serve.mjs
