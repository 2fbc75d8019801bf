// The keyless client and `nexus-sequences/proxy` as a TypeScript user writes them (checked with
// example.ts: tsc --strict --noEmit -p tests/types).
import { Client } from "nexus-sequences";
import { createProxyHandler, toNodeHandler, type ProxyHandler, type ProxyOptions } from "nexus-sequences/proxy";

// The page: no key, the endpoint is the page's own server.
const keyless: Client = new Client(null, { endpoint: "/api/nexus" });
void keyless.getProject("proj_b705a").sequences.list({ limit: 20 });

// The server: the key stays here.
const options: ProxyOptions = {
  secretKey: "5aa41e8ba0c0ffee",
  endpoint: "https://api.datature.io",
  projects: ["proj_b705a"],
  methods: ["GET", "PATCH"],
  basePath: "/api/nexus",
  maxBodyBytes: 1_048_576,
};
const handler: ProxyHandler = createProxyHandler(options);
export default { fetch: handler } satisfies { fetch: (request: Request) => Promise<Response> };
export const onNodeRequest = toNodeHandler(handler);

// @ts-expect-error: the proxy forwards only the API's methods.
createProxyHandler({ ...options, methods: ["PUT"] });
// @ts-expect-error: the proxy needs the projects it serves.
createProxyHandler({ secretKey: "k" });
// @ts-expect-error: a key is a string or null, never a number.
new Client(42);
