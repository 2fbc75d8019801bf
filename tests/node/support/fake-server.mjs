// A tiny local HTTP server that records requests and answers with canned responses. Only for what
// the emulator cannot show by design: malformed 2xx bodies, statuses that come from proxies in front
// of the real API, redirects, and the exact bytes the SDK puts on the wire.
import { createServer } from "node:http";

/**
 * Starts a server on an ephemeral loopback port. `respond(request)` returns `{status, body, headers}`
 * (body a string). Returns `{endpoint, requests, close}`; `requests` records every
 * `{method, url, headers, body}` received, in order.
 */
export async function startFakeServer(respond) {
  const requests = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", () => {
      const request = { method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString() };
      requests.push(request);
      const { status = 200, body = "", headers = {} } = respond(request);
      res.writeHead(status, { "content-type": "application/json", "x-request-id": "fake-req-1", ...headers });
      res.end(body);
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** A loopback port with nothing listening on it (bound, then released). */
export async function closedPort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}
