// Prints the TypeScript declarations that tsify generated from the Rust types (the interfaces
// and type aliases in wasm-bindgen's .d.ts), sorted by name, as the package's types.d.ts.
// Usage: node scripts/extract-types.mjs dist/wasm-pack/web/nexus_sequences.d.ts
import { readFileSync } from "node:fs";
import ts from "typescript";

const [source] = process.argv.slice(2);
if (!source) {
  console.error("usage: node scripts/extract-types.mjs <wasm-bindgen .d.ts>");
  process.exit(2);
}
const file = ts.createSourceFile(source, readFileSync(source, "utf8"), ts.ScriptTarget.Latest, true);
const declarations = file.statements
  .filter((node) => ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node))
  .sort((a, b) => a.name.text.localeCompare(b.name.text));
if (declarations.length === 0) {
  console.error(`${source}: no generated declarations found`);
  process.exit(1);
}
process.stdout.write(
  "// Generated from the Rust types (serde + tsify) by scripts/build-package.sh; do not edit.\n\n" +
    declarations.map((node) => node.getFullText(file).trim()).join("\n\n") +
    "\n",
);
