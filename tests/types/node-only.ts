// What a Node-only backend writes (tsconfig.node.json): an environment variable that may be
// unset, a signal that may be absent, and Node's own fetch as the transport.
import { Client } from "nexus-sequences";
import type { ClientOptions, LastResponse, NexusHooks } from "nexus-sequences";

const maybeSignal: AbortSignal | undefined = process.env["NEXUS_ABORTABLE"] ? new AbortController().signal : undefined;
const hooks: NexusHooks = {
  onRequest: ({ method, url, attempt, headers }) => console.log(method, url, attempt, headers["secret-key"]),
  onRetry: ({ delayMs, error }) => console.log(delayMs, error.retryAfterMs),
};
const options: ClientOptions = {
  endpoint: process.env["NEXUS_ENDPOINT"],
  signal: maybeSignal,
  fetch: (request) => fetch(request),
  hooks,
  defaultHeaders: { "x-team": "vision" },
};
const nodeClient = new Client(process.env["NEXUS_SECRET_KEY"] ?? "", options);

export async function newestRequestId(): Promise<string | null> {
  const page = await nodeClient.getProject("proj_1").sequences.list(undefined, undefined, { signal: maybeSignal });
  const response: LastResponse | undefined = page.lastResponse;
  return response?.requestId ?? null;
}
