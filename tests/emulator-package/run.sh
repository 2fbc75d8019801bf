#!/usr/bin/env bash
# Tests of the emulator's npm packages as a JavaScript user gets them: a scratch project outside
# the repository installs the three tarballs (launcher, linux-x64 binary, SDK) offline, and the
# tests here run in it with no cargo, rustc or target/ on PATH and HOME pointing at an empty
# folder: the launcher (`npx nexus-emulator`), its test API under node:test, that no emulator
# outlives its test process, the binary's static linking, and fixtures through the API.
# Usage: tests/emulator-package/run.sh LAUNCHER_TGZ PLATFORM_TGZ SDK_TGZ
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../../scripts/lib.sh" # require_tarball
launcher=$(require_tarball "${1:-}")
platform=$(require_tarball "${2:-}")
sdk=$(require_tarball "${3:-}")

work=$(mktemp -d -t nexus-emulator-package.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/project" "$work/home" "$work/bin"
# Only node and npm from this machine's tools; the system folders hold no Rust.
ln -s "$(command -v node)" "$work/bin/node"
ln -s "$(command -v npm)" "$work/bin/npm"
ln -s "$(command -v npx)" "$work/bin/npx"
clean_env=(env -i "PATH=$work/bin:/usr/bin:/bin" "HOME=$work/home" "TMPDIR=${TMPDIR:-/tmp}" npm_config_update_notifier=false)
for tool in cargo rustc rustup; do
  if "${clean_env[@]}" bash -c "command -v $tool" >/dev/null; then
    echo "$tool is reachable from the scratch project's PATH" >&2
    exit 1
  fi
done

printf '{ "name": "scratch", "private": true, "type": "module" }\n' >"$work/project/package.json"
cp "$here"/*.test.mjs "$here"/helpers.mjs "$here"/types.mts "$work/project/"
cp "$here/../../emulator/fixtures/example.json" "$work/project/fixture.json"
cp "$here/../../examples/quickstart.mjs" "$work/project/quickstart.mjs"
start=$(date +%s%N)
(cd "$work/project" && "${clean_env[@]}" npm install --offline --no-audit --no-fund --loglevel=error \
  "$launcher" "$platform" "$sdk")
echo "npm install of the three tarballs: $(( ($(date +%s%N) - start) / 1000000 )) ms"

cd "$work/project"
# The declarations, with the repository's pinned tsc (a dev tool, not something the project needs).
printf '%s\n' '{ "compilerOptions": { "strict": true, "noEmit": true, "module": "nodenext",' \
  '"moduleResolution": "nodenext", "target": "es2022", "types": [] }, "files": ["types.mts"] }' >tsconfig.json
tsc -p tsconfig.json
echo "tsc --strict: the test API's declarations compile"
"${clean_env[@]}" node --test --test-reporter=spec --test-concurrency=1 ./*.test.mjs
