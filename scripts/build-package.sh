#!/usr/bin/env bash
# Builds the npm package `nexus-sequences`: the wasm twice (Node's CommonJS target and the
# browser's ES module target), the wrappers of pkg-template/ around them, then `npm pack`.
#   dist/wasm-pack/{nodejs,web}   wasm-pack outputs
#   dist/package/                 the package as published
#   dist/nexus-sequences-<version>.tgz
# Progress and sizes go to stderr; the tarball's absolute path is the only line on stdout.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

say() { printf '[build-package] %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

TEMPLATE=pkg-template
DIST=dist
PKG=$DIST/package
WASM_OUT=$DIST/wasm-pack
NAME=nexus_sequences

version=$(awk '/^\[package\]/ { p = 1; next } /^\[/ { p = 0 }
               p && /^version *=/ { gsub(/^[^"]*"|".*$/, ""); print; exit }' Cargo.toml)
[ -n "$version" ] || die "no [package] version in Cargo.toml"

# Debian's wasm-opt (binaryen 108) breaks wasm-bindgen output silently (docs/build.md, trap 1).
wasm_opt_version=$(wasm-opt --version 2>/dev/null || true)
case "$wasm_opt_version" in
  *"version 132"*) ;;
  *) die "need npm's wasm-opt 132 first on PATH (run scripts/setup.sh); found: '${wasm_opt_version:-none}'" ;;
esac
command -v wasm-pack >/dev/null || die "wasm-pack missing (run scripts/setup.sh)"
command -v esbuild >/dev/null || die "esbuild missing (run scripts/setup.sh)"

# Rebuild the wasm only when its inputs (the SDK and the nexus-wire crate it is built from) or
# the tools changed: wasm-bindgen and wasm-opt take seconds even when cargo has nothing to do.
inputs_hash() {
  {
    find src wire -type f | LC_ALL=C sort
    find src wire -type f | LC_ALL=C sort | xargs cat
    cat Cargo.toml Cargo.lock "${BASH_SOURCE[0]}"
    wasm-pack --version
    wasm-bindgen --version 2>/dev/null || true
    echo "$wasm_opt_version"
  } | sha256sum | cut -d' ' -f1
}
stamp=$WASM_OUT/.inputs-hash
hash=$(inputs_hash)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$hash" ] &&
  [ -f "$WASM_OUT/nodejs/${NAME}_bg.wasm" ] && [ -f "$WASM_OUT/web/${NAME}_bg.wasm" ]; then
  say "wasm unchanged since the last build"
else
  rm -f "$stamp"
  # Cargo.toml's size-tuned profile (opt-level z, fat LTO, one codegen unit) when it has one:
  # lto and codegen-units cannot be set per package, and the emulator wants speed.
  profile=(--release)
  if grep -q '^\[profile\.wasm-release\]' Cargo.toml; then profile=(--profile wasm-release); fi
  for target in nodejs web; do
    say "wasm-pack build --target $target"
    # wasm-pack writes its own progress to stderr; keep stdout for the tarball path.
    wasm-pack build "${profile[@]}" --mode no-install --no-pack --target "$target" \
      --out-dir "$WASM_OUT/$target" --out-name "$NAME" . >&2
  done
  # Sources edited mid-build could leave the two targets built from different code: then
  # leave no stamp, so that the next run rebuilds both.
  if [ "$(inputs_hash)" = "$hash" ]; then
    echo "$hash" >"$stamp"
  else
    say "WARNING: sources changed during the build; run again for a consistent package"
  fi
fi

# esm_to_cjs SRC DEST: the CommonJS twin of a shared module (pkg-template/shared completed with
# the generated names), which holds only `export class|const|function NAME` declarations and no
# imports (checked here).
esm_to_cjs() {
  local src=$1 dest=$2 names
  if grep -Eq '^\s*import\b|^\s*export\s+(default|\{|\*|let|var|async)' "$src"; then
    die "$src: only 'export class|const|function NAME' is supported"
  fi
  names=$(grep -oE '^export (class|const|function) [A-Za-z_$][A-Za-z0-9_$]*' "$src" |
    awk '{ print $3 }' | paste -sd, - | sed 's/,/, /g')
  [ -n "$names" ] || die "$src exports nothing"
  {
    printf '"use strict";\n// The CommonJS form of web/%s, made by scripts/build-package.sh.\n' "$(basename "$src")"
    sed -E 's/^export (class|const|function) /\1 /' "$src"
    printf '\nmodule.exports = { %s };\n' "$names"
  } >"$dest"
}

say "assembling $PKG"
rm -rf "$PKG"
mkdir -p "$PKG/node" "$PKG/web"
# The enum objects and error classes, and their declarations, are generated from the nexus-wire
# definitions (the nexus-wire-js generator), so the package holds no copy of a wire name.
wire_names() { cargo run -q --locked -p nexus-wire --features js --bin nexus-wire-js -- "$1"; }
SHARED=$DIST/shared
rm -rf "$SHARED"
mkdir -p "$SHARED"
cp "$TEMPLATE"/shared/*.js "$SHARED/"
wire_names enums >"$SHARED/enums.js"
wire_names errors >>"$SHARED/errors.js"
wire_names proxy >>"$SHARED/proxy.js"
{ cat "$TEMPLATE/index.d.ts"; wire_names declarations; } >"$PKG/index.d.ts"
cp "$TEMPLATE/README.md" "$TEMPLATE/proxy.d.ts" "$PKG/"
# The declarations of every input and output shape, generated from the Rust types.
node scripts/extract-types.mjs "$WASM_OUT/web/$NAME.d.ts" >"$PKG/types.d.ts"
cp "$TEMPLATE/node/index.cjs" "$TEMPLATE/node/index.mjs" "$PKG/node/"
cp "$TEMPLATE/web/index.js" "$TEMPLATE/web/workerd.js" "$TEMPLATE/web/package.json" "$PKG/web/"
for module in "$SHARED"/*.js; do
  base=$(basename "$module" .js)
  cp "$module" "$PKG/web/$base.js"
  esm_to_cjs "$module" "$PKG/node/$base.cjs"
done
for pair in nodejs:node web:web; do # wasm-pack target : package folder
  cp "$WASM_OUT/${pair%:*}/$NAME.js" "$WASM_OUT/${pair%:*}/${NAME}_bg.wasm" "$PKG/${pair#*:}/"
done
# Published without comments: esbuild reprints each file as it is (module format, names and
# layout kept, so it still reads as code), leaving out the comments, which pkg-template and the
# declarations keep. 2.9 KB of the browser's 13 KB of gzipped JS were comments.
for file in "$PKG"/web/*.js "$PKG"/node/*.js "$PKG"/node/*.cjs "$PKG"/node/*.mjs; do
  esbuild "$file" --log-level=warning --allow-overwrite --outfile="$file"
done
node -e '
  const fs = require("fs");
  const [template, out, version] = process.argv.slice(1);
  const manifest = JSON.parse(fs.readFileSync(template, "utf8"));
  manifest.version = version;
  fs.writeFileSync(out, JSON.stringify(manifest, null, 2) + "\n");
' "$TEMPLATE/package.json" "$PKG/package.json" "$version"

# Fails here, not in a user's project, when the wrappers and the wasm exports disagree.
node -e '
  const pkg = require(process.argv[1]);
  for (const name of ["Client", "Project", "Sequences", "SequenceIterator", "NotFoundError", "SequenceBulkUpdateResult"])
    if (typeof pkg[name] === "undefined") throw new Error(`the package does not export ${name}`);
  const proxy = require(process.argv[2]);
  for (const name of ["createProxyHandler", "toNodeHandler"])
    if (typeof proxy[name] !== "function") throw new Error(`nexus-sequences/proxy does not export ${name}`);
' "$ROOT/$PKG/node/index.cjs" "$ROOT/$PKG/node/proxy.cjs" || die "the assembled package does not load in Node"

say "npm pack"
rm -f "$DIST/nexus-sequences-$version.tgz"
tarball_name=$(npm pack "./$PKG" --pack-destination "$DIST" --silent | tail -n 1)
tarball=$ROOT/$DIST/$tarball_name
[ -f "$tarball" ] || die "npm pack did not produce $tarball"

# Sizes: the budget is the browser's wasm plus its JS under 120 KB gzipped (bench/README.md,
# "Size", says where the bytes go and why the build is over it).
gz_size() { gzip -9c "$@" | wc -c; }
raw_size() { cat "$@" | wc -c; }
report() { # LABEL FILES...
  local label=$1
  shift
  printf '[build-package] %-28s %8d B raw %8d B gzipped\n' "$label" "$(raw_size "$@")" "$(gz_size "$@")" >&2
}
report "wasm (web)" "$PKG/web/${NAME}_bg.wasm"
report "wasm (node)" "$PKG/node/${NAME}_bg.wasm"
# What a browser loads: web/ but for the Workers entry and the proxy (a server's module).
browser_js=()
for file in "$PKG"/web/*.js; do
  case "$(basename "$file")" in workerd.js | proxy.js) ;; *) browser_js+=("$file") ;; esac
done
report "JS, web entry + glue" "${browser_js[@]}"
report "JS, node entry + glue" "$PKG"/node/*.js "$PKG"/node/*.cjs "$PKG"/node/*.mjs
browser_total=$(($(gz_size "$PKG/web/${NAME}_bg.wasm") + $(gz_size "${browser_js[@]}")))
say "$(printf '%-28s %8d B' tarball "$(raw_size "$tarball")")"
size_budget=122880
if [ "$browser_total" -gt "$size_budget" ]; then
  say "WARNING: browser wasm + JS is $browser_total B gzipped, over the 120 KB budget ($size_budget B)"
else
  say "browser wasm + JS: $browser_total B gzipped (budget $size_budget)"
fi

echo "$tarball"
