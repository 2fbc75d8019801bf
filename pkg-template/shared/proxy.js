// `nexus-sequences/proxy`: a handler that lets a page use the API without ever holding the
// secret key. The page's keyless client (`new Client(null, { endpoint: "/api/nexus" })`) calls
// the page's own server; this handler, mounted there, forwards the Sequences routes of the
// listed projects, and nothing else, to the API with the key added.
//
// Plain JavaScript on the WHATWG fetch API only (Request, Response, fetch, crypto), so the same
// file runs in Node, Deno, Bun, Cloudflare Workers and framework route handlers; no wasm.
// scripts/build-package.sh appends the route table, header names and error codes generated from
// nexus-wire (nexus-wire-js proxy), copies the result to web/proxy.js and derives
// node/proxy.cjs from it: keep it to `export function` declarations, plain `function`/`const`
// helpers and no imports, so that the derivation stays a plain text rewrite.

/** Body cap when `maxBodyBytes` is not given: a full attribute budget (1 MiB) with room to spare. */
const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

/** What replaces the secret key wherever an upstream answer holds it. */
const REDACTED = "[redacted]";

/**
 * A WHATWG handler `(request) => Promise<Response>` that forwards the Sequences routes of
 * `options.projects` to the API at `options.endpoint` with `options.secretKey` added, and
 * answers everything else with a JSON error in the API's shape (`{code, message}`).
 * Throws a TypeError naming the option when an option is malformed (never showing the key).
 */
export function createProxyHandler(options) {
  const config = proxyConfig(options);
  return async (request) => {
    try {
      return await forward(config, request);
    } catch {
      // Nothing above is meant to throw; if it does, say so without the details, which
      // could hold anything.
      return errorResponse(500, ERROR_CODE.INTERNAL_SERVER, "the proxy failed to handle the request");
    }
  };
}

/**
 * Adapts a WHATWG handler to `node:http`: `(req, res) => void`, for `http.createServer`, Express,
 * Connect or Vite's middleware stack. Paths with dot segments (`..`, `.`, and their encoded
 * forms) are refused here, before the URL is parsed, since parsing would resolve them.
 */
