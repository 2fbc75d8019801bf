// Where the dashboard connects, and the one place the secret key is kept: sessionStorage
// (gone when the tab closes; never in the URL, localStorage or a log line).
import { Client, type Project } from "nexus-sequences";

export interface ConnectionSettings {
  endpoint: string;
  secretKey: string;
  projectId: string;
}

export interface Connection {
  settings: ConnectionSettings;
  client: Client;
  project: Project;
}

/** The local emulator's demo project (`nexus-emulator serve --seed demo`). */
export const DEMO_SETTINGS: ConnectionSettings = {
  endpoint: import.meta.env.VITE_NEXUS_ENDPOINT ?? "http://127.0.0.1:4100",
  secretKey: "demo-secret-key-0000000000000000",
  projectId: "proj_demo0000000000000000000000000000",
};

const STORAGE_KEY = "nexus-dashboard.connection";

/** Builds the client; throws the SDK's ValidationError for a malformed key, endpoint or id. */
export function connect(settings: ConnectionSettings): Connection {
  const client = new Client(settings.secretKey, { endpoint: settings.endpoint });
  try {
    return { settings, client, project: client.getProject(settings.projectId) };
  } catch (error) {
    client.free();
    throw error;
  }
}

export function saveSettings(settings: ConnectionSettings): void {
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(settings));
}

export function forgetSettings(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}

/** The settings of this tab's last successful connect, if any. */
export function savedSettings(): ConnectionSettings | null {
  try {
    const value: unknown = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? "null");
    if (typeof value !== "object" || value === null) return null;
    const { endpoint, secretKey, projectId } = value as Record<string, unknown>;
    if (typeof endpoint !== "string" || typeof secretKey !== "string" || typeof projectId !== "string") return null;
    return { endpoint, secretKey, projectId };
  } catch {
    return null;
  }
}
