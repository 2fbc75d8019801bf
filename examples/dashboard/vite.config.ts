import { defineConfig } from "vite";
import { nexusProxy } from "./nexus-proxy.ts";

// No framework plugin: Vite compiles TSX itself, with Preact's automatic JSX runtime
// (tsconfig.json's jsxImportSource). nexusProxy() is the dashboard's server side: the API
// behind /api/nexus, with the key from the environment.
export default defineConfig({
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: { outDir: "dist", emptyOutDir: true },
  plugins: [nexusProxy()],
});
