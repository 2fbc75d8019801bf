// Type declarations of `nexus-sequences/proxy` (written by hand: the module is plain JavaScript,
// pkg-template/shared/proxy.js, with no Rust behind it).

/** The methods of the API's Sequences routes. */
export type ProxyMethod = "GET" | "PATCH" | "DELETE" | "POST";

/** Options of {@link createProxyHandler}. */
export interface ProxyOptions {
  /** The secret key added to every forwarded request; it never appears in an answer. */
  secretKey: string;
  /** The API's base URL (default `https://api.datature.io`); plain `http://` only to loopback. */
  endpoint?: string;
  /** Allow a plain `http://` endpoint that is not loopback (sends the key unencrypted). */
  allowInsecureHttp?: boolean;
  /** The projects whose Sequences routes are forwarded (`proj_…`, or the part after it). */
  projects: readonly string[];
  /** The methods forwarded (default all four); a read-only dashboard passes `["GET"]`. */
  methods?: readonly ProxyMethod[];
  /**
   * Where the handler is mounted: a request for `${basePath}/projects/…` is forwarded as
   * `/projects/…` (default `""`, the root). The page's client uses it as its endpoint.
   */
  basePath?: string;
  /** Largest request body forwarded, in bytes (default 4 MiB); larger ones get a 413. */
  maxBodyBytes?: number;
}

/** A WHATWG fetch handler, as Cloudflare Workers, Deno, Bun and route handlers take it. */
export type ProxyHandler = (request: Request) => Promise<Response>;

/**
 * A handler that forwards the Sequences routes of `options.projects` to the API with the
 * secret key added, and answers anything else with a JSON error in the API's shape
 * (`{code, message}`: 404 for other paths, 403 for other projects, 405 for other methods,
 * 413 for oversized bodies, 502 when the API cannot be reached).
 * @throws {TypeError} on a malformed option, naming it.
 */
export declare function createProxyHandler(options: ProxyOptions): ProxyHandler;

/** The parts of a `node:http` request the adapter reads (an `http.IncomingMessage`). */
export interface NodeRequestLike {
  method?: string | undefined;
  url?: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  on(event: "data", listener: (chunk: Uint8Array) => void): unknown;
  on(event: "end", listener: () => void): unknown;
  on(event: "error", listener: (error: Error) => void): unknown;
  resume(): unknown;
}

/** The parts of a `node:http` response the adapter writes (an `http.ServerResponse`). */
export interface NodeResponseLike {
  statusCode: number;
  readonly headersSent: boolean;
  setHeader(name: string, value: string): unknown;
  end(body?: Uint8Array): unknown;
}

/**
 * Adapts a handler to `node:http` (`http.createServer(toNodeHandler(handler))`), Express,
 * Connect or Vite's middleware. Refuses paths with dot segments (`..`, `%2e%2e`) outright.
 */
export declare function toNodeHandler(
  handler: ProxyHandler,
): (request: NodeRequestLike, response: NodeResponseLike) => void;
