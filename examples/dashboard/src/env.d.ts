/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** The emulator's address, baked in by scripts/dashboard.sh to prefill the connect form. */
  readonly VITE_NEXUS_ENDPOINT?: string;
}
