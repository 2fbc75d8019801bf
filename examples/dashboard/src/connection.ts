// Where the dashboard connects, in one of two modes:
// - "proxy" (the default): a keyless client calls this dashboard's own server at /api/nexus,
//   which adds the key (nexus-proxy.ts); the page never holds the key.
// - "key" (an explicit choice, for local use): the page holds the key itself, kept in
//   sessionStorage only (gone when the tab closes; never in the URL, localStorage or a log line).
import { Client, type Project } from "nexus-sequences";
import { PROXY_PATH } from "./proxyPath";

export type ConnectionMode = "proxy" | "key";

/** What the connect form edits; `endpoint` and `secretKey` are used in "key" mode only. */
export interface ConnectionSettings {
  mode: ConnectionMode;
  endpoint: string;
  secretKey: string;
  projectId: string;
}

export interface Connection {
  settings: ConnectionSettings;
  client: Client;
  project: Project;
}

/** The local emulator's demo project; the key is never part of the page (type it, or use the proxy). */
export const DEMO_SETTINGS: ConnectionSettings = {
  mode: "proxy",
  endpoint: import.meta.env.VITE_NEXUS_ENDPOINT ?? "http://127.0.0.1:4100",
  secretKey: "",
  projectId: import.meta.env.VITE_NEXUS_PROJECT_ID ?? "proj_demo0000000000000000000000000000",
};

const STORAGE_KEY = "nexus-dashboard.connection";

/** Builds the client; throws the SDK's ValidationError for a malformed key, endpoint or id. */
export function connect(settings: ConnectionSettings): Connection {
  const client =
    settings.mode === "proxy"
      ? new Client(null, { endpoint: PROXY_PATH })
      : new Client(settings.secretKey, { endpoint: settings.endpoint });
  try {
    return { settings, client, project: client.getProject(settings.projectId) };
  } catch (error) {
    client.free();
    throw error;
  }
}

/** Where the client sends its requests, for the header. */
export function endpointOf(settings: ConnectionSettings): string {
  return settings.mode === "proxy" ? PROXY_PATH : settings.endpoint;
}

/** Keeps the tab's settings; in "proxy" mode there is no key to keep. */
export function saveSettings(settings: ConnectionSettings): void {
  const kept = settings.mode === "proxy" ? { mode: settings.mode, projectId: settings.projectId } : settings;
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(kept));
}

export function forgetSettings(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}

/** The settings of this tab's last successful connect, if any. */
export function savedSettings(): ConnectionSettings | null {
  try {
    const value: unknown = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? "null");
    if (typeof value !== "object" || value === null) return null;
    const { mode, endpoint, secretKey, projectId } = value as Record<string, unknown>;
    if (typeof projectId !== "string") return null;
    if (mode === "proxy") return { ...DEMO_SETTINGS, mode, projectId };
    if (mode !== "key" || typeof endpoint !== "string" || typeof secretKey !== "string") return null;
    return { mode, endpoint, secretKey, projectId };
  } catch {
    return null;
  }
}
