// Serves the built dashboard (dist/) on loopback with Vite's preview server, and the API behind
// /api/nexus through the proxy of nexus-proxy.ts (vite.config.ts), which takes the key from
// NEXUS_SECRET_KEY, NEXUS_ENDPOINT and NEXUS_PROJECT_ID. Prints `dashboard: <url>`. PORT picks
// the port (default: a free one). Stops on Ctrl-C.
import { preview } from "vite";

const server = await preview({
  root: import.meta.dirname,
  logLevel: "warn",
  preview: { host: "127.0.0.1", port: Number(process.env.PORT ?? 0), strictPort: true, open: false },
});
console.log(`dashboard: ${server.resolvedUrls.local[0]}`);
