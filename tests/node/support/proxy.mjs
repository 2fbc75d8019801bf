// The proxy handler of `nexus-sequences/proxy` served over real HTTP, and what the proxy
// suites observe it with: a recording server between it and the emulator (the exact headers
// the proxy sends upstream), and raw requests whose paths no client would normalise.
import { createServer, request as httpRequest } from "node:http";
import { createProxyHandler, toNodeHandler } from "nexus-sequences/proxy";

/** Where the suites mount the proxy, as a dashboard would. */
export const BASE_PATH = "/api/nexus";

/** Starts `handler` (node:http style) on a free loopback port; answers `{url, close}`. */
export async function serve(handler) {
  const server = createServer(handler);
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  };
}

/**
 * The proxy (`createProxyHandler(options)` through `toNodeHandler`) on a free loopback port,
 * mounted at BASE_PATH unless `options.basePath` says otherwise. Answers `{url, endpoint, close}`:
 * `endpoint` is what a keyless client is given.
 */
export async function startProxy(options) {
  const basePath = options.basePath ?? BASE_PATH;
  const server = await serve(toNodeHandler(createProxyHandler({ basePath, ...options })));
  return { ...server, endpoint: server.url + basePath };
}

/**
 * A server that records every request (`{method, url, headers, body}`, headers as received) and
 * forwards it unchanged to `target`, answering what `target` answers: put between the proxy and
 * the emulator, it shows exactly what the proxy sent. Answers `{url, requests, close}`.
 */
export async function startRecorder(target) {
  const requests = [];
  const server = await serve(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const body = Buffer.concat(chunks);
    requests.push({ method: req.method, url: req.url, headers: req.headers, body: body.toString() });
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(([name]) => !["host", "connection", "content-length"].includes(name)),
    );
    const upstream = await fetch(target + req.url, {
      method: req.method,
      headers,
      body: body.length > 0 ? body : undefined,
      redirect: "manual",
    });
    res.writeHead(upstream.status, Object.fromEntries(upstream.headers));
    res.end(Buffer.from(await upstream.arrayBuffer()));
  });
  return { ...server, requests };
}

/**
 * One request with `path` sent exactly as written (no URL normalisation, unlike fetch), with
 * `headers` and an optional `body` (a string, or an array of chunks sent without a
 * Content-Length). Answers `{status, headers, body, json}`.
 */
export function rawRequest(baseUrl, { method = "GET", path, headers = {}, body }) {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, method, path, headers }, (res) => {
      const chunks = [];
      res.on("data", (chunk) => chunks.push(chunk));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString();
        let json = null;
        try {
          json = JSON.parse(text);
        } catch {
          // Not JSON: the test says so.
        }
        resolve({ status: res.statusCode, headers: res.headers, body: text, json });
      });
    });
    req.on("error", reject);
    if (Array.isArray(body)) for (const chunk of body) req.write(chunk);
    else if (body !== undefined) req.write(body);
    req.end();
  });
}
