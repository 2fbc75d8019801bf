#!/usr/bin/env bash
# Builds the emulator's npm packages into dist/, next to the SDK's tarball:
#   nexus-emulator-<version>.tgz             the launcher: `npx nexus-emulator`, the test API
#   nexus-emulator-<platform>-<version>.tgz  the binary of this machine's platform, e.g.
#                                            linux-x64: static (crt-static), SQLite bundled
# Only this machine's platform is built (run and tested: linux-x64); the release matrix of
# emulator/npm/RELEASE.md runs this script once per platform. The launcher lists as optional
# dependencies only the platform packages built here, at the same version.
# Progress goes to stderr; stdout has the two tarballs' absolute paths, launcher first.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

say() { printf '[build-emulator-packages] %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

NPM_SRC=emulator/npm
OUT=dist/emulator-packages
platform=$(node -p 'process.platform + "-" + process.arch')
node -e 'process.exit(require(process.argv[1]).platforms[process.argv[2]] ? 0 : 1)' \
  "$ROOT/$NPM_SRC/platforms.json" "$platform" || die "$platform is not in $NPM_SRC/platforms.json"

version=$(awk '/^\[package\]/ { p = 1; next } /^\[/ { p = 0 }
               p && /^version *=/ { gsub(/^[^"]*"|".*$/, ""); print; exit }' emulator/Cargo.toml)
[ -n "$version" ] || die "no [package] version in emulator/Cargo.toml"

# The platform's entry of the release matrix: package name, rust target, flags, binary name.
IFS=$'\t' read -r package rust_target rustflags binary_name < <(node -e '
  const { platforms } = require(process.argv[1]);
  const p = platforms[process.argv[2]];
  console.log([p.package, p.rustTarget, p.rustflags, p.binary].join("\t"));
' "$ROOT/$NPM_SRC/platforms.json" "$platform")

# An explicit --target keeps RUSTFLAGS off build scripts and proc macros (docs/build.md, "Native binaries and other runtimes").
say "cargo build --release -p nexus-emulator --target $rust_target ($rustflags)"
RUSTFLAGS="$rustflags" cargo build --release -p nexus-emulator --target "$rust_target" >&2
binary=$TARGET_DIR/$rust_target/release/$binary_name

say "assembling $OUT"
rm -rf "$OUT"
mkdir -p "$OUT/$package/bin" "$OUT/nexus-emulator"
cp "$binary" "$OUT/$package/bin/$binary_name"
chmod 755 "$OUT/$package/bin/$binary_name"
cp -R "$NPM_SRC/launcher/." "$OUT/nexus-emulator/"
cp "$NPM_SRC/platforms.json" "$OUT/nexus-emulator/"
cp emulator/README.md "$OUT/nexus-emulator/README.md"
node -e '
  const fs = require("fs");
  const [out, platformsFile, key, version] = process.argv.slice(1);
  const p = JSON.parse(fs.readFileSync(platformsFile, "utf8")).platforms[key];
  const launcherFile = `${out}/nexus-emulator/package.json`;
  const launcher = JSON.parse(fs.readFileSync(launcherFile, "utf8"));
  launcher.version = version;
  launcher.optionalDependencies = { [p.package]: version };
  fs.writeFileSync(launcherFile, JSON.stringify(launcher, null, 2) + "\n");
  const platform = {
    name: p.package,
    version,
    description: `The nexus-emulator binary for ${key}; installed by the nexus-emulator package, not meant to be used directly.`,
    license: launcher.license,
    os: [p.os],
    cpu: [p.cpu],
    files: ["bin/"],
  };
  fs.writeFileSync(`${out}/${p.package}/package.json`, JSON.stringify(platform, null, 2) + "\n");
  fs.writeFileSync(`${out}/${p.package}/README.md`,
    `# ${p.package}\n\nThe \`nexus-emulator\` binary for ${key} (${p.rustTarget}). Install \`nexus-emulator\`, which depends on this package on ${key}.\n`);
' "$OUT" "$NPM_SRC/platforms.json" "$platform" "$version"

tarballs=()
for dir in nexus-emulator "$package"; do
  rm -f "dist/$dir-$version.tgz"
  name=$(npm pack "./$OUT/$dir" --pack-destination dist --silent | tail -n 1)
  [ -f "dist/$name" ] || die "npm pack did not produce dist/$name"
  say "$(printf '%-40s %10d B' "$name" "$(wc -c <"dist/$name")")"
  tarballs+=("$ROOT/dist/$name")
done
printf '%s\n' "${tarballs[@]}"
