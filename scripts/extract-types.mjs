// Prints the TypeScript declarations generated from the Rust code, sorted by name, as the
// package's types.d.ts: the interfaces and type aliases tsify derived from the serde types, and
// the classes and functions wasm-bindgen declared from the exports (typed by their
// `unchecked_param_type` / `unchecked_return_type` attributes).
// Usage: node scripts/extract-types.mjs dist/wasm-pack/web/nexus_sequences.d.ts
import { readFileSync } from "node:fs";
import ts from "typescript";

// Exports of the raw wasm-bindgen module that the package does not expose: the entries load the
// module themselves and register the error classes once. The loader's types name DOM and
// WebAssembly types (RequestInfo, BufferSource, WebAssembly.Module) that a Node-only project's
// `lib` lacks, so they stay out too.
const internal = new Set([
  "registerErrorClasses",
  "initSync",
  "__wbg_init",
  "InitInput",
  "InitOutput",
  "SyncInitInput",
]);
// wasm-bindgen declares `[Symbol.dispose]()` on every class; the name needs TypeScript's
// esnext.disposable lib, which a user's project may not have. `free()` does the same job.
const disposeMember = /^\s*\[Symbol\.dispose\]\(\): void;\n/m;

const [source] = process.argv.slice(2);
if (!source) {
  console.error("usage: node scripts/extract-types.mjs <wasm-bindgen .d.ts>");
  process.exit(2);
}
const file = ts.createSourceFile(source, readFileSync(source, "utf8"), ts.ScriptTarget.Latest, true);
const exported = (node) => node.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
const declarations = file.statements
  .filter(
    (node) =>
      (ts.isInterfaceDeclaration(node) ||
        ts.isTypeAliasDeclaration(node) ||
        ((ts.isClassDeclaration(node) || ts.isFunctionDeclaration(node)) && exported(node))) &&
      node.name &&
      !internal.has(node.name.text),
  )
  .sort((a, b) => a.name.text.localeCompare(b.name.text));
if (!declarations.some(ts.isClassDeclaration) || !declarations.some(ts.isInterfaceDeclaration)) {
  console.error(`${source}: no generated classes or shapes found`);
  process.exit(1);
}
// An optional property also takes `undefined` (the SDK reads an `undefined` option as absent),
// so `{ signal: maybeSignal }` compiles under `exactOptionalPropertyTypes` too.
const withUndefined = (node) => {
  const start = node.getFullStart();
  let declaration = node.getFullText(file);
  const members = ts.isInterfaceDeclaration(node) ? node.members : [];
  const edits = members
    .filter((m) => ts.isPropertySignature(m) && m.questionToken && m.type)
    .filter((m) => !m.type.getText(file).split("|").some((part) => part.trim() === "undefined"))
    .map((m) => [m.type.getStart(file) - start, m.type.end - start, ts.isFunctionTypeNode(m.type)])
    .reverse();
  for (const [from, to, parenthesise] of edits) {
    const type = declaration.slice(from, to);
    declaration = declaration.slice(0, from) + (parenthesise ? `(${type})` : type) + " | undefined" + declaration.slice(to);
  }
  return declaration;
};
const text = (node) => {
  let declaration = withUndefined(node).trim();
  while (disposeMember.test(declaration)) declaration = declaration.replace(disposeMember, "");
  return declaration;
};
process.stdout.write(
  "// Generated from the Rust code (serde + tsify, wasm-bindgen) by scripts/build-package.sh; do not edit.\n" +
    "// The bulk-action union, the hooks and `lastResponse` are written by hand in index.d.ts (see there why).\n" +
    'import type { NexusHooks, SequenceBulkUpdateAction, WithLastResponse } from "./index.js";\n\n' +
    declarations.map(text).join("\n\n") +
    "\n",
);
