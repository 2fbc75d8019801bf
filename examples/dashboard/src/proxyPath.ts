/** Where the dashboard's server mounts the API (nexus-proxy.ts): the keyless client's endpoint. */
export const PROXY_PATH = "/api/nexus";
