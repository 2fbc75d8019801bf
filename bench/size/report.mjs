// Prints where the bytes of the browser wasm go: by crate and by top function, from
// `twiggy top -f json` of a build that kept its function names (bench/size/run.sh makes it).
// Usage: node report.mjs <twiggy.json> [top N]
import { readFileSync } from "node:fs";

const [file, topArg] = process.argv.slice(2);
const top = Number(topArg ?? 30);
const parsed = JSON.parse(readFileSync(file, "utf8"));
const items = (parsed.items ?? parsed).filter((item) => !item.name.includes("function names"));
const total = items.reduce((sum, item) => sum + item.shallow_size, 0);

/** The crate a (demangled) item name belongs to: the type's crate for `<T as Trait>::f`. */
function crateOf(name) {
  if (name.startsWith("data segment")) return "(data segments: strings, tables)";
  if (/ shim\b/.test(name)) return "(wasm-bindgen export shims, with the SDK code inlined into them)";
  let path = name.replace(/^<+/, "").replace(/^(&mut |&|\*const |\*mut )/, "");
  if (/^(f32|f64|u8|u16|u32|u64|usize|i8|i16|i32|i64|isize|bool|char|str|\[)/.test(path)) return "core";
  const match = /^([A-Za-z_][A-Za-z0-9_]*)(\[[0-9a-f]+\])?::/.exec(path);
  if (!match) return "(other: compiler builtins, imports, tables)";
  return match[1];
}

const byCrate = new Map();
for (const item of items) {
  const crate = crateOf(item.name);
  byCrate.set(crate, (byCrate.get(crate) ?? 0) + item.shallow_size);
}
const pct = (bytes) => ((100 * bytes) / total).toFixed(1).padStart(5) + "%";
console.log(`wasm without its name section: ${total} B\n`);
console.log("by crate (the crate of the item's type; LTO inlines callees into their callers)");
for (const [crate, bytes] of [...byCrate].sort((a, b) => b[1] - a[1])) {
  console.log(`${String(bytes).padStart(8)} B ${pct(bytes)}  ${crate}`);
}
console.log(`\ntop ${top} items`);
for (const item of items.slice().sort((a, b) => b.shallow_size - a.shallow_size).slice(0, top)) {
  const name = item.name.replace(/::h[0-9a-f]{16}$/, "").replace(/\[[0-9a-f]{16}\]/g, "");
  console.log(`${String(item.shallow_size).padStart(8)} B ${pct(item.shallow_size)}  ${name.slice(0, 140)}`);
}
