import { defineConfig } from "vite";

// No framework plugin: Vite compiles TSX itself, with Preact's automatic JSX runtime
// (tsconfig.json's jsxImportSource).
export default defineConfig({
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: { outDir: "dist", emptyOutDir: true },
});
