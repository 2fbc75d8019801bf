#!/usr/bin/env bash
# Size report of the browser build's wasm: by crate and by top function (twiggy), for this
# checkout and, with `--base REV`, for another revision side by side.
#   bash bench/size/run.sh                 # this checkout
#   bash bench/size/run.sh --base e74f7d3  # and that revision, built in a temporary worktree
# The wasm is built as scripts/build-package.sh builds it (profile wasm-release, wasm-bindgen
# --target web, wasm-opt -O), only keeping function names (`wasm-opt -g`) so that twiggy can
# name them; the size printed is without the name section, which is what the package ships.
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib.sh"
cd "$ROOT"

TWIGGY_VERSION=0.8.0
TOOLS=$TARGET_DIR/tools
export PATH="$TOOLS/bin:$PATH"
say() { printf '[size] %s\n' "$*" >&2; }
# The wasm features wasm-pack enables when it runs wasm-opt.
WASM_FEATURES=(--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
  --enable-reference-types --enable-multivalue --enable-mutable-globals)

if [ "$(twiggy --version 2>/dev/null || true)" != "twiggy-opt $TWIGGY_VERSION" ]; then
  say "installing twiggy $TWIGGY_VERSION into $TOOLS"
  cargo install --quiet --locked twiggy --version "$TWIGGY_VERSION" --root "$TOOLS"
fi

base=
if [ "${1:-}" = "--base" ]; then
  base=${2:?usage: $0 [--base REV]}
fi

work=$(mktemp -d -t nexus-size.XXXXXX)
trap 'git -C "$ROOT" worktree remove --force "$work/base-src" 2>/dev/null || true; rm -rf "$work"' EXIT

# report LABEL SOURCE_DIR TARGET_DIR : builds SOURCE_DIR's SDK for the browser in TARGET_DIR
# (one per source: cargo names a wasm cdylib the same whatever its source) and prints its report.
report() {
  local label=$1 src=$2 target=$3 out=$work/$1
  mkdir -p "$out"
  say "building $label ($src)"
  (cd "$src" && CARGO_TARGET_DIR=$target cargo build --quiet --profile wasm-release \
    --target wasm32-unknown-unknown -p nexus-sequences)
  wasm-bindgen --target web --out-dir "$out" \
    "$target/wasm32-unknown-unknown/wasm-release/nexus_sequences.wasm"
  # wasm-pack's wasm-opt call, with the names kept (-g) for twiggy, and without.
  wasm-opt -O -g "${WASM_FEATURES[@]}" "$out/nexus_sequences_bg.wasm" -o "$out/named.wasm"
  wasm-opt -O --strip-debug "${WASM_FEATURES[@]}" "$out/nexus_sequences_bg.wasm" -o "$out/shipped.wasm"
  twiggy top -n 100000 -f json "$out/named.wasm" >"$out/twiggy.json"
  echo "== $label: $(git -C "$src" log -1 --format='%h %s' | cut -c1-80)$(git -C "$src" diff --quiet HEAD || echo ' (with uncommitted changes)')"
  echo "shipped wasm: $(stat -c %s "$out/shipped.wasm") B, gzip -9 $(gzip -9c "$out/shipped.wasm" | wc -c) B;" \
    "JS glue gzip -9 $(gzip -9c "$out/nexus_sequences.js" | wc -c) B"
  node "$ROOT/bench/size/report.mjs" "$out/twiggy.json" "${SIZE_TOP:-25}"
  echo
}

if [ -n "$base" ]; then
  git worktree add --quiet --detach "$work/base-src" "$base"
  report base "$work/base-src" "$TARGET_DIR/size-base"
fi
report current "$ROOT" "$TARGET_DIR"
if [ -n "$base" ]; then
  echo "== twiggy diff, base -> current (largest changes)"
  twiggy diff -n "${SIZE_TOP:-25}" "$work/base/named.wasm" "$work/current/named.wasm" |
    sed -E 's/::h[0-9a-f]{16}//; s/\[[0-9a-f]{16}\]//g' | cut -c1-160
fi
