// The dashboard's server side: a Vite plugin that mounts nexus-sequences' proxy handler at
// /api/nexus on the dev server and on the preview server (serve.mjs), so that the page calls the
// API with a keyless client and the secret key stays in this Node process. The key, endpoint and
// project come from the environment (NEXUS_SECRET_KEY, NEXUS_ENDPOINT, NEXUS_PROJECT_ID), which
// Vite never hands to the page: only VITE_-prefixed variables reach client code.
import type { IncomingMessage, ServerResponse } from "node:http";
import { createProxyHandler, toNodeHandler } from "nexus-sequences/proxy";
import type { Connect, Plugin } from "vite";
import { PROXY_PATH } from "./src/proxyPath.ts";

/** The proxy as Connect middleware, or one answering 503 when the environment names no key. */
function middleware(env: NodeJS.ProcessEnv): Connect.NextHandleFunction {
  const { NEXUS_SECRET_KEY: secretKey, NEXUS_ENDPOINT: endpoint, NEXUS_PROJECT_ID: projects } = env;
  const forward =
    secretKey === undefined || projects === undefined
      ? null
      : toNodeHandler(
          createProxyHandler({
            secretKey,
            projects: projects.split(","),
            basePath: PROXY_PATH,
            ...(endpoint === undefined ? {} : { endpoint }),
          }),
        );
  return (request: IncomingMessage, response: ServerResponse, next: () => void) => {
    // Connect strips a mount path from request.url, which the handler needs: match it here.
    const url = request.url ?? "/";
    if (url !== PROXY_PATH && !url.startsWith(`${PROXY_PATH}/`) && !url.startsWith(`${PROXY_PATH}?`)) return next();
    if (forward !== null) return forward(request, response);
    response.statusCode = 503;
    response.setHeader("Content-Type", "application/json");
    response.end(
      JSON.stringify({
        code: "ServiceUnavailableError",
        message: "the dashboard's server has no key: start it with NEXUS_SECRET_KEY and NEXUS_PROJECT_ID (and NEXUS_ENDPOINT) set",
      }),
    );
  };
}

/** Mounts the proxy on Vite's dev server and preview server. */
export function nexusProxy(env: NodeJS.ProcessEnv = process.env): Plugin {
  return {
    name: "nexus-proxy",
    configureServer(server) {
      server.middlewares.use(middleware(env));
    },
    configurePreviewServer(server) {
      server.middlewares.use(middleware(env));
    },
  };
}