export function toNodeHandler(handler) {
  return (req, res) => {
    answerNode(handler, req, res).catch(() => {
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  };
}

async function answerNode(handler, req, res) {
  const rawPath = String(req.url ?? "/").split("?")[0];
  const response = hasDotSegment(rawPath)
    ? errorResponse(400, ERROR_CODE.BAD_REQUEST, "the path has a dot segment (. or .., maybe percent-encoded), which this server refuses")
    : await handler(nodeRequest(req));
  res.statusCode = response.status;
  response.headers.forEach((value, name) => res.setHeader(name, value));
  const body = new Uint8Array(await response.arrayBuffer());
  // Whatever of the request body the handler did not read (a refused or oversized one) is
  // drained, so that the connection stays usable.
  req.resume();
  res.end(body);
}

/** Whether a raw path has a `.` or `..` segment, literal or percent-encoded. */
function hasDotSegment(rawPath) {
  return rawPath.split("/").some((segment) => /^(\.|%2e){1,2}$/i.test(segment));
}

/** A WHATWG Request of a node:http request; its body is streamed, not buffered. */
function nodeRequest(req) {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (name.startsWith(":") || value === undefined) continue;
    headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  const method = req.method ?? "GET";
  const init = { method, headers };
  if (method !== "GET" && method !== "HEAD") {
    let cancelled = false;
    init.body = new ReadableStream({
      start(controller) {
        req.on("data", (chunk) => cancelled || controller.enqueue(new Uint8Array(chunk)));
        req.on("end", () => cancelled || controller.close());
        req.on("error", (error) => cancelled || controller.error(error));
      },
      cancel() {
        cancelled = true;
      },
    });
    init.duplex = "half";
  }
  return new Request(new URL(String(req.url ?? "/"), "http://localhost"), init);
}

// ----------------------------------------------------------------------------------------
// Options.

/** The checked options; throws a TypeError naming the bad one. */
function proxyConfig(options) {
  if (typeof options !== "object" || options === null) {
    throw new TypeError("createProxyHandler: options must be an object with secretKey and projects");
  }
  const { secretKey, endpoint = DEFAULT_ENDPOINT, projects, methods, basePath = "", maxBodyBytes } = options;
  if (typeof secretKey !== "string" || !/^[\x21-\x7e]{1,4096}$/.test(secretKey)) {
    throw new TypeError("createProxyHandler: secretKey must be a string of 1 to 4096 visible ASCII characters");
  }
  return {
    secretKey,
    endpoint: checkedEndpoint(endpoint, options.allowInsecureHttp === true),
    projects: checkedProjects(projects),
    methods: checkedMethods(methods),
    basePath: checkedBasePath(basePath),
    maxBodyBytes: checkedMaxBodyBytes(maxBodyBytes),
  };
}

function checkedEndpoint(endpoint, allowInsecureHttp) {
  const malformed = () =>
    new TypeError("createProxyHandler: endpoint must be an http(s) URL without credentials, query or fragment, e.g. https://api.datature.io");
  let url;
  try {
    url = new URL(endpoint);
  } catch {
    throw malformed();
  }
  if (!["http:", "https:"].includes(url.protocol) || url.username || url.password || url.search || url.hash) {
    throw malformed();
  }
  const loopback = ["localhost", "[::1]"].includes(url.hostname) || /^127\.\d+\.\d+\.\d+$/.test(url.hostname);
  if (url.protocol === "http:" && !loopback && !allowInsecureHttp) {
    throw new TypeError(
      "createProxyHandler: endpoint uses plain http:// to a host that is not loopback, which would send the secret key unencrypted; use https:// or pass allowInsecureHttp: true",
    );
  }
  return url.origin + url.pathname.replace(/\/+$/, "");
}

function checkedProjects(projects) {
  const message = `createProxyHandler: projects must be a non-empty array of project ids (${PROJECT_ID_PREFIX}…, or the part after it)`;
  if (!Array.isArray(projects) || projects.length === 0) throw new TypeError(message);
  return new Set(
    projects.map((id) => {
      const full = typeof id === "string" && !id.startsWith(PROJECT_ID_PREFIX) ? PROJECT_ID_PREFIX + id : id;
      if (typeof full !== "string" || full === PROJECT_ID_PREFIX || !ID_PATTERN.test(full)) throw new TypeError(message);
      return full;
    }),
  );
}

function checkedMethods(methods) {
  const every = [...new Set(ROUTES.flatMap((route) => route.methods))];
  if (methods === undefined) return new Set(every);
  const message = `createProxyHandler: methods must be a non-empty array of ${every.join(", ")}`;
  if (!Array.isArray(methods) || methods.length === 0) throw new TypeError(message);
  return new Set(
    methods.map((method) => {
      const upper = typeof method === "string" ? method.toUpperCase() : method;
      if (!every.includes(upper)) throw new TypeError(message);
      return upper;
    }),
  );
}

function checkedBasePath(basePath) {
  const path = typeof basePath === "string" ? basePath.replace(/\/+$/, "") : null;
  if (path === null || (path !== "" && !/^(\/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)+$/.test(path)) || hasDotSegment(path)) {
    throw new TypeError('createProxyHandler: basePath must be a path such as "/api/nexus" (letters, digits, - _ . ~ between slashes), or "" for the root');
  }
  return path;
}

function checkedMaxBodyBytes(maxBodyBytes) {
  if (maxBodyBytes === undefined) return DEFAULT_MAX_BODY_BYTES;
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 1) {
    throw new TypeError("createProxyHandler: maxBodyBytes must be a positive integer");
  }
  return maxBodyBytes;
}

// ----------------------------------------------------------------------------------------
// Forwarding.

async function forward(config, request) {
  const url = new URL(request.url);
  const method = request.method.toUpperCase();
  const where = `${method} ${url.pathname}`;
  const prefix = `${config.basePath}/`;
  if (!url.pathname.startsWith(prefix)) return notFound(config, where);
  const [projects, projectId, segment, ...rest] = url.pathname.slice(prefix.length).split("/");
  const route = ROUTES.find((candidate) => candidate.segment === segment && candidate.sequenceId === (rest.length === 1));
  // Each segment is compared as it arrived, undecoded: an id of the contract's syntax can hold
  // no `%`, `/` or `.`, so no encoded traversal or separator gets through.
  if (
    projects !== PROJECTS_SEGMENT ||
    route === undefined ||
    rest.length > 1 ||
    !ID_PATTERN.test(projectId) ||
    (route.sequenceId && !ID_PATTERN.test(rest[0]))
  ) {
    return notFound(config, where);
  }
  if (!config.projects.has(projectId)) {
    return errorResponse(403, ERROR_CODE.FORBIDDEN, redact(`this server gives no access to the project ${projectId}`, config.secretKey));
  }
  const allowed = route.methods.filter((m) => config.methods.has(m));
  if (!allowed.includes(method)) {
    const message = allowed.length === 0 ? `${where} is not allowed by this server` : `${where} is not allowed by this server (allowed: ${allowed.join(", ")})`;
    return errorResponse(405, ERROR_CODE.METHOD_NOT_ALLOWED, redact(message, config.secretKey), { Allow: allowed.join(", ") });
  }

  // Only the key and the caller's Idempotency-Key go upstream: none of the caller's own
  // headers (its Secret-Key, cookies, Authorization, hop-by-hop headers) are copied.
  const headers = new Headers({ [HEADER.SECRET_KEY]: config.secretKey, Accept: "application/json" });
  const idempotencyKey = request.headers.get(HEADER.IDEMPOTENCY_KEY);
  if (idempotencyKey !== null) headers.set(HEADER.IDEMPOTENCY_KEY, idempotencyKey);
  let body;
  if (method === "PATCH" || method === "POST") {
    body = await cappedBody(request, config.maxBodyBytes);
    if (body === null) {
      return errorResponse(413, ERROR_CODE.PAYLOAD_TOO_LARGE, `the request body is over this server's limit of ${config.maxBodyBytes} bytes`);
    }
    headers.set("Content-Type", "application/json");
  }
  const path = [PROJECTS_SEGMENT, projectId, route.segment, ...rest].join("/");
  let upstream;
  try {
    // Redirects are not followed: the key would go wherever one points.
    upstream = await fetch(`${config.endpoint}/${path}${url.search}`, { method, headers, body, redirect: "manual" });
  } catch (error) {
    const cause = error instanceof Error ? `: ${error.message}` : "";
    return errorResponse(502, ERROR_CODE.BAD_GATEWAY, redact(`the API could not be reached${cause}`, config.secretKey));
  }
  if (upstream.type === "opaqueredirect" || (upstream.status >= 300 && upstream.status < 400)) {
    await upstream.body?.cancel();
    return errorResponse(502, ERROR_CODE.BAD_GATEWAY, "the API answered with a redirect, which this server does not follow");
  }
  return relay(upstream, config.secretKey);
}

function notFound(config, where) {
  return errorResponse(404, ERROR_CODE.RESOURCE_NOT_FOUND, redact(`${where} is not a route this server forwards`, config.secretKey));
}

/** The request's body as bytes, or null when it is over `max` bytes (read no further). */
async function cappedBody(request, max) {
  const declared = Number(request.headers.get("content-length"));
  if (declared > max) {
    await request.body?.cancel();
    return null;
  }
  if (request.body === null) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** The upstream answer, with only the contract's headers and the key masked everywhere. */
async function relay(upstream, secretKey) {
  const contentType = redact(upstream.headers.get("content-type") ?? "application/json", secretKey);
  const headers = new Headers({ "Content-Type": contentType, "Cache-Control": "no-store" });
  for (const name of [HEADER.REQUEST_ID, HEADER.RETRY_AFTER, HEADER.IDEMPOTENT_REPLAYED]) {
    const value = upstream.headers.get(name);
    if (value !== null) headers.set(name, redact(value, secretKey));
  }
  const body = redactJson(await upstream.text(), secretKey);
  return new Response(upstream.status === 204 ? null : body, { status: upstream.status, headers });
}

/** `text` with every occurrence of `secretKey` masked. */
function redact(text, secretKey) {
  return text.split(secretKey).join(REDACTED);
}

/**
 * A JSON body with the key masked, also where it is `\u`-escaped: such a body is written again
 * with only the escapes JSON needs, then masked in the form the key takes inside a JSON string
 * (a key with `"` or `\\` in it stands there as `\\"` or `\\\\`).
 */
function redactJson(text, secretKey) {
  if (text.includes("\\")) {
    try {
      const plain = JSON.stringify(JSON.parse(text));
      const inJson = JSON.stringify(secretKey).slice(1, -1);
      if (plain.includes(inJson)) return redact(plain, inJson);
    } catch {
      // Not JSON: masked as text below.
    }
  }
  return redact(text, secretKey);
}

/** An error in the API's shape, `{code, message}`, with a request id of the proxy's own. */
function errorResponse(status, code, message, extraHeaders = {}) {
  const headers = {
    "Content-Type": "application/json",
    "Cache-Control": "no-store",
    [HEADER.REQUEST_ID]: `proxy_${crypto.randomUUID()}`,
    ...extraHeaders,
  };
  return new Response(JSON.stringify({ code, message }), { status, headers });
}
