// A tiny local HTTP server answering every request with one canned response. Only for what the
// emulator cannot produce by design: malformed 2xx bodies and statuses such as 502/504 that come from
// proxies in front of the real API.
import { createServer } from "node:http";

/**
 * Starts a server on an ephemeral loopback port. `respond(req)` returns `{status, body, headers}`
 * (body a string). Returns `{endpoint, requests, close}`; `requests` records `{method, url, headers}`.
 */
export async function startFakeServer(respond) {
  const requests = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method, url: req.url, headers: req.headers });
    req.resume();
    req.on("end", () => {
      const { status = 200, body = "", headers = {} } = respond(req);
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
